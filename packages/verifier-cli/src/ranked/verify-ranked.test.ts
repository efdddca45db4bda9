/**
 * The ranked-contest record hook (spec/mixnet.md §8): a written folder verifies; changing an input
 * row, an output, a proof value, a decryption, a plaintext or a count number, or breaking a file,
 * makes a numbered step fail naming the file and field.
 */
import { cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  failed,
  makeRankedRecord,
  rankedCtx as ctx,
} from '../../../../tests/support/ranked-contest-record.js';
import type { StepResult } from '../report.js';
import { verifyRankedContests } from './verify-ranked.js';

let base = '';
let root = '';

beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'evident-ranked-'));
  base = await makeRankedRecord(join(root, 'base'));
});
afterAll(async () => {
  if (root) await rm(root, { recursive: true, force: true });
});

let n = 0;
/** Copies the base record, edits one file's JSON, and verifies the copy. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- a test edits arbitrary JSON
async function tampered(file: string, edit: (v: any) => void): Promise<StepResult[]> {
  const dir = join(root, `t${n++}`);
  await cp(base, dir, { recursive: true });
  const path = join(dir, 'ranked', 'mayor', file);
  const v = JSON.parse(await readFile(path, 'utf8'));
  edit(v);
  await writeFile(path, JSON.stringify(v));
  return verifyRankedContests(dir, ctx);
}
const flip = (hex: string) => hex.slice(0, -1) + (hex.endsWith('0') ? '1' : '0');
const chain = (f: string) => join('mix-chain', f);
/** Copies the base record, changes the bytes of a chain file (under mix-chain/), and verifies. */
async function tamperedBytes(file: string, edit: (b: Buffer) => Buffer): Promise<StepResult[]> {
  const dir = join(root, `t${n++}`);
  await cp(base, dir, { recursive: true });
  const path = join(dir, 'ranked', 'mayor', file);
  await writeFile(path, edit(await readFile(path)));
  return verifyRankedContests(dir, ctx);
}
const RB = 2 * 3 * 32; // bytes per row of this contest: w = 3 ciphertexts of two 32-byte elements

