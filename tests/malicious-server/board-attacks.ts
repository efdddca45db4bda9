/**
 * Attacks on the bulletin board: the lying server edits its log and, holding the log key, signs
 * fresh tree heads over the log it made up. A re-signed log passes L2 (the harness checks it), so
 * what catches these is L1 and L3 (and, in lifecycle-attacks.ts, L4 and the credential checks):
 * the record must say so by itself. Last, the one rewrite only a voter's receipt exposes.
 * @module
 */
import { signTreeHead, fromHex } from '@evident/e2e-crypto';
import type { ReceiptAttack, RecordAttack } from './attack-types.js';
import {
  ballotFileOf,
  ballotOf,
  forgedBallotEntry,
  madeUpCredential,
  signedAs,
  voterCredential,
} from './forge.js';

/** The heads alone: what the log key protects (L2). */
export const headAttacks: readonly RecordAttack[] = [
  {
    kind: 'record',
    name: 'forge a tree head without the key',
    does: 'changes the time of a signed tree head, keeping its signature',
    check: 'L2.A',
    apply: (liar) => {
      liar.heads[3] = { ...liar.heads[3]!, timestamp: liar.heads[3]!.timestamp + 1 };
      liar.saveBoard();
    },
  },
  {
    kind: 'record',
    name: "present another log's heads",
    does: 'signs the heads of this log with its key but under the id of another election',
    check: 'L2.A',
    apply: (liar, fx) => {
      liar.heads = liar.heads.map((h) =>
        signTreeHead(fx.logSecretKey, 'e2', h.treeSize, fromHex(h.rootHash), h.timestamp),
      );
      liar.saveBoard();
    },
  },
  {
    kind: 'record',
    name: 'rewrite an entry without re-signing',
    does: "changes a ballot entry's time and keeps the signed heads",
    check: 'L2.B',
    apply: (liar) => {
      liar.rewriteEntry(liar.find('ballot'), (e) => void (e.time += 1)).saveBoard();
    },
  },
  {
    kind: 'record',
    name: 'truncate the log',
    does: 'drops the last entries of the log (publish, count) and keeps the heads',
    check: 'L2.D',
    apply: (liar) => {
      liar.entries.splice(-3);
      liar.saveBoard();
    },
  },
  {
    kind: 'record',
    name: 'append without signing',
    does: 'appends an entry that no signed head covers',
    check: 'L2.D',
    apply: (liar) => {
      liar.appendEntry({ type: 'close', reason: 'administrator', time: Date.now() }).saveBoard();
    },
  },
  {
    kind: 'record',
    name: 'heads out of order',
    does: 'publishes two signed heads in the wrong order',
    check: 'L2.C',
    apply: (liar) => {
      [liar.heads[2], liar.heads[3]] = [liar.heads[3]!, liar.heads[2]!];
      liar.saveBoard();
    },
  },
];

