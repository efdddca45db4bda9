/**
 * The thread a verification runs in (./verify.ts, spec/verification.md §0.3.3): it runs
 * ./verify-here.ts with the options of `workerData` and posts the progress, then the report or
 * the error, to the calling thread.
 * @module
 */
import { parentPort, workerData } from 'node:worker_threads';
import { UnreadableError } from './verify.js';
import { verifyHere } from './verify-here.js';
import type { ThreadMessage, ThreadRequest } from './verify.js';

const port = parentPort!;
const post = (m: ThreadMessage): void => port.postMessage(m);
const { dir, workers, progress } = workerData as ThreadRequest;
try {
  const report = await verifyHere(dir, {
    workers,
    ...(progress ? { onProgress: (done: number, total: number) => post({ progress: [done, total] }) } : {}),
  });
  post({ report });
} catch (e) {
  post(
    e instanceof UnreadableError
      ? { unreadable: { file: e.file, detail: e.detail } }
      : { failed: e instanceof Error ? e.message : String(e) },
  );
}
