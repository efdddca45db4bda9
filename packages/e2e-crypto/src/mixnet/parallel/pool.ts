/**
 * A small pool of worker threads for the parallel mixnet code (spec/mixnet.md §7.2). Node only,
 * loaded with a dynamic import so that the library has no Node dependency: only benchmarks and
 * Node verifiers import this file. Without the compiled worker (tests run the TypeScript sources)
 * or with 0 threads, tasks run in this thread.
 * @module
 */
import { ristretto } from '../../group/ristretto255.js';
import { packScalars, runMsmTask, type MsmResult, type MsmTask } from './msm-task.js';

/** Runs tasks, in workers or in this thread. */
export interface TaskRunner {
  /** worker threads in use (0: this thread) */
  readonly threads: number;
  run(tasks: readonly MsmTask[]): Promise<MsmResult[]>;
  close(): Promise<void>;
}

interface WorkerLike {
  postMessage(m: unknown): void;
  on(ev: 'message', f: (m: { id: number; result?: MsmResult; error?: string }) => void): void;
  on(ev: 'error', f: (e: Error) => void): void;
  terminate(): Promise<number>;
}

/** Runs every task in this thread, one after the other. */
export const inThread: TaskRunner = {
  threads: 0,
  run: async (tasks) => tasks.map(runMsmTask),
  close: async () => {},
};

/**
 * A pool of `threads` workers, or {@link inThread} when threads ≤ 0 or the compiled worker
 * script is absent.
 */
export async function createPool(threads: number): Promise<TaskRunner> {
  if (threads <= 0) return inThread;
  const url = new URL('./mix-worker.js', import.meta.url);
  let WorkerCtor: new (u: URL) => WorkerLike;
  try {
    const fs = (await import('node:fs' as string)) as { existsSync(p: URL): boolean };
    if (url.protocol !== 'file:' || !fs.existsSync(url)) return inThread;
    WorkerCtor = ((await import('node:worker_threads' as string)) as { Worker: typeof WorkerCtor }).Worker;
  } catch {
    return inThread;
  }
  const workers = Array.from({ length: threads }, () => new WorkerCtor(url));
  const waiting = new Map<number, { resolve(r: MsmResult): void; reject(e: Error): void }>();
  let nextId = 0;
  for (const w of workers) {
    w.on('message', (m) => {
      const p = waiting.get(m.id);
      waiting.delete(m.id);
      if (m.result) p?.resolve(m.result);
      else p?.reject(new Error(`mixnet worker failed: ${m.error}`));
    });
    w.on('error', (e) => {
      for (const p of waiting.values()) p.reject(e);
      waiting.clear();
    });
  }
  const runner: TaskRunner = {
    threads,
    run(tasks) {
      // hand out tasks round-robin; each worker processes its queue in order
      return Promise.all(
        tasks.map(
          (task, x) =>
            new Promise<MsmResult>((resolve, reject) => {
              const id = nextId++;
              waiting.set(id, { resolve, reject });
              workers[x % threads]!.postMessage({ id, task });
            }),
        ),
      );
    },
    async close() {
      await Promise.all(workers.map((w) => w.terminate()));
    },
  };
  // warm up: every worker loads its modules before the first timed task
  const one = ristretto.encode(ristretto.g);
  await runner.run(
    workers.map(() => ({ group: 'ristretto255', hFrom: 1, hCount: 0, points: one, exps: packScalars([1n]) })),
  );
  return runner;
}
