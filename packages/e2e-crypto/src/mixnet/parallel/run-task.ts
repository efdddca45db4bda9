/**
 * One entry for every task kind of the parallel mixnet code (spec/mixnet.md §7.2, §7.3): the
 * verifier's multi-exponentiation chunks ({@link MsmTask}, no `kind`) and the prover's tasks
 * ({@link ProveTask}). Browser-safe; used by the Node worker and by the in-thread runner.
 * @module
 */
import { type MsmResult, type MsmTask, runMsmTask } from './msm-task.js';
import { type ProveResults, type ProveTask, runProveTask } from './prove-task.js';

/** Any task a {@link TaskRunner} runs. */
export type MixTask = MsmTask | ProveTask;

/** The result type of a task. */
export type MixResult<T extends MixTask> = T extends ProveTask ? ProveResults[T['kind']] : MsmResult;

/** Runs one task in this thread. */
export function runTask<T extends MixTask>(task: T): MixResult<T> {
  return ('kind' in task ? runProveTask(task) : runMsmTask(task)) as MixResult<T>;
}

/**
 * The byte arrays of a task that hold secrets: handed over to the worker (transferred, so that
 * this thread keeps no copy) and zeroed there after use.
 */
export function secretBuffers(task: MixTask): Uint8Array[] {
  if (!('kind' in task)) return [];
  switch (task.kind) {
    case 'prove-offline':
      return [task.r, task.rc, task.omegaP];
    case 'msm-columns':
    case 'chain':
      return [task.exps];
    default:
      return [];
  }
}
