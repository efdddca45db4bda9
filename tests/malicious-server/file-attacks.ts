/**
 * Attacks on the exported files: the lying server publishes a record that differs from what
 * happened (its board left as it was, or the board deleted). The record's own checks (1–15) and
 * the record-equals-board checks (L3) must name the changed file.
 * @module
 */
import { createHash } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { RecordAttack } from './attack-types.js';
import { disguiseAsServerless, stripBoardFromManifest } from './disguise.js';
import { ballotFileOf } from './forge.js';

type Selection = { alpha: string; beta: string };

/** `v` with the candidate names `a` and `b` exchanged wherever they appear (keys and values). */
function swapNames(v: unknown, a: string, b: string): unknown {
  const other = (x: string) => (x === a ? b : x === b ? a : x);
  if (typeof v === 'string') return other(v);
  if (Array.isArray(v)) return v.map((x) => swapNames(x, a, b));
  if (v && typeof v === 'object')
    return Object.fromEntries(Object.entries(v).map(([k, x]) => [other(k), swapNames(x, a, b)]));
  return v;
}

/** The ballots, the tallies and the challenged ballots. */
export const fileAttacks: readonly RecordAttack[] = [
  {
    kind: 'record',
    name: "rewrite a ballot's ciphertext",
    does: "swaps two selections' ciphertexts of voter-1's cast ballot in its ballot file",
    check: '7.B',
    apply: (liar, fx) => {
      liar.rewriteJsonLines(ballotFileOf(fx, 'voter-1'), (b) => {
        const s = b.contests[0].selections as Selection[];
        [s[0], s[1]] = [
          { ...s[0]!, alpha: s[1]!.alpha, beta: s[1]!.beta },
          { ...s[1]!, alpha: s[0]!.alpha, beta: s[0]!.beta },
        ];
      });
    },
  },
  {
    kind: 'record',
    name: 'drop a ballot from the record',
    does: "deletes voter-4's only ballot line from its ballot file",
    check: 'L3.B',
    apply: (liar, fx) => {
      liar.rewriteJsonLines(ballotFileOf(fx, 'voter-4'), () => null);
    },
  },
  {
    kind: 'record',
    name: 'count a superseded ballot',
    does: "marks voter-2's superseded ballot cast in the record",
    check: 'L3.C',
    apply: (liar, fx) => {
      liar.rewriteJsonLines(ballotFileOf(fx, 'voter-2'), (b) => void (b.state = 'cast'));
    },
  },
  {
    kind: 'record',
    name: 'count a challenged ballot',
    does: "marks voter-3's challenged ballot cast in the record",
    check: 'L3.C',
    apply: (liar, fx) => {
      liar.rewriteJsonLines(ballotFileOf(fx, 'voter-3'), (b) => void (b.state = 'cast'));
    },
  },
  {
    kind: 'record',
    name: 'change the encrypted tally',
    does: "swaps two options' ciphertexts in encrypted-tally.json",
    check: '8.A',
    apply: (liar) => {
      liar.rewriteJson('encrypted-tally.json', (t) => {
        const s = t.contests[0].selections as Selection[];
        [s[0], s[1]] = [
          { ...s[0]!, alpha: s[1]!.alpha, beta: s[1]!.beta },
          { ...s[1]!, alpha: s[0]!.alpha, beta: s[0]!.beta },
        ];
      });
    },
  },
  {
    kind: 'record',
    name: 'change the published tally',
    does: 'adds a vote to an option in tally.json, the board unchanged',
    check: 'L3.F',
    apply: (liar) => {
      liar.rewriteJson('tally.json', (t) => void (t.contests[0].selections[0].value += 1));
    },
  },
  {
    kind: 'record',
    name: 'change the manifest',
    does: 'renames an option in manifest.json',
    check: '1.C',
    apply: (liar) => {
      liar.rewriteJson('manifest.json', (m) => void (m.contests[0].options[0].name = { en: 'Someone else' }));
    },
  },
  {
    kind: 'record',
    name: "replace a guardian's key",
    does: "swaps guardian 1's and guardian 2's public key commitments in election-initialized.json",
    check: 'L3.A',
    apply: (liar) => {
      liar.rewriteJson('election-initialized.json', (init) => {
        const [a, b] = init.guardians as { commitments: string[] }[];
        [a!.commitments, b!.commitments] = [b!.commitments, a!.commitments];
      });
    },
  },
  {
    kind: 'record',
    name: 'hide a challenged ballot',
    does: 'deletes the decryption of the challenged ballot from challenged.jsonl',
    check: '13.G',
    apply: (liar) => {
      liar.rewriteJsonLines('challenged.jsonl', () => null);
    },
  },
  {
    kind: 'record',
    name: "change a device's closing hash",
    does: "publishes another closing hash for voter-1's device in devices.json",
    check: '7.G',
    apply: (liar) => {
      liar.rewriteJson('devices.json', (d) => {
        const h = String(d.devices[0].closingHash);
        d.devices[0].closingHash = (h.startsWith('0') ? '1' : '0') + h.slice(1);
      });
    },
  },
  {
    kind: 'record',
    name: 'change the quorum',
    does: 'publishes quorum 1 instead of 2 in election-config.json (one guardian could decrypt alone)',
    check: '1.D',
    apply: (liar) => {
      liar.rewriteJson('election-config.json', (c) => void (c.quorum = 1));
    },
  },
  {
    kind: 'record',
    name: "change a challenged ballot's decryption",
    does: 'moves the challenged vote to another option in challenged.jsonl',
    check: '12.B',
    apply: (liar) => {
      liar.rewriteJsonLines('challenged.jsonl', (d) => {
        const s = d.contests[0].selections as { value: number }[];
        const i = s.findIndex((x) => x.value === 1);
        s[i]!.value = 0;
        s[(i + 1) % s.length]!.value = 1;
      });
    },
  },
  {
    kind: 'record',
    name: 'delete the board',
    does: 'publishes a server-made record (online-* devices) without its board/ folder',
    check: 'L1.D',
    apply: (liar) => {
      liar.remove('board');
    },
  },
  {
    kind: 'record',
    name: 'disguise as a record made without a server',
    does: 'renames every online-* device to device-<n>, re-chains its confirmation codes and deletes board/',
    check: 'L1.D',
    apply: (liar) => disguiseAsServerless(liar),
  },
  {
    kind: 'record',
    name: 'strip the board from the manifest',
    does: "disguises the record as above, and removes the manifest's bulletinBoard and recomputes H_M, H_B and H_E to match: the ballots' and decryptions' proofs are bound to the old H_E",
    check: '5.D',
    apply: (liar) => {
      stripBoardFromManifest(liar);
      disguiseAsServerless(liar);
    },
  },
];

