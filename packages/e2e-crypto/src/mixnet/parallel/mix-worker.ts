/**
 * Worker-thread entry of the parallel mixnet code (Node only; never imported by the library's
 * index, so browser builds do not see it). Runs {@link runTask} on each message: the verifier's
 * multi-exponentiation chunks and the prover's tasks (spec/mixnet.md §7.2, §7.3).
 * @module
 */
import { type MixTask, runTask } from './run-task.js';

interface Port {
  on(ev: 'message', f: (m: { id: number; task: MixTask }) => void): void;
  postMessage(m: unknown): void;
}
const { parentPort } = (await import('node:worker_threads' as string)) as { parentPort: Port };
parentPort.on('message', ({ id, task }) => {
  try {
    parentPort.postMessage({ id, result: runTask(task) });
  } catch (e) {
    // the message only: never the task, which may hold secrets
    parentPort.postMessage({ id, error: e instanceof Error ? e.message : String(e) });
  }
});
