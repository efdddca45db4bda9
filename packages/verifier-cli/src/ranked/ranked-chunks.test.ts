/**
 * Steps B and D in chunks (./step-b.ts, ./step-d.ts): with two ballots per chunk, the six-ballot
 * contest spans three chunks; each finding still names the absolute ballot or row, B4 finds a
 * repeated ciphertext across chunks, C1 the first row another chunk found different, and the
 * findings are the same as with one chunk. B4's sort (`repeatedAlphas`) agrees with a plain map.
 */
import { cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { failed, makeRankedRecord, rankedCtx } from '../../../../tests/support/ranked-contest-record.js';
import { ALPHA_PREFIX } from './ballots-chunk.js';
import { repeatedAlphas } from './step-b.js';
import { verifyRankedContests } from './verify-ranked.js';

let base = '';
let root = '';
beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'evident-ranked-chunks-'));
  base = await makeRankedRecord(join(root, 'base'));
});
afterAll(async () => {
  if (root) await rm(root, { recursive: true, force: true });
});

let n = 0;
/** A copy of the record with `file`'s text edited. */
async function edited(file: string, edit: (text: string) => string): Promise<string> {
  const dir = join(root, `t${n++}`);
  await cp(base, dir, { recursive: true });
  const path = join(dir, 'ranked', 'mayor', file);
  await writeFile(path, edit(await readFile(path, 'latin1')), 'latin1');
  return dir;
}
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- a test edits arbitrary JSON
const json = (edit: (v: any) => void) => (text: string) => {
  const v = JSON.parse(text);
  edit(v);
  return JSON.stringify(v);
};
const inChunks = (dir: string, chunkSize: number) => verifyRankedContests(dir, { ...rankedCtx, chunkSize });
const where = (steps: Awaited<ReturnType<typeof inChunks>>) =>
  failed(steps).map((f) => `${f.step} ${f.check} ${f.location}`);

