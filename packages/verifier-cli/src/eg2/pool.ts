/**
 * Runs verification jobs on every core (spec/verification-eg2.md §4).
 *
 * Worker threads load the compiled `worker.js` beside this file; when it is absent (tests run
 * the TypeScript sources) or `workers` is 0, the jobs run in this thread. Each worker takes the
 * next job when it finishes one, so that uneven ballots balance out.
 * @module
 */
import { existsSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { makeContext, type ContextData } from './context.js';
import { runJob, type Job, type JobResult } from './jobs.js';
import type { JobMessage, WorkerMessage } from './worker.js';

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
  let next = 0;
  const threads: Worker[] = [];
  try {
    await new Promise<void>((resolve, reject) => {
      let running = 0;
      const feed = (w: Worker): void => {
        if (next >= jobs.length) {
          if (running === 0) resolve();
          return;
        }
        const id = next++;
        running++;
        w.postMessage({ id, job: jobs[id]! } satisfies JobMessage);
      };
      for (let i = 0; i < n; i++) {
        const w = new Worker(workerUrl, { workerData: data });
        threads.push(w);
        w.on('message', (m: WorkerMessage) => {
          if (m.type === 'progress') onItem();
          else if (m.type === 'error') reject(new Error(`verification worker failed: ${m.message}`));
          else {
            results[m.id] = m.result;
            running--;
            if (m.result.unreadable) next = jobs.length; // stop early; finish what runs
            feed(w);
          }
        });
        w.on('error', reject);
        feed(w);
      }
    });
  } finally {
    await Promise.all(threads.map((w) => w.terminate()));
  }
  return results.filter((r) => r !== undefined);
}
