/**
 * Runs verification jobs on every core (spec/verification-eg2.md §4), on the shared worker pool
 * (`@evident/e2e-crypto/worker-pool`, over piscina).
 *
 * Worker threads load the compiled `worker.js` beside this file; when it is absent (tests run
 * the TypeScript sources) or `workers` is 0, the jobs run in this thread. Each worker takes the
 * next job when it finishes one, so that uneven ballots balance out.
 * @module
 */
import { existsSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { fileURLToPath } from 'node:url';
import { createWorkerPool } from '@evident/e2e-crypto/worker-pool';
import { makeContext, type ContextData } from './context.js';
import { runJob, type Job, type JobResult } from './jobs.js';
import type { JobOutcome } from './worker.js';

const workerUrl = new URL('./worker.js', import.meta.url);

/** True when the compiled worker script exists (running from dist/). */
export function workersAvailable(): boolean {
  try {
    return workerUrl.protocol === 'file:' && existsSync(fileURLToPath(workerUrl));
  } catch {
    return false;
  }
}

/** The number of workers to use by default: every core, or 0 without the compiled worker. */
export function defaultWorkers(): number {
  return workersAvailable() ? availableParallelism() : 0;
}

/**
 * Runs `jobs` and returns their results in order.
 * @param workers - threads to use; 0 runs in this thread
 * @param onItem - called after each ballot, challenged ballot or tally contest
 * @returns the results in job order; after a job meets an unreadable file, later jobs may be
 *   left out
 * @throws {Error} when a worker fails for a reason other than bad data (a bug)
 */
export async function runJobs(
  data: ContextData,
  jobs: readonly Job[],
  workers: number,
  onItem: () => void,
): Promise<JobResult[]> {
  const n = Math.min(workers, jobs.length);
  if (n <= 0 || !workersAvailable()) {
    const ctx = makeContext(data);
    const results: JobResult[] = [];
    for (const job of jobs) {
      const r = runJob(ctx, job, onItem);
      results.push(r);
      if (r.unreadable) break; // the record is unreadable: stop early
      await new Promise((r) => setImmediate(r)); // let a progress bar draw
    }
    return results;
  }
  const results = new Array<JobResult>(jobs.length);
  const pool = createWorkerPool({ worker: workerUrl, threads: n, workerData: data });
  let next = 0;
  let stop = false;
  try {
    // n feeders, each taking the next job when its last one ends, so that uneven jobs balance out
    const feeder = async (): Promise<void> => {
      while (!stop && next < jobs.length) {
        const id = next++;
        let outcome: JobOutcome;
        try {
          outcome = await pool.run<JobOutcome>(jobs[id]!, 'runJobTask');
        } catch (e) {
          throw new Error(`verification worker failed: ${(e as Error).message}`);
        }
        results[id] = outcome.result;
        for (let i = 0; i < outcome.items; i++) onItem();
        if (outcome.result.unreadable) stop = true; // stop early; finish what runs
      }
    };
    await Promise.all(Array.from({ length: n }, feeder));
  } finally {
    await pool.close();
  }
  return results.filter((r) => r !== undefined);
}
