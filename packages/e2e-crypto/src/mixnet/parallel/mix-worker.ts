/**
 * Worker module of the parallel mixnet code, run by Evident's one worker pool
 * (`@evident/e2e-crypto/worker-pool`, piscina; Node only, never imported by the library's index).
 * Its exports are the task functions the pool calls by name: `runMix` for the verifier's
 * multi-exponentiation chunks and the prover's tasks (spec/mixnet.md §7.2, §7.3), `runStream`
 * for the streamed mixnet's chunk tasks (§7.4). An error thrown by a task comes back as its
 * message only: never the task, which may hold secrets.
 * @module
 */
import { runStreamTask } from '../stream/stream-tasks.js';
import type { StreamTask } from '../stream/stream-task-types.js';
import { type MixTask, runTask } from './run-task.js';

const guard =
  <T>(f: (t: T) => unknown) =>
  (task: T): { result: unknown } | { error: string } => {
    try {
      return { result: f(task) };
    } catch (e) {
      return { error: e instanceof Error ? e.message : String(e) };
    }
  };

/** Runs one task of ./run-task.ts. */
export const runMix = guard((t: MixTask) => runTask(t));

/** Runs one task of ../stream/stream-tasks.ts. */
export const runStream = guard((t: StreamTask) => runStreamTask(t));
