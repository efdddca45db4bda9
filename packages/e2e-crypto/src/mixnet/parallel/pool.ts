/**
 * A small pool of worker threads for the parallel mixnet code (spec/mixnet.md §7.2, §7.3). Node
 * only, loaded with a dynamic import so that the library has no Node dependency: only benchmarks
 * and Node verifiers and mixers import this file. Without the compiled worker (tests run the
 * TypeScript sources) or with 0 threads, tasks run in this thread.
 *
 * Tasks wait in one queue; each worker holds at most two at a time, so a worker never idles
 * while this thread is busy hashing, and a slow task does not hold up the others. A worker that
 * dies (an uncaught error, running out of memory, exiting) breaks the pool: every waiting and
 * every later task is rejected with an error that says so.
 * @module
 */
import { ristretto } from '../../group/ristretto255.js';
import { packScalars } from './msm-task.js';
import { type MixResult, type MixTask, runTask, secretBuffers } from './run-task.js';

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
  close(): Promise<void>;
}

interface WorkerLike {
  postMessage(m: unknown, transfer?: readonly ArrayBuffer[]): void;
  on(ev: 'message', f: (m: { id: number; result?: unknown; error?: string }) => void): void;
  on(ev: 'error', f: (e: Error) => void): void;
  on(ev: 'exit', f: (code: number) => void): void;
  terminate(): Promise<number>;
}

/** Runs every task in this thread, one after the other. */
export const inThread: TaskRunner = {
  threads: 0,
  run: async <T extends MixTask>(tasks: readonly T[]) => tasks.map((t) => runTask(t)),
  close: async () => {},
};

/** Options of {@link createPool}. */
export interface PoolOptions {
  /** the worker script (default: the compiled ./mix-worker.js beside this file) */
  readonly workerUrl?: URL;
}

interface Job {
  readonly task: MixTask;
  resolve(r: unknown): void;
  reject(e: Error): void;
}

/**
 * A pool of `threads` workers, or {@link inThread} when threads ≤ 0 or the compiled worker
 * script is absent.
 * @throws {Error} "mixnet worker pool failed: …" when a worker cannot start
 */
export async function createPool(threads: number, opts: PoolOptions = {}): Promise<TaskRunner> {
  if (threads <= 0) return inThread;
  const url = opts.workerUrl ?? new URL('./mix-worker.js', import.meta.url);
  let WorkerCtor: new (u: URL) => WorkerLike;
  try {
    if (url.protocol === 'file:') {
      const fs = (await import('node:fs' as string)) as { existsSync(p: URL): boolean };
      if (!fs.existsSync(url)) return inThread;
    } else if (url.protocol !== 'data:') return inThread;
    WorkerCtor = ((await import('node:worker_threads' as string)) as { Worker: typeof WorkerCtor }).Worker;
  } catch {
    return inThread;
  }
  const queue: Job[] = [];
  const slots = Array.from({ length: threads }, () => ({
    worker: new WorkerCtor(url),
    running: new Map<number, Job>(),
  }));
  let failure: Error | undefined;
  let closing = false;
  let nextId = 0;

  const fail = (why: string): void => {
    if (closing || failure) return;
    failure = new Error(`mixnet worker pool failed: ${why}`);
    for (const s of slots) {
      for (const j of s.running.values()) j.reject(failure);
      s.running.clear();
    }
    for (const j of queue.splice(0)) j.reject(failure);
    for (const s of slots) void s.worker.terminate();
  };
  const pump = (): void => {
    while (queue.length > 0) {
      let s: (typeof slots)[number] | undefined;
      for (const x of slots) if (x.running.size < 2 && (!s || x.running.size < s.running.size)) s = x;
      if (!s) return;
      const job = queue.shift()!;
      const id = nextId++;
      s.running.set(id, job);
      const secrets = secretBuffers(job.task).map((b) => b.buffer as ArrayBuffer);
      // transferring detaches the secret buffers here: the worker holds the only copy
      s.worker.postMessage({ id, task: job.task }, secrets);
    }
  };
  for (const s of slots) {
    s.worker.on('message', (m) => {
      const job = s.running.get(m.id);
      s.running.delete(m.id);
      if (m.error !== undefined) job?.reject(new Error(`mixnet worker task failed: ${m.error}`));
      else job?.resolve(m.result);
      pump();
    });
    s.worker.on('error', (e) => fail(e.message));
    s.worker.on('exit', (code) => fail(`a worker exited (code ${code})`));
  }
  const runner: TaskRunner = {
    threads,
    run<T extends MixTask>(tasks: readonly T[]): Promise<MixResult<T>[]> {
      if (failure) return Promise.reject(failure);
      const all = tasks.map(
        (task) =>
          new Promise<MixResult<T>>((resolve, reject) => {
            queue.push({ task, resolve: resolve as (r: unknown) => void, reject });
          }),
      );
      pump();
      return Promise.all(all);
    },
    async close() {
      closing = true;
      await Promise.all(slots.map((s) => s.worker.terminate()));
    },
  };
  // warm up: every worker loads its modules before the first timed task
  const one = ristretto.encode(ristretto.g);
  await runner.run(
    slots.map(() => ({ group: 'ristretto255', hFrom: 1, hCount: 0, points: one, exps: packScalars([1n]) })),
  );
  return runner;
}
