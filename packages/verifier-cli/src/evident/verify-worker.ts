/**
 * Worker module of a verification run (spec/verification.md §0.3), run by the shared worker pool
 * (./verify-pool.ts): it rebuilds the record's context once per thread from the light context the
 * main thread sends (./light-context.ts; steps 1–4 are not run again), then runs the tasks it is
 * given — chunks of the ballot pass, ranked contests, the decryptions of the challenged ballots
 * (steps 12–14), batches of the board's credential signatures, of its tree heads' signatures, of
 * its challenged ballots' openings and of its guardian uploads.
 * @module
 */
import { resourceLimits, workerData } from 'node:worker_threads';
import { type Chunk, type ChunkResult, checkChunk } from './check-chunk.js';
import type { EvidentContext } from './context.js';
import { contextFromLight, type LightContext } from './light-context.js';
import { type RankedOutcome, type RankedTask, runRankedTask } from '../ranked/ranked-task.js';
import { type HeadSignatureTask, badHeadSignatures } from '../log/tree-heads.js';
import { type SignatureTask, type SignatureVerdict, checkSignatures } from '../log/signature-task.js';
import type { EntryFinding } from '../log/entry-queue.js';
import { type UploadTask, checkUploads } from '../log/guardian-uploads.js';
import { type OpeningTask, checkOpenings } from '../log/opening-task.js';
import type { StepResult } from '../report.js';
import { type ChallengedTask, verifyChallenged } from './tally-steps.js';

let ctx: EvidentContext<unknown> | undefined;

const context = (): EvidentContext<unknown> =>
  (ctx ??= contextFromLight((workerData as { light: LightContext }).light));

/** Checks one chunk of ballots with this thread's context. */
export function checkChunkTask(chunk: Chunk): ChunkResult {
  return checkChunk(context(), chunk);
}

/** Verifies one ranked contest (steps B, C, D, K); with `task.rows`, returns L3.G's rows too. */
export function rankedContestTask(task: RankedTask): Promise<RankedOutcome> {
  return runRankedTask(context(), task);
}

/** Steps 12–14: the decryptions of the challenged ballots the ballot pass found. */
export function challengedTask(task: ChallengedTask): Promise<StepResult[]> {
  return verifyChallenged(task.dir, context(), task.challenged);
}

/** Checks a batch of the board's credential signatures (L3.E). */
export function signatureTask(task: SignatureTask): SignatureVerdict[] {
  return checkSignatures(task); // the task names its group and H_E: no context needed
}

/** Checks the signatures of some tree heads (L2.A). */
export function headSignatureTask(task: HeadSignatureTask): number[] {
  return badHeadSignatures(task);
}

/** Checks the openings of some challenged ballots (L3.H). */
export function openingTask(task: OpeningTask): EntryFinding[] {
  return checkOpenings(task); // the task names the board's election: no context needed
}

/** Checks the signatures of some guardian uploads (L3.K). */
export function uploadTask(task: UploadTask): EntryFinding[] {
  return checkUploads(task);
}

/** The heap limits this worker runs under (./verify-pool.ts), in MB as Node states them. */
export function limitsTask(): typeof resourceLimits {
  return { ...resourceLimits };
}
