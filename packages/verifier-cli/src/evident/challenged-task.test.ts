/**
 * Steps 12–14 as a task of the verification's worker pool (`challengedTask`, verify-worker.ts):
 * a forged decryption proof of a challenged ballot is named by its line and field whether the
 * steps run in a worker thread or in this one, the steps' results are the same either way, and a
 * missing challenged.jsonl fails the run with the same unreadable-record error.
 */
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sampleManifest, simulateElection } from '@evident/record';
import type { StepResult } from '../report.js';
import { UnreadableError, verifyRecord } from '../verify.js';
import { runBallotPass } from './ballot-pass.js';
import { loadEvidentContext } from './context.js';
import { type ChallengedTask, verifyChallenged } from './tally-steps.js';
import { startVerifyPool, workersAvailable } from './verify-pool.js';

let base: string;
const scratch: string[] = [];

beforeAll(async () => {
  base = mkdtempSync(join(tmpdir(), 'evident-challenged-task-'));
  await simulateElection(base, {
    manifest: sampleManifest({ districts: 1, contestsPerDistrict: 1, options: 3 }),
    guardians: 3,
    quorum: 2,
    ballots: 12,
    devices: 2,
    challengeEvery: 3,
  });
});
afterAll(() => {
  for (const d of [base, ...scratch]) rmSync(d, { recursive: true, force: true });
});

/** A copy of the base record after `edit`. */
function copyWith(edit: (dir: string) => void): string {
  const dir = mkdtempSync(join(tmpdir(), 'evident-challenged-task-copy-'));
  scratch.push(dir);
  cpSync(base, dir, { recursive: true });
  edit(dir);
  return dir;
}

/** Steps 12–14 of the report on `dir` with `workers` worker threads. */
async function challengedSteps(dir: string, workers: number): Promise<StepResult[]> {
  const r = await verifyRecord(dir, { workers });
  return r.steps.filter((s) => ['12', '13', '14'].includes(s.id));
}

/** The challenged ballot on line `line + 1`: selection 1 with another response v in its decryption proof. */
function forgeProof(dir: string, line = 1): void {
  const file = join(dir, 'challenged.jsonl');
  const lines = readFileSync(file, 'utf8').split('\n').filter(Boolean);
  const j = JSON.parse(lines[line]!) as {
    contests: { selections: { proof: { v: string } }[] }[];
  };
  const p = j.contests[0]!.selections[1]!.proof;
  p.v = p.v.slice(0, -1) + (p.v.endsWith('0') ? '1' : '0');
  lines[line] = JSON.stringify(j);
  writeFileSync(file, lines.join('\n') + '\n');
}

describe('challenged ballots (steps 12–14) in a worker thread', () => {
  it.runIf(workersAvailable())('pass on the honest record, as in this thread', async () => {
    const inWorker = await challengedSteps(base, 2);
    expect(inWorker.map((s) => s.status)).toEqual(['passed', 'passed', 'passed']);
    expect(inWorker[0]!.checked).toBeGreaterThan(0);
    expect(inWorker).toEqual(await challengedSteps(base, 0));
  });

  it.runIf(workersAvailable())('name a forged decryption proof by its line and field', async () => {
    const dir = copyWith((d) => forgeProof(d));
    const inWorker = await challengedSteps(dir, 2);
    const s12 = inWorker.find((s) => s.id === '12')!;
    expect(s12.status).toBe('failed');
    expect(s12.failures.map((f) => f.location)).toEqual(['challenged.jsonl:2 contests[0].selections[1]']);
    expect(inWorker).toEqual(await challengedSteps(dir, 0));
  });

  it.runIf(workersAvailable())('are the task of the pool: the same steps as in this thread', async () => {
    const dir = copyWith((d) => forgeProof(d));
    const { ctx } = loadEvidentContext(dir);
    const pass = await runBallotPass(dir, ctx!, { workers: 0 });
    const pool = startVerifyPool(ctx!, 1)!;
    try {
      const task: ChallengedTask = { dir, challenged: pass.challenged };
      const inWorker = await pool.run<StepResult[]>(task, 'challengedTask');
      expect(inWorker.find((s) => s.id === '12')!.failureCount).toBe(1);
      expect(inWorker).toEqual(await verifyChallenged(dir, ctx!, pass.challenged));
    } finally {
      await pool.close();
    }
  });

  it.runIf(workersAvailable())('fail the run as unreadable when challenged.jsonl is missing', async () => {
    const dir = copyWith((d) => rmSync(join(d, 'challenged.jsonl')));
    await expect(verifyRecord(dir, { workers: 2 })).rejects.toBeInstanceOf(UnreadableError);
    await expect(verifyRecord(dir, { workers: 0 })).rejects.toBeInstanceOf(UnreadableError);
  });

  it('check the proofs in groups, in file order: the same findings as one batch', async () => {
    const dir = copyWith((d) => {
      forgeProof(d, 0);
      forgeProof(d, 2);
    });
    const { ctx } = loadEvidentContext(dir);
    const pass = await runBallotPass(dir, ctx!, { workers: 0 });
    expect(pass.challenged.count).toBeGreaterThanOrEqual(3);
    const grouped = await verifyChallenged(dir, ctx!, pass.challenged, 2);
    expect(grouped.find((s) => s.id === '12')!.failures.map((f) => f.location)).toEqual([
      'challenged.jsonl:1 contests[0].selections[1]',
      'challenged.jsonl:3 contests[0].selections[1]',
    ]);
    expect(grouped).toEqual(await verifyChallenged(dir, ctx!, pass.challenged, Infinity));
  });
});