describe('ranked contest record', () => {
  it('verifies: steps B, C, D, K pass', async () => {
    const steps = await verifyRankedContests(base, ctx);
    expect(steps.map((s) => [s.id, s.status])).toEqual([
      ['B:mayor', 'passed'],
      ['C:mayor', 'passed'],
      ['D:mayor', 'passed'],
      ['K:mayor', 'passed'],
    ]);
    expect(steps[0]!.checked).toBe(6);
    expect(await verifyRankedContests(join(root, 'nowhere'), ctx)).toEqual([]);
  });

  it('a changed input row (another ballot’s ciphertext) fails B2 and the chain', async () => {
    const f = failed(await tampered('inputs.json', (v) => (v.ballots[2].row[0] = v.ballots[1].row[1])));
    expect(f).toContainEqual(
      expect.objectContaining({
        step: 'B:mayor',
        check: 'B2',
        location: 'ranked/mayor/inputs.json ballots[2].proofs[0]',
      }),
    );
    expect(f).toContainEqual(expect.objectContaining({ check: 'B4' }));
    // the chain's inputs file no longer holds the rows of inputs.json
    expect(f).toContainEqual(
      expect.objectContaining({
        step: 'C:mayor',
        check: 'C1',
        location: 'ranked/mayor/mix-chain/inputs.bin[2]',
      }),
    );
  });

  it('reordered output rows of a middle stage fail C2 at that stage', async () => {
    const f = failed(
      await tamperedBytes(chain('stage-1/outputs.bin'), (b) =>
        Buffer.concat([b.subarray(RB, 2 * RB), b.subarray(0, RB), b.subarray(2 * RB)]),
      ),
    );
    expect(f[0]).toMatchObject({ step: 'C:mayor' });
    expect(f[0]!.check).toMatch(/^C2\/M[3-9]$/);
    expect(f[0]!.location.startsWith('ranked/mayor/mix-chain/stage-1/')).toBe(true);
  });

  it('a changed proof value fails C2/M* naming the field; a non-member fails M2 naming file and row', async () => {
    const f = failed(await tampered(chain('stage-0/proof-head.json'), (v) => (v.s1 = flip(v.s1))));
    expect(f).toEqual([
      expect.objectContaining({
        step: 'C:mayor',
        check: 'C2/M5',
        location: 'ranked/mayor/mix-chain/stage-0/proof.t1',
      }),
    ]);
    const g = failed(
      await tamperedBytes(chain('stage-2/cHat.bin'), (b) => {
        b.fill(0xff, 3 * 32, 4 * 32);
        return b;
      }),
    );
    expect(g).toEqual([
      expect.objectContaining({ check: 'M2', location: 'ranked/mayor/mix-chain/stage-2/cHat.bin[3]' }),
    ]);
    const h = failed(await tampered(chain('stage-1/proof-head.json'), (v) => (v.t2 = 'FF'.repeat(32))));
    expect(h.map((x) => [x.check, x.location])).toEqual([
      ['M2', 'ranked/mayor/mix-chain/stage-1/proof-head.json: t2'],
    ]);
  });

  it('a truncated, extended or missing file of a stage is M1 naming it', async () => {
    const t = failed(await tamperedBytes(chain('stage-0/sHat.bin'), (b) => b.subarray(0, b.length - 32)));
    expect(t.map((x) => [x.check, x.location])).toEqual([['M1', 'ranked/mayor/mix-chain/stage-0/sHat.bin']]);
    const e = failed(
      await tamperedBytes(chain('stage-2/outputs.bin'), (b) => Buffer.concat([b, b.subarray(0, 1)])),
    );
    expect(e.map((x) => [x.check, x.location])).toEqual([
      ['M1', 'ranked/mayor/mix-chain/stage-2/outputs.bin'],
    ]);
    const dir = join(root, `t${n++}`);
    await cp(base, dir, { recursive: true });
    await rm(join(dir, 'ranked', 'mayor', chain('stage-1/tHat.bin')));
    const m = failed(await verifyRankedContests(dir, ctx));
    expect(m.map((x) => [x.check, x.location])).toEqual([['M1', 'ranked/mayor/mix-chain/stage-1/tHat.bin']]);
  });

  it('a stage removed from chain.json, or N or w changed, is C1', async () => {
    const f = failed(await tampered(chain('chain.json'), (v) => v.stages.pop()));
    expect(f.filter((x) => x.step === 'C:mayor').map((x) => [x.check, x.location])).toEqual([
      ['C1', 'ranked/mayor/mix-chain/chain.json stages'],
    ]);
    expect(f.some((x) => x.step === 'D:mayor' && x.check === 'D2')).toBe(true); // decrypts stage 2's outputs
    const g = failed(await tampered(chain('chain.json'), (v) => (v.N = 5)));
    expect(g.map((x) => [x.check, x.location])).toEqual([['C1', 'ranked/mayor/mix-chain/chain.json N']]);
    const h = failed(await tampered(chain('chain.json'), (v) => (v.w = 2)));
    expect(h.map((x) => [x.check, x.location])).toEqual([['C1', 'ranked/mayor/mix-chain/chain.json w']]);
  });

  it('property: any one byte changed in any file of the chain is a finding of step C, never a throw', async () => {
    const files = [
      'inputs.bin',
      ...[0, 1, 2].flatMap((j) =>
        ['outputs.bin', 'c.bin', 'cHat.bin', 'tHat.bin', 'sHat.bin', 'sPrime.bin'].map(
          (f) => `stage-${j}/${f}`,
        ),
      ),
    ];
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(...files),
        fc.nat(),
        fc.integer({ min: 1, max: 255 }),
        async (f, at, x) => {
          const steps = await tamperedBytes(chain(f), (b) => {
            b[at % b.length]! ^= x;
            return b;
          });
          const c = steps.find((s) => s.id === 'C:mayor')!;
          expect(c.status).toBe('failed');
          expect(c.failures[0]!.location).toMatch(/^ranked\/mayor\/mix-chain\//);
        },
      ),
      { numRuns: 12 },
    );
  });

  it('an in-memory mix-chain.json (version 1) is refused with C1 naming it', async () => {
    const dir = join(root, `t${n++}`);
    await cp(base, dir, { recursive: true });
    await rm(join(dir, 'ranked', 'mayor', 'mix-chain'), { recursive: true });
    await writeFile(
      join(dir, 'ranked', 'mayor', 'mix-chain.json'),
      '{"format":"evident-ranked/mix-chain","version":1}',
    );
    const steps = await verifyRankedContests(dir, ctx);
    expect(steps.map((s) => s.status)).toEqual(['passed', 'failed', 'skipped', 'skipped']);
    expect(steps[1]!.failures[0]).toMatchObject({ check: 'C1', location: 'ranked/mayor/mix-chain.json' });
    expect(steps[1]!.failures[0]!.message).toMatch(/version 1 is not read/);
  });

  it('a changed decryption fails D2; a changed plaintext fails D3', async () => {
    const f = failed(await tampered('decryptions.json', (v) => (v.rows[4][1] = v.rows[3][1])));
    expect(f.filter((x) => x.step === 'D:mayor')).toEqual([
      expect.objectContaining({ check: 'D2', location: 'ranked/mayor/decryptions.json rows[4][1]' }),
    ]);
    const p = failed(
      await tampered(
        'decryptions.json',
        (v) => (v.plaintexts[0].ranks[0] = (v.plaintexts[0].ranks[0] % 3) + 1),
      ),
    );
    expect(p).toEqual([
      expect.objectContaining({ check: 'D3', location: 'ranked/mayor/decryptions.json plaintexts[0].ranks' }),
    ]);
    const v2 = failed(
      await tampered('decryptions.json', (v) => (v.rows[0][0].proof.v = flip(v.rows[0][0].proof.v))),
    );
    expect(v2.map((x) => x.location)).toEqual(['ranked/mayor/decryptions.json rows[0][0]']);
  });

  it('a changed count number fails K3; a changed winner K4', async () => {
    const f = failed(
      await tampered(
        'count.json',
        (v) => (v.result.rounds[0].tallies.Ada = String(Number(v.result.rounds[0].tallies.Ada) + 1)),
      ),
    );
    expect(f).toEqual([
      expect.objectContaining({
        step: 'K:mayor',
        check: 'K3',
        location: 'ranked/mayor/count.json result.rounds[0].tallies',
      }),
    ]);
    const g = failed(await tampered('count.json', (v) => (v.result.elected = ['Cy'])));
    expect(g[0]).toMatchObject({ check: 'K4', location: 'ranked/mayor/count.json result.elected' });
    const h = failed(await tampered('count.json', (v) => (v.result.validBallots = 7)));
    expect(h[0]).toMatchObject({ check: 'K2', location: 'ranked/mayor/count.json result.validBallots' });
  });

  it('unreadable files become failed checks naming file and field; later steps are skipped', async () => {
    const dir = join(root, 'broken');
    await cp(base, dir, { recursive: true });
    await writeFile(join(dir, 'ranked', 'mayor', 'mix-chain', 'chain.json'), '{not json');
    const steps = await verifyRankedContests(dir, ctx);
    expect(steps.map((s) => s.status)).toEqual(['passed', 'failed', 'skipped', 'skipped']);
    expect(steps[1]!.failures[0]).toMatchObject({
      check: 'C1',
      location: 'ranked/mayor/mix-chain/chain.json',
      message: 'not valid JSON',
    });
    const b = failed(await tampered('inputs.json', (v) => (v.ballots[1].row[0].beta = 'zz')));
    expect(b).toEqual([
      expect.objectContaining({
        step: 'B:mayor',
        check: 'B1',
        location: 'ranked/mayor/inputs.json ballots[1].row[0].beta',
      }),
    ]);
    // one encoding per value (spec/record.md §1.2): the ranked codec used to accept lower case
    const lower = failed(
      await tampered(
        'inputs.json',
        (v) => (v.ballots[1].row[0].beta = v.ballots[1].row[0].beta.toLowerCase()),
      ),
    );
    expect(lower).toEqual([
      expect.objectContaining({ check: 'B1', location: 'ranked/mayor/inputs.json ballots[1].row[0].beta' }),
    ]);
    const lowerProof = failed(
      await tampered(chain('stage-0/proof-head.json'), (v) => (v.s1 = v.s1.toLowerCase())),
    );
    expect(lowerProof.map((x) => [x.check, x.location])).toEqual([
      ['M2', 'ranked/mayor/mix-chain/stage-0/proof-head.json: s1'],
    ]);
    const c = failed(await tampered('count.json', (v) => (v.format = 'other')));
    expect(c).toEqual([expect.objectContaining({ check: 'K2', location: 'ranked/mayor/count.json format' })]);
    const d = failed(await tampered('inputs.json', (v) => (v.contest.seats = 0)));
    expect(d[0]).toMatchObject({ check: 'B1', location: 'ranked/mayor/inputs.json' });
    expect(d[0]!.message).toMatch(/contest.seats/);
  });
});
