/**
 * The task runner of the parallel mixnet code (spec/mixnet.md §7.2–§7.4): Evident's one worker
 * pool (`@evident/e2e-crypto/worker-pool`, over piscina) running ./mix-worker.js, or this thread.
 * Node only, loaded with a dynamic import so that the library has no Node dependency: only
 * benchmarks and Node verifiers and mixers import this file. Without the compiled worker (tests
 * run the TypeScript sources) or with 0 threads, tasks run in this thread.
 *
 * Secret byte arrays of a task (./run-task.ts) are transferred to the worker, so this thread keeps
 * no copy, and the worker zeroes them once read. A worker that dies (an uncaught error, running
 * out of memory, exiting) breaks the runner: every waiting and every later task is rejected with
 * an error that says so; a task that throws in a worker is rejected with its message only (never
 * the task, which may hold secrets).
 * @module
 */
import { ristretto } from '../../group/ristretto255.js';
import { packScalars } from './msm-task.js';
import { type MixResult, type MixTask, runTask, secretBuffers } from './run-task.js';
import type { StreamResults, StreamTask } from '../stream/stream-task-types.js';

/** Runs tasks, in workers or in this thread. */
export interface TaskRunner {
  /** worker threads in use (0: this thread) */
  readonly threads: number;
  /**
   * Runs the tasks, in any order and concurrently with other calls; resolves in task order.
   * Secret byte arrays of the tasks (./run-task.ts) are handed over and zeroed after use.
   * @throws {Error} "mixnet worker pool failed: …" when a worker dies, "mixnet worker task
   *   failed: …" when a task throws in a worker
   */
  run<T extends MixTask>(tasks: readonly T[]): Promise<MixResult<T>[]>;
  /**
   * Runs one task of the streamed mixnet (../stream/, Node only: it reads and writes files).
   * Its `secret` bytes, if any, are transferred and zeroed after use. Errors as for `run`.
   */
  stream?<T extends StreamTask>(task: T): Promise<StreamResults[T['kind']]>;
  close(): Promise<void>;
}

/** Runs every task in this thread, one after the other. */
export const inThread: TaskRunner = {
  threads: 0,
  run: async <T extends MixTask>(tasks: readonly T[]) => tasks.map((t) => runTask(t)),
  async stream<T extends StreamTask>(task: T): Promise<StreamResults[T['kind']]> {
    const m = await import('../stream/stream-tasks.js');
    return m.runStreamTask(task);
  },
  close: async () => {},
};

/** Options of {@link createPool}. */
export interface PoolOptions {
  /** the worker script (default: the compiled ./mix-worker.js beside this file; a `file:` URL) */
  readonly workerUrl?: URL;
}

/** What a worker answers (./mix-worker.ts): a result, or the message of the error it threw. */
type Reply = { readonly result: unknown } | { readonly error: string };

interface PoolModule {
  createWorkerPool(o: { worker: URL; threads: number }): {
    run<R>(task: unknown, name: string, transfer?: readonly ArrayBuffer[]): Promise<R>;
    close(): Promise<void>;
  };
}

/** A pool whose worker module exports `runMix` and `runStream` (./mix-worker.ts). */
export interface MixCapablePool {
  run<R>(task: unknown, name: string, transfer?: readonly ArrayBuffer[]): Promise<R>;
  close(): Promise<void>;
}

/**
 * A runner over `pool`, an existing pool of `threads` workers whose module re-exports
 * ./mix-worker.ts's `runMix` and `runStream` (the verifier's pool: its ranked contests' chunks
 * then share the workers with its other tasks). Closing the runner closes `pool` unless
 * `shared`; a worker that dies breaks this runner only.
 */
export function runnerOver(pool: MixCapablePool, threads: number, shared = false): TaskRunner {
  let failure: Error | undefined;
  let closing = false;
  const call = async (name: string, task: unknown, secrets: Uint8Array[]): Promise<unknown> => {
    if (failure) throw failure;
    let reply: Reply;
    try {
      // transferring detaches the secret buffers here: the worker holds the only copy
      reply = await pool.run<Reply>(
        task,
        name,
        secrets.map((b) => b.buffer as ArrayBuffer),
      );
    } catch (e) {
      if (!closing && !failure)
        failure = new Error(`mixnet worker pool failed: ${e instanceof Error ? e.message : String(e)}`);
      throw failure ?? new Error('mixnet worker pool failed: closed');
    }
    if (failure) throw failure;
    if ('error' in reply) throw new Error(`mixnet worker task failed: ${reply.error}`);
    return reply.result;
  };
  return {
    threads,
    run<T extends MixTask>(tasks: readonly T[]): Promise<MixResult<T>[]> {
      return Promise.all(tasks.map((t) => call('runMix', t, secretBuffers(t)) as Promise<MixResult<T>>));
    },
    stream<T extends StreamTask>(task: T): Promise<StreamResults[T['kind']]> {
      const secrets = 'secret' in task && task.secret instanceof Uint8Array ? [task.secret] : [];
      return call('runStream', task, secrets) as Promise<StreamResults[T['kind']]>;
    },
    async close() {
      closing = true;
      if (!shared) await pool.close();
    },
  };
}

/**
 * A runner over `threads` worker threads of the shared pool, or {@link inThread} when
 * threads ≤ 0 or the compiled worker script is absent.
 * @throws {Error} "mixnet worker pool failed: …" when a worker cannot start
 */
export async function createPool(threads: number, opts: PoolOptions = {}): Promise<TaskRunner> {
  if (threads <= 0) return inThread;
  const url = opts.workerUrl ?? new URL('./mix-worker.js', import.meta.url);
  let pool: ReturnType<PoolModule['createWorkerPool']>;
  try {
    if (url.protocol !== 'file:') return inThread;
    const fs = (await import('node:fs' as string)) as { existsSync(p: URL): boolean };
    if (!fs.existsSync(url)) return inThread;
    const m = (await import('../../node/worker-pool.js' as string)) as PoolModule;
    pool = m.createWorkerPool({ worker: url, threads });
  } catch {
    return inThread;
  }
  const runner = runnerOver(pool, threads);
  // warm up: every worker loads its modules before the first timed task
  const one = ristretto.encode(ristretto.g);
  try {
    await runner.run(
      Array.from({ length: threads }, () => ({
        group: 'ristretto255',
        hFrom: 1,
        hCount: 0,
        points: one,
        exps: packScalars([1n]),
      })),
    );
  } catch (e) {
    await runner.close().catch(() => {});
    throw e;
  }
  return runner;
}
