/**
 * L3.J on small records: every file a board entry announces must be in the record, reported
 * once per file at the first entry announcing it; a ranked contest nobody voted in has no files.
 * The digests of the ranked parts are the same hashed from the canonical texts L1.B kept.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { canonicalJsonString } from '@evident/e2e-crypto';
import fc from 'fast-check';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { stepCollector } from '../report.js';
import { boardPartOf, checkPartsPresent, partFile } from './board-parts.js';
import { canonicalEntry } from './canonical-parts.js';

const entries = [
  { type: 'encrypted-tally', encryptedTally: {} },
  { type: 'mix-inputs', contestId: 'mayor', ballots: [1, 2] },
  { type: 'mix-inputs', contestId: 'council', ballots: [] },
  { type: 'mix-stage', contestId: 'mayor', stage: 0, guardian: { id: 'g1', x: 1 }, outputs: [], proof: {} },
  { type: 'mix-stage', contestId: 'mayor', stage: 1, guardian: { id: 'g2', x: 2 }, outputs: [], proof: {} },
  { type: 'tally-decryption', tally: {} },
  { type: 'challenged-decryption', decryption: {} },
  { type: 'challenged-decryption', decryption: {} },
  { type: 'ranked-decryption', contestId: 'mayor', method: 'threshold', rows: [], plaintexts: [] },
  { type: 'ranked-count', contestId: 'mayor', result: {} },
  { type: 'ranked-count', contestId: 'council', result: {} },
  { type: 'ranked-count', contestId: '../../etc', result: {} },
  { type: 'publish' },
];
const parts = entries.flatMap((e, i) => boardPartOf(e, i) ?? []);

let dir = '';
beforeEach(() => (dir = mkdtempSync(join(tmpdir(), 'evident-l3j-'))));
afterEach(() => rmSync(dir, { recursive: true, force: true }));
const run = () => {
  const l3 = stepCollector('L3', 'test');
  checkPartsPresent(dir, l3, parts);
  return l3.done().failures.map((f) => [f.check, f.location, f.message]);
};

describe('L3.J every part the board announces is in the record', () => {
  it('names each missing file once, with the first log line announcing it', () => {
    const at = (type: string, line: number) =>
      `missing: announced by the ${type} entry at board/log.jsonl:${line}`;
    expect(run()).toEqual([
      ['L3.J', 'encrypted-tally.json', at('encrypted-tally', 1)],
      ['L3.J', 'ranked/mayor/inputs.json', at('mix-inputs', 2)],
      ['L3.J', 'ranked/mayor/mix-chain/chain.json', at('mix-stage', 4)],
      ['L3.J', 'tally.json', at('tally-decryption', 6)],
      ['L3.J', 'challenged.jsonl', at('challenged-decryption', 7)],
      ['L3.J', 'ranked/mayor/decryptions.json', at('ranked-decryption', 9)],
      ['L3.J', 'ranked/mayor/count.json', at('ranked-count', 10)],
    ]);
  });

  it('passes when every announced file is there', () => {
    mkdirSync(join(dir, 'ranked', 'mayor', 'mix-chain'), { recursive: true });
    for (const p of parts.filter((x) => !['council', '../../etc'].includes(x.contestId ?? '')))
      writeFileSync(join(dir, partFile(p)), '{}');
    expect(run()).toEqual([]);
  });

  it('boardPartOf: other entries announce nothing; a ranked entry without its fields is malformed', () => {
    expect(boardPartOf({ type: 'ballot' }, 3)).toBeUndefined();
    expect(() => boardPartOf({ type: 'mix-stage' }, 3)).toThrow(TypeError);
    expect(() => boardPartOf({ type: 'mix-inputs', contestId: 'x', ballots: ['a'] }, 3)).toThrow(TypeError);
  });

  it('boardPartOf: the same digests from the canonical texts L1.B kept, hex in either case (property)', () => {
    const hex = fc.stringMatching(/^[0-9A-Fa-f]{6}$/);
    const ct = fc.record({ alpha: hex, beta: hex });
    const entry = fc.oneof(
      fc.record({
        type: fc.constant('mix-stage'),
        contestId: fc.constant('mayor'),
        stage: fc.nat(3),
        guardian: fc.record({ id: fc.string(), x: fc.nat(5) }),
        outputs: fc.array(fc.array(ct)),
        proof: fc.record({ c: hex, v: fc.array(hex) }),
        signature: fc.option(hex, { nil: undefined }),
      }),
      fc.record({
        type: fc.constant('ranked-decryption'),
        contestId: fc.constant('mayor'),
        method: fc.constant('threshold'),
        rows: fc.array(fc.array(fc.record({ a: hex, v: hex }))),
        plaintexts: fc.array(fc.record({ ranks: fc.array(fc.nat(4)) })),
      }),
      fc.record({
        type: fc.constant('ranked-count'),
        contestId: fc.constant('mayor'),
        result: fc.jsonValue(),
      }),
    );
    fc.assert(
      fc.property(entry, (e0) => {
        const texts = [JSON.stringify(e0)];
        try {
          texts.push(canonicalJsonString(JSON.parse(texts[0]!)));
        } catch {
          // not JSON of integers: no canonical text
        }
        for (const text of texts) {
          const e = JSON.parse(text) as Record<string, unknown>;
          let want: unknown;
          try {
            want = boardPartOf(e, 7);
          } catch (err) {
            want = (err as Error).constructor.name;
          }
          let got: unknown;
          try {
            got = boardPartOf(e, 7, canonicalEntry(e, text, 4).parts);
          } catch (err) {
            got = (err as Error).constructor.name;
          }
          expect(got).toEqual(want);
        }
      }),
      { numRuns: 300 },
    );
  });
});
