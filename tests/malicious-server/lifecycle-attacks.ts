/**
 * Attacks on what the log says happened when: credentials published after opening, twice, or
 * the identity; ballots before opening or after the close; lifecycle entries out of order; a
 * ballot replayed under another credential. The lying server re-signs every head, so the log's
 * own order and contents (L4, C1, C5) must catch them.
 * @module
 */
import type { RecordAttack } from './attack-types.js';
import { ballotOf, forgedBallotEntry, madeUpCredential, signedAs, voterCredential } from './forge.js';

/** Credentials, claims and the lifecycle on the log (the checks of the log's order and contents). */
export const lifecycleAttacks: readonly RecordAttack[] = [
  {
    kind: 'record',
    name: 'a credential added after opening',
    does: 'appends a credentials entry after open with its own credential, casts with it, re-signs',
    check: 'L4.A',
    apply: async (liar, fx) => {
      const c = madeUpCredential(fx);
      const close = liar.find('close');
      const time = liar.entries[close]!.time;
      liar.insertEntry(close, { type: 'credentials', credentials: [c.hex], time });
      liar.insertEntry(close + 1, await forgedBallotEntry(fx, c, 'o2', time));
      liar.resignTreeHeads().saveBoard();
    },
  },
  {
    kind: 'record',
    name: 'open twice',
    does: 'inserts a second open entry after the first ballot and re-signs',
    check: 'L4.B',
    apply: (liar) => {
      const b = liar.find('ballot');
      liar
        .insertEntry(b + 1, { type: 'open', time: liar.entries[b]!.time })
        .resignTreeHeads()
        .saveBoard();
    },
  },
  {
    kind: 'record',
    name: 'publish before the end',
    does: 'moves the publish entry before the ranked count and re-signs',
    check: 'L4.B',
    apply: (liar) => {
      liar.moveEntry(liar.find('publish'), liar.find('ranked-count')).resignTreeHeads().saveBoard();
    },
  },
  {
    kind: 'record',
    name: 'tally before the close',
    does: 'moves the close entry after the encrypted tally and re-signs',
    check: 'L4.B',
    apply: (liar) => {
      liar.moveEntry(liar.find('close'), liar.find('encrypted-tally')).resignTreeHeads().saveBoard();
    },
  },
  {
    kind: 'record',
    name: 'a ballot before opening',
    does: "moves voter-1's ballot before the open entry and re-signs",
    check: 'L4.C',
    apply: (liar, fx) => {
      liar
        .moveEntry(ballotOf(liar, fx, 'voter-1'), liar.find('open'))
        .resignTreeHeads()
        .saveBoard();
    },
  },
  {
    kind: 'record',
    name: 'a ballot after the close',
    does: "moves the close entry before voter-4's ballot and re-signs",
    check: 'L4.C',
    apply: (liar, fx) => {
      liar
        .moveEntry(liar.find('close'), ballotOf(liar, fx, 'voter-4'))
        .resignTreeHeads()
        .saveBoard();
    },
  },
  {
    kind: 'record',
    name: 'a ballot after the close instant',
    does: "schedules the close (a schedule entry) before voter-4's ballot's time, keeps the ballot, re-signs",
    check: 'L4.C',
    apply: (liar, fx) => {
      const i = ballotOf(liar, fx, 'voter-4');
      const t = liar.entries[i]!.time as number;
      const closeAt = new Date(t - 60_000).toISOString().slice(0, 16); // a minute before, local time in UTC
      liar.insertEntry(i, {
        type: 'schedule',
        timeZone: 'UTC',
        closeAt,
        closeAtInstant: Date.parse(`${closeAt}:00Z`),
        time: liar.entries[i - 1]!.time,
      });
      liar.resignTreeHeads().saveBoard();
    },
  },
  {
    kind: 'record',
    name: 'a credential published twice',
    does: "lists voter-1's credential twice in the credentials entry and re-signs",
    check: 'C1',
    apply: (liar, fx) => {
      const hex = voterCredential(fx, 'voter-1').hex;
      liar.rewriteEntry(liar.find('credentials'), (e) => {
        e.credentials = [...e.credentials, hex].sort();
      });
      liar.resignTreeHeads().saveBoard();
    },
  },
  {
    kind: 'record',
    name: 'the identity as a credential',
    does: 'publishes the group identity (s = 0, a key anyone can sign with) as a credential and re-signs',
    check: 'C1',
    apply: (liar, fx) => {
      const G = fx.el.client.ctx.G;
      const identity = Buffer.from(G.encode(G.one)).toString('hex').toUpperCase();
      liar.rewriteEntry(liar.find('credentials'), (e) => {
        e.credentials = [...e.credentials, identity].sort();
      });
      liar.resignTreeHeads().saveBoard();
    },
  },
  {
    kind: 'record',
    name: 'a replayed ballot',
    does: "accepts voter-1's ballot again under voter-4's credential (re-signed by it) before the close, re-signs",
    check: 'C5',
    apply: (liar, fx) => {
      const v1 = liar.entries[ballotOf(liar, fx, 'voter-1')]!;
      const close = liar.find('close');
      const submission = signedAs(fx, voterCredential(fx, 'voter-4'), v1.submission);
      liar.insertEntry(close, { type: 'ballot', submission, time: liar.entries[close]!.time });
      liar.resignTreeHeads().saveBoard();
    },
  },
];
