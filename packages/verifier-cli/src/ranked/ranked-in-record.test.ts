/**
 * A ranked-choice contest inside a whole Evident record: `verifyRecord` (what `evident-verify`
 * runs) includes its steps B, C, D, K (spec/mixnet.md §8) and reports a changed count.
 */
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  countRankedContest,
  encryptRankedBallot,
  mixStageStatement,
  signGuardianStatement,
  signatureHex,
  mixSessionHash,
  publicKey,
  type Group,
  type RankedContest,
  readRankedRows,
  runMixChain,
  thresholdRowDecryptor,
} from '@evident/e2e-crypto';
import { simulateElection } from '@evident/record';
import { verifyRecord } from '../verify.js';
import { signStages, writeRankedContest } from './write-ranked.js';

const contest: RankedContest = {
  id: 'mayor',
  candidates: ['Ada', 'Bo', 'Cy'],
  ranks: 2,
  seats: 1,
  writeIns: 0,
};
let root = '';
let secrets: ReadonlyMap<number, Uint8Array> = new Map();
let hE0 = new Uint8Array(32);

beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'evident-ranked-record-'));
  await simulateElection(root, {
    ballots: 4,
    challengeEvery: 0,
    extend: async ({ dir, G, K, hE, k, keyShareCommitments, present, signingSecrets }) => {
      const g = G as Group<unknown>;
      const pk = publicKey(g, K);
      [secrets, hE0] = [signingSecrets, hE];
      const ballots = [[1, 2], [2], [3, 1], [1]].map((r, i) => ({
        id: `r-${i + 1}`,
        ballot: encryptRankedBallot(g, pk, hE, contest, r),
      }));
      // k stages, each by a different guardian (check C4)
      const mixers = present.slice(0, k).map((p) => p.i);
      const stages = runMixChain(
        g,
        pk,
        mixSessionHash(hE, `contest:${contest.id}`),
        ballots.map((b) => b.ballot.row),
        mixers.map((i) => `guardian-${i}`),
      );
      const decryptions = thresholdRowDecryptor(
        g,
        { ctx: { K, hE }, k, keyShareCommitments: keyShareCommitments as Map<number, unknown> },
        present,
      ).decryptRows(stages.at(-1)!.outputs);
      const plaintexts = readRankedRows(g, K, contest, decryptions);
      const count = countRankedContest(
        contest,
        plaintexts.map((p) => p.ranks),
        plaintexts.map((p) => p.writeIns),
      );
      await writeRankedContest(dir, g, {
        contest,
        ballots,
        stages,
        stageGuardians: mixers,
        stageSignatures: signStages(g, hE, contest.id, stages, mixers, (x) => signingSecrets.get(x)!),
        decryptions,
        plaintexts,
        count,
      });
    },
  });
});
afterAll(async () => {
  if (root) await rm(root, { recursive: true, force: true });
});

describe('ranked contest in an Evident record', () => {
  it('evident-verify runs and passes the ranked steps', async () => {
    const report = await verifyRecord(root, { workers: 0 });
    const ranked = report.steps.filter((s) => s.id.endsWith(':mayor'));
    expect(ranked.map((s) => [s.id, s.status])).toEqual([
      ['B:mayor', 'passed'],
      ['C:mayor', 'passed'],
      ['D:mayor', 'passed'],
      ['K:mayor', 'passed'],
    ]);
    expect(report.valid).toBe(true);
  });
  it('a changed count makes the record invalid at step K', async () => {
    const file = join(root, 'ranked', 'mayor', 'count.json');
    const original = await readFile(file, 'utf8');
    const v = JSON.parse(original);
    expect(v.result.elected.length).toBe(1);
    v.result.elected = [v.result.elected[0] === 'Cy' ? 'Ada' : 'Cy'];
    await writeFile(file, JSON.stringify(v));
    try {
      const report = await verifyRecord(root, { workers: 0 });
      expect(report.valid).toBe(false);
      expect(report.steps.find((s) => s.id === 'K:mayor')?.status).toBe('failed');
    } finally {
      await writeFile(file, original);
    }
  });

  it('C4: k = 3 stages by 3 different guardians; fewer stages or a guardian twice is a finding', async () => {
    const file = join(root, 'ranked', 'mayor', 'mix-chain.json');
    const original = await readFile(file, 'utf8');
    const v = JSON.parse(original);
    expect(v.stages.map((s: { guardian: number }) => s.guardian)).toEqual([1, 2, 3]);
    const c4 = async (edit: (x: typeof v) => void) => {
      const x = JSON.parse(original);
      edit(x);
      await writeFile(file, JSON.stringify(x));
      const report = await verifyRecord(root, { workers: 0 });
      expect(report.valid).toBe(false);
      const step = report.steps.find((s) => s.id === 'C:mayor')!;
      return step.failures.filter((f) => f.check === 'C4').map((f) => f.location);
    };
    try {
      expect(await c4((x) => (x.stages[2].guardian = 1))).toEqual([
        'ranked/mayor/mix-chain.json stages[2].guardian',
        'ranked/mayor/mix-chain.json stages',
        'ranked/mayor/mix-chain.json stages[2].signature', // guardian 3 signed it, not 1
      ]);
      expect(await c4((x) => delete x.stages[0].guardian)).toEqual([
        'ranked/mayor/mix-chain.json stages[0].guardian',
        'ranked/mayor/mix-chain.json stages',
      ]);
      expect(await c4((x) => x.stages.pop())).toEqual(['ranked/mayor/mix-chain.json stages']);
    } finally {
      await writeFile(file, original);
    }
  });

  it('C4, k distinct signers: stages all made by one party, or unsigned, are findings naming the stage', async () => {
    const file = join(root, 'ranked', 'mayor', 'mix-chain.json');
    const original = await readFile(file, 'utf8');
    const c4 = async (edit: (x: { stages: Record<string, unknown>[] }) => void) => {
      const x = JSON.parse(original);
      edit(x);
      await writeFile(file, JSON.stringify(x));
      const report = await verifyRecord(root, { workers: 0 });
      expect(report.valid).toBe(false);
      const step = report.steps.find((s) => s.id === 'C:mayor')!;
      return step.failures.filter((f) => f.check === 'C4').map((f) => f.location);
    };
    // one party (guardian 1's key) signs every stage, naming guardians 1, 2, 3 as before
    const oneParty = (x: { stages: Record<string, unknown>[] }) =>
      x.stages.forEach((st, j) => {
        const s = mixStageStatement(hE0, 'mayor', j, st.guardian as number, st.outputs, st.proof);
        st.signature = signatureHex(signGuardianStatement(secrets.get(1)!, s));
      });
    try {
      expect(await c4(oneParty)).toEqual([
        'ranked/mayor/mix-chain.json stages[1].signature',
        'ranked/mayor/mix-chain.json stages[2].signature',
      ]);
      expect(await c4((x) => delete x.stages[0]!.signature)).toEqual([
        'ranked/mayor/mix-chain.json stages[0].signature',
      ]);
    } finally {
      await writeFile(file, original);
    }
  });
});
