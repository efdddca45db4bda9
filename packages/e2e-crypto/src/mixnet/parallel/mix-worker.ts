/**
 * Worker-thread entry of the parallel mixnet code (Node only; never imported by the library's
 * index, so browser builds do not see it). Runs {@link runMsmTask} on each message.
 * @module
 */
import { runMsmTask, type MsmTask } from './msm-task.js';

interface Port {
  on(ev: 'message', f: (m: { id: number; task: MsmTask }) => void): void;
  postMessage(m: unknown): void;
}
const { parentPort } = (await import('node:worker_threads' as string)) as { parentPort: Port };
parentPort.on('message', ({ id, task }) => {
  try {
    parentPort.postMessage({ id, result: runMsmTask(task) });
  } catch (e) {
    parentPort.postMessage({ id, error: e instanceof Error ? e.message : String(e) });
  }
});
