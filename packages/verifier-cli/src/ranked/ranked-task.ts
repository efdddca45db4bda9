/**
 * A ranked contest as a task of the verification's worker pool (../evident/verify-pool.ts): the
 * task names the record and the contest folder; the worker holds the rest (K, H_E, the quorum,
 * the guardians' signing keys) in its light context, so nothing of steps 1–4 runs again.
 * @module
 */
import type { EvidentContext } from '../evident/context.js';
import type { StepResult } from '../report.js';
import { type InputsRows, inputsRowsOf } from './inputs-rows.js';
import { type RankedContext, verifyRankedContest } from './verify-ranked.js';

/** One contest folder of a record. */
export interface RankedTask {
  readonly dir: string;
  readonly id: string;
  /** also return the rows of `inputs.json` that L3.G compares with the board */
  readonly rows?: boolean;
}

/** The contest's steps and, when asked, the rows of its `inputs.json` (undefined: not JSON). */
export interface RankedOutcome {
  readonly steps: StepResult[];
  readonly rows?: InputsRows;
}

/** What the ranked steps need of an Evident record's context. */
export function rankedContextOf<E>(ctx: EvidentContext<E>): RankedContext<E> {
  return {
    G: ctx.G,
    K: ctx.pk.K,
    hE: ctx.hE,
    minStages: ctx.config.quorum, // C1/C4: k stages by k different guardians
    guardians: ctx.config.guardians,
    signingKeys: ctx.signingKeys, // C4: each stage signed by the guardian it names
  };
}

/** Steps B, C, D, K of the task's contest, and the rows of its `inputs.json` when asked. */
export async function runRankedTask<E>(ctx: EvidentContext<E>, task: RankedTask): Promise<RankedOutcome> {
  let rows: InputsRows | undefined;
  const steps = await verifyRankedContest(
    task.dir,
    task.id,
    rankedContextOf(ctx),
    task.rows ? (v) => (rows = inputsRowsOf(v)) : undefined,
  );
  return { steps, ...(rows ? { rows } : {}) };
}
