/**
 * Worker module of the ElectionGuard verifier (spec/verification-eg2.md §4), run by the shared
 * worker pool (`@evident/e2e-crypto/worker-pool`): builds the context once per thread from
 * `workerData`, then runs the jobs it is given. Loaded from the compiled `dist/eg2/worker.js` only.
 * @module
 */
import { workerData } from 'node:worker_threads';
import { type Context, makeContext, type ContextData } from './context.js';
import { runJob, type Job, type JobResult } from './jobs.js';

/** What a job gives back: its result and how many items (ballots, contests) it checked. */
export interface JobOutcome {
  readonly result: JobResult;
  readonly items: number;
}

let ctx: Context | undefined;

/** Runs one job in this thread's context. */
export function runJobTask(job: Job): JobOutcome {
  ctx ??= makeContext(workerData as ContextData);
  let items = 0;
  const result = runJob(ctx, job, () => items++);
  return { result, items };
}
