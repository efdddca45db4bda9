/**
 * Worker-thread entry of the ElectionGuard verifier (spec/verification-eg2.md §4): builds the
 * context once from `workerData`, then runs the jobs it is sent and posts their results.
 * Loaded from the compiled `dist/eg2/worker.js` only.
 * @module
 */
import { parentPort, workerData } from 'node:worker_threads';
import { makeContext, type ContextData } from './context.js';
import { runJob, type Job } from './jobs.js';

/** Messages from the pool. */
export interface JobMessage {
  readonly id: number;
  readonly job: Job;
}

/** Messages to the pool. */
export type WorkerMessage =
  | { readonly type: 'progress' }
  | { readonly type: 'result'; readonly id: number; readonly result: ReturnType<typeof runJob> }
  | { readonly type: 'error'; readonly id: number; readonly message: string };

const port = parentPort;
if (port) {
  const ctx = makeContext(workerData as ContextData);
  port.on('message', (msg: JobMessage) => {
    try {
      const result = runJob(ctx, msg.job, () =>
        port.postMessage({ type: 'progress' } satisfies WorkerMessage),
      );
      port.postMessage({ type: 'result', id: msg.id, result } satisfies WorkerMessage);
    } catch (e) {
      port.postMessage({ type: 'error', id: msg.id, message: (e as Error).message } satisfies WorkerMessage);
    }
  });
}