/** The log rewritten and re-signed: L1 and L3 (record = log). */
export const logAttacks: readonly RecordAttack[] = [
  {
    kind: 'record',
    name: 'two encodings of one entry',
    does: 'publishes a ballot entry in a non-canonical JSON form and re-signs the heads',
    check: 'L1.B',
    apply: (liar) => {
      const i = liar.find('ballot');
      liar.rewriteText(i, JSON.stringify(liar.entries[i], null, 1).replace(/\n/g, ''));
      liar.resignTreeHeads().saveBoard();
    },
  },
  {
    kind: 'record',
    name: 'setup entry not first',
    does: 'moves the key-ceremony entry before the setup entry and re-signs',
    check: 'L1.C',
    breaksL2: 'the log key and id are read from the setup entry, which is no longer first',
    apply: (liar) => {
      liar.moveEntry(1, 0).resignTreeHeads().saveBoard();
    },
  },
  {
    kind: 'record',
    name: 'drop a ballot from the log',
    does: "drops voter-1's ballot entry from the log (renumbering) and re-signs; the record keeps it",
    check: 'L3.B',
    apply: (liar, fx) => {
      liar
        .dropEntry(ballotOf(liar, fx, 'voter-1'))
        .resignTreeHeads()
        .saveBoard();
    },
  },
  {
    kind: 'record',
    name: 'a ballot twice on the board',
    does: "appends a copy of voter-4's ballot entry before the close and re-signs",
    check: 'L3.B',
    apply: (liar, fx) => {
      const i = ballotOf(liar, fx, 'voter-4');
      liar
        .insertEntry(i + 1, structuredClone(liar.entries[i]!))
        .resignTreeHeads()
        .saveBoard();
    },
  },
  {
    kind: 'record',
    name: 'reorder a revote',
    does: "moves voter-2's second ballot before the first, the supersession following, and re-signs",
    check: 'L3.D',
    apply: (liar, fx) => {
      liar.moveEntry(ballotOf(liar, fx, 'voter-2', 1), ballotOf(liar, fx, 'voter-2', 0));
      liar.resignTreeHeads().saveBoard();
    },
  },
  {
    kind: 'record',
    name: 'drop a supersession',
    does: "drops the supersession of voter-2's first ballot and re-signs",
    check: 'L3.C',
    apply: (liar) => {
      liar.dropEntry(liar.find('supersession')).resignTreeHeads().saveBoard();
    },
  },
  {
    kind: 'record',
    name: 'a ballot of a made-up credential',
    does: 'inserts before the close a valid ballot signed with a credential it never published, and re-signs',
    check: 'L3.E',
    apply: async (liar, fx) => {
      const close = liar.find('close');
      const e = await forgedBallotEntry(fx, madeUpCredential(fx), 'o2', liar.entries[close]!.time);
      liar.insertEntry(close, e).resignTreeHeads().saveBoard();
    },
  },
  {
    kind: 'record',
    name: 'drop the credentials entry',
    does: 'drops the published list of credentials and re-signs',
    check: 'L3.E',
    apply: (liar) => {
      liar.dropEntry(liar.find('credentials')).resignTreeHeads().saveBoard();
    },
  },
  {
    kind: 'record',
    name: 'change the opened values of a challenge',
    does: "publishes another option as the challenged ballot's choice and re-signs",
    check: 'L3.H',
    apply: (liar) => {
      liar.rewriteEntry(liar.find('challenged-ballot'), (e) => {
        const marks = e.opened.c1 as Record<string, number>;
        const chosen = Object.keys(marks).find((o) => marks[o] === 1)!;
        const other = Object.keys(marks).find((o) => marks[o] === 0)!;
        [marks[chosen], marks[other]] = [0, 1];
      });
      liar.resignTreeHeads().saveBoard();
    },
  },
  {
    kind: 'record',
    name: 'skip the proof check',
    does: "publishes voter-4's ballot with a broken range proof (re-signed by the voter) on the board and in the record, re-signs",
    check: '5.D',
    apply: (liar, fx) => {
      const i = ballotOf(liar, fx, 'voter-4');
      const sub = structuredClone(liar.entries[i]!.submission);
      const v: string[] = sub.ballot.contests[0].selections[0].proof.v;
      v[0] = v[0]!.slice(0, -1) + (v[0]!.endsWith('0') ? '1' : '0'); // still < q: the proof fails, not the range
      const signed = signedAs(fx, voterCredential(fx, 'voter-4'), sub);
      liar
        .rewriteEntry(i, (e) => void (e.submission = signed))
        .resignTreeHeads()
        .saveBoard();
      liar.rewriteJsonLines(
        ballotFileOf(fx, 'voter-4'),
        (b) => void (b.contests[0].selections[0].proof.v[0] = v[0]!.toUpperCase()),
      );
    },
  },
  {
    kind: 'record',
    name: 'change the manifest on the board',
    does: "renames an option in the setup entry's manifest and re-signs",
    check: 'L3.A',
    apply: (liar) => {
      liar.rewriteEntry(0, (e) => void (e.manifest.contests[0].options[0].name = { en: 'Someone else' }));
      liar.resignTreeHeads().saveBoard();
    },
  },
  {
    kind: 'record',
    name: 'change the tally on the board and in the record',
    does: 'adds a vote to an option in the tally-decryption entry and tally.json, and re-signs',
    check: '9.B',
    apply: (liar) => {
      const bump = (t: { contests: { selections: { value: number }[] }[] }) => {
        t.contests[0]!.selections[0]!.value += 1;
      };
      liar.rewriteEntry(liar.find('tally-decryption'), (e) => bump(e.tally));
      liar.rewriteJson('tally.json', bump);
      liar.resignTreeHeads().saveBoard();
    },
  },
];

/** History rewritten and re-signed: the voter's receipt (a signed head with its ballot) exposes it. */
export const receiptAttacks: readonly ReceiptAttack[] = [
  {
    kind: 'receipt',
    name: 'erase a receipted ballot from history',
    does: "drops voter-1's ballot from the board and the record and re-signs every head with the log key",
    voter: 'voter-1',
    apply: (liar, fx) => {
      liar
        .dropEntry(ballotOf(liar, fx, 'voter-1'))
        .resignTreeHeads()
        .saveBoard();
      liar.rewriteJsonLines(ballotFileOf(fx, 'voter-1'), () => null);
    },
  },
];