/** Ranked contests: the mix chain, its decryption and the count (spec/ranked-choice.md). */
export const rankedAttacks: readonly RecordAttack[] = [
  {
    kind: 'record',
    name: 'change the ranked count',
    does: 'adds an exhausted ballot to round 1 of ranked/mayor/count.json',
    check: 'K3',
    apply: (liar) => {
      liar.rewriteJson('ranked/mayor/count.json', (v) => {
        v.result.rounds[0].exhausted += 1;
      });
    },
  },
  {
    kind: 'record',
    name: "swap two voters' ranked rows",
    does: "swaps two ballots' rows in ranked/mayor/inputs.json (ids kept)",
    check: 'L3.G',
    apply: (liar) => {
      liar.rewriteJson('ranked/mayor/inputs.json', (v) => {
        const [a, b] = v.ballots as Record<string, unknown>[];
        v.ballots[0] = { ...b, id: a!.id };
        v.ballots[1] = { ...a, id: b!.id };
      });
    },
  },
  {
    kind: 'record',
    name: 'mix twice as one guardian',
    does: 'names guardian 1 as the mixer of both stages in ranked/mayor/mix-chain/chain.json',
    check: 'C4',
    apply: (liar) => {
      liar.rewriteJson('ranked/mayor/mix-chain/chain.json', (v) => void (v.stages[1].guardian = 1));
    },
  },
  {
    kind: 'record',
    name: 'swap two candidates',
    does: 'swaps the names of the first two candidates in ranked/mayor/inputs.json and count.json',
    check: '15.A',
    apply: (liar) => {
      liar.rewriteJson(
        'ranked/mayor/inputs.json',
        (v) => void (v.contest = swapNames(v.contest, 'Ada', 'Bo')),
      );
      liar.rewriteJson('ranked/mayor/count.json', (v) => swapNames(v, 'Ada', 'Bo'));
    },
  },
  {
    kind: 'record',
    name: 'delete the ranked results',
    does: 'deletes the whole ranked/ folder',
    check: '15.A',
    apply: (liar) => {
      liar.remove('ranked');
    },
  },
  {
    kind: 'record',
    name: 'a count that is not the board’s',
    does: "publishes in count.json another count than the board's ranked-count entry (two candidates' names swapped)",
    check: 'L3.I',
    apply: (liar) => {
      liar.rewriteJson('ranked/mayor/count.json', (v) => swapNames(v, 'Ada', 'Bo'));
    },
  },
  {
    kind: 'record',
    name: 'end the log before the ranked results',
    does: 'drops the ranked decryption, count and publish entries and re-signs; the record keeps its ranked files',
    check: 'L3.I',
    apply: (liar) => {
      liar.entries.splice(liar.find('ranked-decryption'));
      liar.resignTreeHeads().saveBoard();
    },
  },
  {
    kind: 'record',
    name: 'a mix chain that is not the board’s',
    does: "names guardian 3 as the mixer of stage 2 in mix-chain/chain.json; the board's mix-stage entry says guardian 2",
    check: 'L3.I',
    apply: (liar) => {
      liar.rewriteJson('ranked/mayor/mix-chain/chain.json', (v) => {
        v.stages[1].guardian = v.stages[1].guardian === 2 ? 3 : 2;
      });
    },
  },
  {
    kind: 'record',
    name: 'swap a stage’s files after accepting it',
    does: "exchanges the first two output rows of stage 2 in ranked/mayor/mix-chain/stage-1/outputs.bin: not the file whose SHA-256 the board's mix-stage entry carries",
    check: 'L3.I',
    apply: (liar) => {
      const path = join(liar.dir, 'ranked/mayor/mix-chain/stage-1/outputs.bin');
      const b = readFileSync(path);
      const row =
        b.length / JSON.parse(readFileSync(join(liar.dir, 'ranked/mayor/mix-chain/chain.json'), 'utf8')).N;
      const first = Buffer.from(b.subarray(0, row));
      b.copy(b, 0, row, 2 * row);
      first.copy(b, row);
      writeFileSync(path, b);
    },
  },
  {
    kind: 'record',
    name: 'a decryptions.json that is not the board’s',
    does: "publishes ranked/mayor/decryptions.json re-serialised (indented): the same decryptions, which steps D accept, but not the file whose SHA-256 the board's ranked-decryption entry carries",
    check: 'L3.I',
    apply: (liar) => {
      const i = liar.find('ranked-decryption', (e) => e.contestId === 'mayor');
      if (liar.entries[i]!.version !== 2)
        throw new Error('the ranked-decryption entry does not name its file');
      liar.rewriteJson('ranked/mayor/decryptions.json', () => undefined);
    },
  },
  {
    kind: 'record',
    name: 'a mix stage without its guardian’s signature',
    does: "removes the guardian's signature of stage 1 from mix-chain/chain.json and from the board's mix-stage entry, re-signs",
    check: 'C4',
    apply: (liar) => {
      liar.rewriteJson('ranked/mayor/mix-chain/chain.json', (v) => {
        if (!('signature' in v.stages[0])) throw new Error('mix stages carry no guardian signature');
        delete v.stages[0].signature;
      });
      liar.rewriteEntry(liar.find('mix-stage'), (e) => void delete e.signature);
      liar.resignTreeHeads().saveBoard();
    },
  },
  {
    kind: 'record',
    name: 'a ranked request that is not the last stages’',
    does: "posts the ranked decryption-request entry (version 2) with the digest of another request than the one the last stages' outputs.bin make, re-signs",
    check: 'L3.L',
    apply: (liar) => {
      const i = liar.find('decryption-request', (e) => e.kind === 'ranked' && e.version === 2);
      liar.rewriteEntry(i, (e) => {
        e.digest = createHash('sha256').update('another request').digest('hex').toUpperCase();
      });
      liar.resignTreeHeads().saveBoard();
    },
  },
  {
    kind: 'record',
    name: 'a ranked upload its guardian did not sign',
    does: "names other content in guardian 1's ranked partial-decryption entry (version 2: the content's SHA-256, not the file), keeps the guardian's signature, re-signs",
    check: 'L3.K',
    apply: (liar) => {
      const i = liar.find('partial-decryption', (e) => e.kind === 'ranked' && e.version === 2);
      liar.rewriteEntry(i, (e) => {
        e.contentDigest = createHash('sha256').update('other partials').digest('hex').toUpperCase();
      });
      liar.resignTreeHeads().saveBoard();
    },
  },
  {
    kind: 'record',
    name: 'drop an announced ranked decryption',
    does: 'deletes ranked/mayor/decryptions.json, which the board announces',
    check: 'L3.J',
    apply: (liar) => {
      liar.remove('ranked/mayor/decryptions.json');
    },
  },
];