describe('ranked steps B and D in chunks of two', () => {
  it('verifies, every ballot and decryption counted', async () => {
    const steps = await inChunks(base, 2);
    expect(steps.map((s) => [s.id, s.status, s.checked])).toEqual([
      ['B:mayor', 'passed', 6],
      ['C:mayor', 'passed', 3],
      ['D:mayor', 'passed', 18],
      ['K:mayor', 'passed', 1],
    ]);
  });

  it('B4: a ciphertext of chunk 1 repeated in chunk 3 names both ballots', async () => {
    const dir = await edited(
      'inputs.json',
      json((v) => (v.ballots[5].row[2] = v.ballots[0].row[1])),
    );
    const b4 = failed(await inChunks(dir, 2)).filter((f) => f.check === 'B4');
    expect(b4).toEqual([
      expect.objectContaining({
        location: 'ranked/mayor/inputs.json ballots[5].row[2]',
        message: 'repeats the ciphertext at ballots[0].row[1]',
      }),
    ]);
  });

  it('a bad proof, a bad element and a schema problem in later chunks name absolute ballots', async () => {
    const flip = (h: string) => h.slice(0, -1) + (h.endsWith('0') ? '1' : '0');
    const dir = await edited(
      'inputs.json',
      json((v) => {
        v.ballots[4].proofs[0].v[0] = flip(v.ballots[4].proofs[0].v[0]);
        v.ballots[3].row[0].alpha = 'zz';
      }),
    );
    const f = where(await inChunks(dir, 2));
    expect(f).toContain('B:mayor B1 ranked/mayor/inputs.json ballots[3].row[0].alpha');
    expect(f.some((l) => l.startsWith('B:mayor B2 ranked/mayor/inputs.json ballots[4].proofs[0]'))).toBe(
      true,
    );
    const extra = await edited(
      'inputs.json',
      json((v) => (v.ballots[5].extra = 1)),
    );
    expect(where(await inChunks(extra, 2))).toEqual(['B:mayor B1 ranked/mayor/inputs.json ballots[5].extra']);
  });

  it('an element that is not JSON names its ballot; a file that is not JSON names its byte', async () => {
    // structurally sound for the scan, but 01 is no JSON number: ballot 2's own parse fails
    const dir = await edited('inputs.json', (t) => {
      const at = t.indexOf('"id":"b-3"');
      return t.slice(0, at) + '"n":01,' + t.slice(at);
    });
    const steps = await inChunks(dir, 2);
    expect(where(steps)).toEqual(['B:mayor B1 ranked/mayor/inputs.json ballots[2]']);
    expect(steps.slice(1).map((s) => s.status)).toEqual(['skipped', 'skipped', 'skipped']);
    const cut = await edited('inputs.json', (t) => t.slice(0, 5000));
    const c = failed(await inChunks(cut, 2));
    expect(c.map((x) => [x.check, x.location])).toEqual([['B1', 'ranked/mayor/inputs.json']]);
    expect(c[0]!.message).toMatch(/^not valid JSON at byte \d+/);
  });

  it('C1: a row of inputs.bin swapped in chunk 3 is the first differing row', async () => {
    const RB = 2 * 3 * 32;
    const dir = join(root, `t${n++}`);
    await cp(base, dir, { recursive: true });
    const path = join(dir, 'ranked', 'mayor', 'mix-chain', 'inputs.bin');
    const b = await readFile(path);
    const row4 = Buffer.from(b.subarray(4 * RB, 5 * RB));
    b.copy(b, 4 * RB, 5 * RB, 6 * RB);
    row4.copy(b, 5 * RB);
    await writeFile(path, b);
    expect(where(await inChunks(dir, 2))).toEqual(['C:mayor C1 ranked/mayor/mix-chain/inputs.bin[4]']);
  });

  it('D: a decryption of chunk 3 and a plaintext of chunk 2 name their absolute rows', async () => {
    const dir = await edited(
      'decryptions.json',
      json((v) => {
        v.rows[4][1] = v.rows[3][1];
        v.plaintexts[2].writeIns = ['X'];
      }),
    );
    expect(where(await inChunks(dir, 2))).toEqual([
      'D:mayor D3 ranked/mayor/decryptions.json plaintexts[2].writeIns',
      'D:mayor D2 ranked/mayor/decryptions.json rows[4][1]',
    ]);
    const short = await edited(
      'decryptions.json',
      json((v) => v.plaintexts.pop()),
    );
    expect(where(await inChunks(short, 2))).toEqual(['D:mayor D3 ranked/mayor/decryptions.json plaintexts']);
  });

  it('D: a last output that is no group element, in chunk 3, is D1 naming its row and element', async () => {
    const RB = 2 * 3 * 32;
    const dir = join(root, `t${n++}`);
    await cp(base, dir, { recursive: true });
    const path = join(dir, 'ranked', 'mayor', 'mix-chain', 'stage-2', 'outputs.bin');
    const b = await readFile(path);
    b.fill(0xff, 4 * RB, 4 * RB + 32);
    await writeFile(path, b);
    const d = failed(await inChunks(dir, 2)).filter((f) => f.step === 'D:mayor');
    expect(d.map((f) => `${f.check} ${f.location}`)).toEqual([
      'D1 ranked/mayor/mix-chain/stage-2/outputs.bin[4][0].alpha',
    ]);
  });

  it('the findings with chunks of 1, 2 and 4 are those with one chunk', async () => {
    const dir = await edited(
      'inputs.json',
      json((v) => {
        v.ballots[1].row[1] = v.ballots[4].row[0];
        v.ballots[2].writeInProofs[0].c = v.ballots[3].writeInProofs[0].c;
      }),
    );
    const one = await inChunks(dir, 512);
    expect(failed(one).length).toBeGreaterThan(1);
    for (const size of [1, 2, 4]) expect(await inChunks(dir, size)).toEqual(one);
  });
});

describe('repeatedAlphas (B4 across chunks)', () => {
  it('property: the repeats a map of prefixes finds, in order, each naming the first', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 4 }),
        fc.array(fc.integer({ min: 0, max: 6 }), { minLength: 1, maxLength: 60 }),
        fc.array(fc.boolean(), { minLength: 20, maxLength: 20 }),
        (w, picks, undecoded) => {
          const rows = Math.ceil(picks.length / w);
          const prefixes = new Uint8Array(rows * w * ALPHA_PREFIX);
          picks.forEach((p, i) => {
            prefixes[i * ALPHA_PREFIX] = p & 1; // the sort key's bits
            prefixes[i * ALPHA_PREFIX + ALPHA_PREFIX - 1] = p; // and the last byte
          });
          const decoded = Uint8Array.from({ length: rows }, (_, r) => (undecoded[r % 20] ? 0 : 1));
          const want: [number, number][] = [];
          const first = new Map<string, number>();
          for (let i = 0; i < rows * w; i++) {
            if (!decoded[Math.floor(i / w)]) continue;
            const key = prefixes.subarray(i * ALPHA_PREFIX, (i + 1) * ALPHA_PREFIX).join(',');
            const j = first.get(key);
            if (j === undefined) first.set(key, i);
            else want.push([i, j]);
          }
          expect(repeatedAlphas(prefixes, decoded, w)).toEqual(want);
        },
      ),
      { numRuns: 500 },
    );
  });
});
