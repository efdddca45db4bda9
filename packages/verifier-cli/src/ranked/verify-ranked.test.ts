/**
 * The ranked-contest record hook (spec/mixnet.md §8): a written folder verifies; changing an input
 * row, an output, a proof value, a decryption, a plaintext or a count number, or breaking a file,
 * makes a numbered step fail naming the file and field.
 */
import { cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  baseHash,
  countRankedContest,
  encryptRankedBallot,
  keyShareCommitment,
  manifestHash,
  mixSessionHash,
  parameterBaseHash,
  publicKey,
  type RankedContest,
  readRankedRows,
  ristretto,
  runLocalCeremony,
  runMixChain,
  thresholdRowDecryptor,
  utf8Bytes,
} from '@evident/e2e-crypto';
import type { StepResult } from '../report.js';
import { verifyRankedContests } from './verify-ranked.js';
import { writeRankedContest } from '@evident/record';

const G = ristretto;
const hP = parameterBaseHash(G);
const cer = runLocalCeremony(G, hP, baseHash(hP, manifestHash(hP, utf8Bytes('record')), 3, 2), 3, 2);
const all = cer.guardians.map((g) => g.commitments);
const setup = {
  ctx: { K: cer.K, hE: cer.hE },
  k: 2,
  keyShareCommitments: new Map(cer.secrets.map((s) => [s.i, keyShareCommitment(G, all, s.i)])),
};
const pk = publicKey(G, cer.K);
const ctx = { G, K: cer.K, hE: cer.hE, minStages: 3 };
const contest: RankedContest = {
  id: 'mayor',
  candidates: ['Ada', 'Bo', 'Cy'],
  ranks: 2,
  seats: 1,
  writeIns: 1,
  writeInBytes: 30,
};
const rankings: (number | string)[][] = [[1, 2], [2], [3, 'Grace'], ['Grace', 1], [2, 3], [1]];
let base = '';
let root = '';

beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'evident-ranked-'));
  base = join(root, 'base');
  const ballots = rankings.map((r, i) => ({
    id: `b-${i + 1}`,
    ballot: encryptRankedBallot(G, pk, cer.hE, contest, r),
  }));
  const session = mixSessionHash(cer.hE, `contest:${contest.id}`);
  const stages = runMixChain(
    G,
    pk,
    session,
    ballots.map((b) => b.ballot.row),
    ['t1', 't2', 't3'],
  );
  const decryptions = thresholdRowDecryptor(G, setup, [
    { i: 1, Pi: cer.secrets[0]!.Pi },
    { i: 3, Pi: cer.secrets[2]!.Pi },
  ]).decryptRows(stages.at(-1)!.outputs);
  const plaintexts = readRankedRows(G, cer.K, contest, decryptions);
  const count = countRankedContest(
    contest,
    plaintexts.map((p) => p.ranks),
    plaintexts.map((p) => p.writeIns),
  );
  await writeRankedContest(base, G, { contest, ballots, stages, decryptions, plaintexts, count });
});
afterAll(async () => {
  if (root) await rm(root, { recursive: true, force: true });
});

const failed = (steps: StepResult[]) =>
  steps.filter((s) => s.status === 'failed').flatMap((s) => s.failures.map((f) => ({ step: s.id, ...f })));

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
    expect(f.some((x) => x.step === 'C:mayor' && x.check.startsWith('C2/M'))).toBe(true);
  });

  it('a changed output of a middle stage fails C2 at that stage', async () => {
    const f = failed(
      await tampered('mix-chain.json', (v) => {
        const o = v.stages[1].outputs;
        [o[0], o[1]] = [o[1], o[0]];
      }),
    );
    expect(f[0]).toMatchObject({ step: 'C:mayor' });
    expect(f[0]!.location.startsWith('ranked/mayor/mix-chain.json stages[1].')).toBe(true);
  });

  it('a changed proof value fails C2/M* naming the field; a non-member fails M2', async () => {
    const f = failed(
      await tampered('mix-chain.json', (v) => (v.stages[0].proof.s1 = flip(v.stages[0].proof.s1))),
    );
    expect(f).toEqual([
      expect.objectContaining({
        step: 'C:mayor',
        check: 'C2/M5',
        location: 'ranked/mayor/mix-chain.json stages[0].proof.t1',
      }),
    ]);
    const g = failed(await tampered('mix-chain.json', (v) => (v.stages[2].proof.cHat[3] = 'FF'.repeat(32))));
    expect(g).toEqual([
      expect.objectContaining({
        check: 'M2',
        location: 'ranked/mayor/mix-chain.json stages[2].proof.cHat[3]',
      }),
    ]);
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
    await writeFile(join(dir, 'ranked', 'mayor', 'mix-chain.json'), '{not json');
    const steps = await verifyRankedContests(dir, ctx);
    expect(steps.map((s) => s.status)).toEqual(['passed', 'failed', 'skipped', 'skipped']);
    expect(steps[1]!.failures[0]).toMatchObject({
      check: 'C1',
      location: 'ranked/mayor/mix-chain.json',
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
      await tampered('mix-chain.json', (v) => (v.stages[0].proof.s1 = v.stages[0].proof.s1.toLowerCase())),
    );
    expect(lowerProof.map((x) => [x.check, x.location])).toEqual([
      ['C1', 'ranked/mayor/mix-chain.json stages[0].proof.s1'],
    ]);
    const c = failed(await tampered('count.json', (v) => (v.format = 'other')));
    expect(c).toEqual([expect.objectContaining({ check: 'K2', location: 'ranked/mayor/count.json format' })]);
    const d = failed(await tampered('inputs.json', (v) => (v.contest.seats = 0)));
    expect(d[0]).toMatchObject({ check: 'B1', location: 'ranked/mayor/inputs.json' });
    expect(d[0]!.message).toMatch(/contest.seats/);
  });
});
