/**
 * A ranked contest of an Evident record's verification (spec/mixnet.md §8.5): checked in the
 * calling thread (the verification's thread), its heavy parts in the run's worker pool when it
 * has one — steps B and D in chunks of rows (./chunk-runner.ts, the worker's exports
 * `rankedBallotsChunk`, `rankedRowsChunk`, `rankedDecryptionsChunk`), C's chunks as the mixnet's
 * tasks (`runMix`, `runStream`) — so that a contest of any size uses every core and no thread
 * holds a whole file.
 * @module
 */
import { type TaskRunner, runnerOver } from '@evident/e2e-crypto/mixnet-parallel';
import type { EvidentContext } from '../evident/context.js';
import type { VerifyPool } from '../evident/verify-pool.js';
import type { StepResult } from '../report.js';
import type { ChunkRunner } from './chunk-runner.js';
import type { InputsRows } from './inputs-rows.js';
import { type RankedContext, verifyRankedContest } from './verify-ranked.js';

/** One contest folder of a record. */
export interface RankedTask {
  readonly dir: string;
  readonly id: string;
}

/** The contest's steps and what step B read for the record's other checks. */
export interface RankedOutcome {
  readonly steps: StepResult[];
  /** L3.G's rows of inputs.json (undefined: not JSON) */
  readonly rows?: InputsRows;
  /**
   * the digests (`rankedRowDigest`, 32 bytes each, concatenated) of the rows of `inputs.json`
   * that step B decoded — their elements are group members; empty when it decoded none
   */
  readonly decoded: Uint8Array;
  /** The `contest` member of `inputs.json` when the file is a JSON object (15.A) */
  readonly contest?: { readonly value: unknown };
}

/** What the ranked steps need of an Evident record's context, and where their chunks run. */
export function rankedContextOf<E>(
  ctx: EvidentContext<E>,
  runners: { runner?: TaskRunner; chunks?: ChunkRunner } = {},
): RankedContext<E> {
  return {
    G: ctx.G,
    K: ctx.pk.K,
    hE: ctx.hE,
    minStages: ctx.config.quorum, // C1/C4: k stages by k different guardians
    guardians: ctx.config.guardians,
    signingKeys: ctx.signingKeys, // C4: each stage signed by the guardian it names
    ...runners,
  };
}

/** The runners of a contest's chunks over the run's `pool` (shared: closing them leaves it open). */
export function poolRunners(pool: VerifyPool): { runner: TaskRunner; chunks: ChunkRunner } {
  return {
    runner: runnerOver(pool, pool.threads, true),
    chunks: { run: <R>(name: string, task: unknown) => pool.run<R>(task, name) },
  };
}

/** Steps B, C, D, K of the task's contest, its chunks in `pool` when given. */
export async function runRankedTask<E>(
  ctx: EvidentContext<E>,
  task: RankedTask,
  pool?: VerifyPool,
): Promise<RankedOutcome> {
  return verifyRankedContest(task.dir, task.id, rankedContextOf(ctx, pool ? poolRunners(pool) : {}));
}
