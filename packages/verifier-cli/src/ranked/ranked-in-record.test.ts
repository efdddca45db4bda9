/**
 * A ranked-choice contest inside a whole Evident record (no bulletin board): the manifest declares
 * it, each ballot line carries its row, and `ranked/mayor/` holds the cast ballots' rows mixed,
 * decrypted and counted. `verifyRecord` (what `evident-verify` runs) includes its steps 15, B, C,
 * D, K (spec/verification.md §15, spec/mixnet.md §8) and reports a changed count or contest.
 */
import { cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
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
  rankedBallotToJson,
  type Group,
  type RankedContest,
  readRankedRows,
  runMixChain,
  thresholdRowDecryptor,
} from '@evident/e2e-crypto';
import {
  sampleManifest,
  simulateElection,
  signStages,
  stageContentSha256,
  writeRankedContest,
} from '@evident/record';
import { workersAvailable } from '../evident/verify-pool.js';
import { verifyRecord } from '../verify.js';

const contest: RankedContest = {
  id: 'mayor',
  candidates: ['Ada', 'Bo', 'Cy'],
  ranks: 2,
  seats: 1,
  writeIns: 0,
};
let root = '';
/** the record's group, key and H_E, for tests that encrypt a ballot of their own */
let G15: { G: Group<unknown>; K: unknown; hE: Uint8Array } | undefined;
let secrets: ReadonlyMap<number, Uint8Array> = new Map();
let hE0: Uint8Array = new Uint8Array(32);

beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'evident-ranked-record-'));
  const rankings = [[1, 2], [2], [3, 1], [1]];
  await simulateElection(root, {
    manifest: { ...sampleManifest(), rankedContests: [contest] },
    ballots: 4,
    challengeEvery: 0,
    rankings: (b) => ({ mayor: rankings[b]! }),
    extend: async ({ dir, G, K, hE, k, keyShareCommitments, present, ranked, signingSecrets }) => {
      const g = G as Group<unknown>;
      G15 = { G: g, K, hE };
      const pk = publicKey(g, K);
      [secrets, hE0] = [signingSecrets, hE];
      const ballots = ranked.map((b) => ({ id: b.code, ballot: b.rows[0]! }));
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

/**
 * Writes `original` changed by `edit` to `file` and verifies the record, which must fail.
 * @returns the failures of step `id`
 */
async function failuresAfterEdit<T>(file: string, original: string, edit: (v: T) => void, id: string) {
  const v = JSON.parse(original) as T;
  edit(v);
  await writeFile(file, JSON.stringify(v));
  const report = await verifyRecord(root, { workers: 0 });
  expect(report.valid).toBe(false);
  return report.steps.find((s) => s.id === id)!.failures;
}

/** The locations of the C4 findings of `C:mayor` after {@link failuresAfterEdit}. */
const c4Locations = async <T>(file: string, original: string, edit: (v: T) => void) =>
  (await failuresAfterEdit(file, original, edit, 'C:mayor'))
    .filter((f) => f.check === 'C4')
    .map((f) => f.location);

describe('ranked contest in an Evident record', () => {
  it('evident-verify runs and passes the ranked steps', async () => {
    const report = await verifyRecord(root, { workers: 0 });
    const ranked = report.steps.filter((s) => s.id.endsWith(':mayor') || s.id === '15');
    expect(ranked.map((s) => [s.id, s.status])).toEqual([
      ['15', 'passed'],
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

  it.runIf(workersAvailable())(
    'a tampered mix output is named the same when the contest is checked in a worker thread',
    async () => {
      const head = JSON.parse(
        await readFile(join(root, 'ranked', 'mayor', 'mix-chain', 'chain.json'), 'utf8'),
      );
      const file = join(
        root,
        'ranked',
        'mayor',
        'mix-chain',
        `stage-${head.stages.length - 1}`,
        'outputs.bin',
      );
      const original = await readFile(file);
      // the last stage's first two rows swapped: its shuffle proof no longer holds
      const rb = original.length / head.N;
      await writeFile(
        file,
        Buffer.concat([original.subarray(rb, 2 * rb), original.subarray(0, rb), original.subarray(2 * rb)]),
      );
      try {
        const named = async (workers: number) =>
          (await verifyRecord(root, { workers })).steps
            .filter((s) => s.id.endsWith(':mayor'))
            .map((s) => [s.id, s.status, s.failures.map((f) => [f.check, f.location])]);
        const inThread = await named(0);
        expect(inThread.find((s) => s[0] === 'C:mayor')?.[1]).toBe('failed');
        expect(JSON.stringify(inThread)).toContain(`ranked/mayor/mix-chain/stage-${head.stages.length - 1}/`);
        expect(await named(2)).toEqual(inThread);
      } finally {
        await writeFile(file, original);
      }
    },
  );

  it('15.A: two candidates swapped in inputs.json and count.json change the winner and are caught', async () => {
    const inputs = join(root, 'ranked', 'mayor', 'inputs.json');
    const count = join(root, 'ranked', 'mayor', 'count.json');
    const [inText, countText] = [await readFile(inputs, 'utf8'), await readFile(count, 'utf8')];
    const v = JSON.parse(inText);
    v.contest.candidates = ['Bo', 'Ada', 'Cy'];
    const swapped = countText.replace(/"(Ada|Bo)"/g, (_, n: string) => (n === 'Ada' ? '"Bo"' : '"Ada"'));
    expect(JSON.parse(swapped).result.elected).not.toEqual(JSON.parse(countText).result.elected);
    try {
      await writeFile(inputs, JSON.stringify(v));
      await writeFile(count, swapped);
      const report = await verifyRecord(root, { workers: 0 });
      // the files agree with each other: proofs and recount pass; only the manifest tells
      expect(report.steps.filter((s) => s.id.endsWith(':mayor')).map((s) => s.status)).toEqual([
        'passed',
        'passed',
        'passed',
        'passed',
      ]);
      expect(report.valid).toBe(false);
      expect(report.steps.flatMap((s) => s.failures.map((f) => [f.check, f.location]))).toEqual([
        ['15.A', 'ranked/mayor/inputs.json contest.candidates[0]'],
        ['15.A', 'ranked/mayor/inputs.json contest.candidates[1]'],
      ]);
    } finally {
      await writeFile(inputs, inText);
      await writeFile(count, countText);
    }
  });

  it('15.A: a record without its ranked/ folder is not valid', async () => {
    const copy = await mkdtemp(join(tmpdir(), 'evident-ranked-gone-'));
    try {
      await cp(root, copy, { recursive: true });
      await rm(join(copy, 'ranked'), { recursive: true });
      const report = await verifyRecord(copy, { workers: 0 });
      expect(report.valid).toBe(false);
      expect(report.steps.flatMap((s) => s.failures.map((f) => [f.check, f.location]))).toEqual([
        ['15.A', 'ranked/mayor/'],
      ]);
    } finally {
      await rm(copy, { recursive: true, force: true });
    }
  });

  it('15.B: without a board, inputs.json lists exactly the cast ballots with their rows', async () => {
    const file = join(root, 'ranked', 'mayor', 'inputs.json');
    const original = await readFile(file, 'utf8');
    const g = G15!;
    const fresh = rankedBallotToJson(
      g.G,
      encryptRankedBallot(g.G, publicKey(g.G, g.K), g.hE, contest, [2, 3]),
    );
    const f15 = async (edit: (v: { ballots: Record<string, unknown>[] }) => void) =>
      (await failuresAfterEdit(file, original, edit, '15')).map((f) => [f.check, f.location]);
    try {
      // a valid ballot with valid proofs, but not the voter's: B passes, only the ballot lines tell
      expect(await f15((v) => (v.ballots[1] = { id: v.ballots[1]!.id, ...fresh }))).toEqual([
        ['15.B', 'ranked/mayor/inputs.json ballots[1]'],
      ]);
      expect(await f15((v) => v.ballots.pop())).toEqual([['15.B', 'ranked/mayor/inputs.json ballots']]);
      expect(await f15((v) => (v.ballots[1]!.id = v.ballots[0]!.id))).toEqual([
        ['15.B', 'ranked/mayor/inputs.json ballots[1].id'],
        ['15.B', 'ranked/mayor/inputs.json ballots'],
      ]);
      expect(await f15((v) => (v.ballots[2]!.id = 'AB'.repeat(32)))).toEqual([
        ['15.B', 'ranked/mayor/inputs.json ballots[2].id'],
        ['15.B', 'ranked/mayor/inputs.json ballots'],
      ]);
    } finally {
      await writeFile(file, original);
    }
  });

  it('C4: k = 3 stages by 3 different guardians; fewer stages or a guardian twice is a finding', async () => {
    const file = join(root, 'ranked', 'mayor', 'mix-chain', 'chain.json');
    const original = await readFile(file, 'utf8');
    const v = JSON.parse(original);
    expect(v.stages.map((s: { guardian: number }) => s.guardian)).toEqual([1, 2, 3]);
    const c4 = async (edit: (x: typeof v) => void) => c4Locations(file, original, edit);
    try {
      expect(await c4((x) => (x.stages[2].guardian = 1))).toEqual([
        'ranked/mayor/mix-chain/chain.json stages[2].guardian',
        'ranked/mayor/mix-chain/chain.json stages',
        'ranked/mayor/mix-chain/chain.json stages[2].signature', // guardian 3 signed it, not 1
      ]);
      expect(await c4((x) => delete x.stages[0].guardian)).toEqual([
        'ranked/mayor/mix-chain/chain.json stages[0].guardian',
        'ranked/mayor/mix-chain/chain.json stages',
      ]);
      expect(await c4((x) => x.stages.pop())).toEqual(['ranked/mayor/mix-chain/chain.json stages']);
    } finally {
      await writeFile(file, original);
    }
  });

  it('C4, k distinct signers: stages all made by one party, or unsigned, are findings naming the stage', async () => {
    const file = join(root, 'ranked', 'mayor', 'mix-chain', 'chain.json');
    const original = await readFile(file, 'utf8');
    const w = JSON.parse(original).w as number;
    const c4 = async (edit: (x: { stages: Record<string, unknown>[] }) => void) =>
      c4Locations(file, original, edit);
    // one party (guardian 1's key) signs every stage, naming guardians 1, 2, 3 as before
    const oneParty = (x: { stages: Record<string, unknown>[] }) =>
      x.stages.forEach((st, j) => {
        const s = {
          ...mixStageStatement(hE0, 'mayor', j, st.guardian as number, undefined, undefined),
          // the signed content {outputs, proof}, hashed over the stage's files
          contentSha256: stageContentSha256(join(root, 'ranked', 'mayor', 'mix-chain'), j, 32, w),
        };
        st.signature = signatureHex(signGuardianStatement(secrets.get(1)!, s));
      });
    try {
      expect(await c4(oneParty)).toEqual([
        'ranked/mayor/mix-chain/chain.json stages[1].signature',
        'ranked/mayor/mix-chain/chain.json stages[2].signature',
      ]);
      expect(await c4((x) => delete x.stages[0]!.signature)).toEqual([
        'ranked/mayor/mix-chain/chain.json stages[0].signature',
      ]);
    } finally {
      await writeFile(file, original);
    }
  });
});
