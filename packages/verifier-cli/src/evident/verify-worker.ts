/**
 * Worker module of a verification run (spec/verification.md §0.3), run by the shared worker pool
 * (./verify-pool.ts): it rebuilds the record's context once per thread from the light context the
 * main thread sends (./light-context.ts; steps 1–4 are not run again), then runs the tasks it is
 * given — chunks of the ballot pass, chunks of the ranked contests' steps B and D, the decryptions of the challenged ballots
 * (steps 12–14), batches of the board's credential signatures, of its tree heads' signatures, of
 * its challenged ballots' openings and of its guardian uploads — and the ranked contests' mix
 * chain chunks (`runMix`, `runStream` of @evident/e2e-crypto's mixnet worker, re-exported).
 * @module
 */
import { resourceLimits, workerData } from 'node:worker_threads';
import { type Chunk, type ChunkResult, checkChunk } from './check-chunk.js';
import type { EvidentContext } from './context.js';
import { contextFromLight, type LightContext } from './light-context.js';
import type {
  BallotsChunk,
  BallotsChunkResult,
  ChunkContext,
  RowsChunk,
  RowsOnlyResult,
} from '../ranked/ballots-chunk.js';
import { runChunkTask } from '../ranked/chunk-runner.js';
import type { DecryptionsChunk, DecryptionsChunkResult } from '../ranked/decryptions-chunk.js';
import { type HeadSignatureTask, badHeadSignatures } from '../log/tree-heads.js';
import { type SignatureTask, type SignatureVerdict, checkSignatures } from '../log/signature-task.js';
import type { EntryFinding } from '../log/entry-queue.js';
import { type UploadTask, checkUploads } from '../log/guardian-uploads.js';
import { type OpeningTask, checkOpenings } from '../log/opening-task.js';
import type { StepResult } from '../report.js';

export { runMix, runStream } from '@evident/e2e-crypto/mixnet-parallel';
import { type ChallengedTask, verifyChallenged } from './tally-steps.js';

let ctx: EvidentContext<unknown> | undefined;

const context = (): EvidentContext<unknown> =>
  (ctx ??= contextFromLight((workerData as { light: LightContext }).light));

/** Checks one chunk of ballots with this thread's context. */
export function checkChunkTask(chunk: Chunk): ChunkResult {
  return checkChunk(context(), chunk);
}

/** The ranked steps' chunks read the record's group, K (with its table) and H_E. */
let chunkCtx: ChunkContext<unknown> | undefined;
const chunkContext = (): ChunkContext<unknown> => {
  const c = context();
  return (chunkCtx ??= { G: c.G, K: c.pk.K, hE: c.hE, pk: c.pk });
};

/** Step B on a chunk of a ranked contest's ballots (../ranked/ballots-chunk.ts). */
export function rankedBallotsChunk(task: BallotsChunk): BallotsChunkResult {
  return runChunkTask(chunkContext(), 'rankedBallotsChunk', task) as BallotsChunkResult;
}

/** The ids and row digests of a chunk of a ranked contest's ballots (L3.G). */
export function rankedRowsChunk(task: RowsChunk): RowsOnlyResult {
  return runChunkTask(chunkContext(), 'rankedRowsChunk', task) as RowsOnlyResult;
}

/** Step D on a chunk of a ranked contest's decryptions (../ranked/decryptions-chunk.ts). */
export function rankedDecryptionsChunk(task: DecryptionsChunk): DecryptionsChunkResult {
  return runChunkTask(chunkContext(), 'rankedDecryptionsChunk', task) as DecryptionsChunkResult;
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
