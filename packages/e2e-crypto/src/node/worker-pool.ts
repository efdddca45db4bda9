/**
 * The one worker pool of Evident: the server's ballot verification, the
 * verifier's ballot and record passes and the mixnet all run their parallel work through this
 * module, a thin layer over `piscina` (a well-kept pool: one task queue, workers restarted when
 * they die, transfer lists, back-pressure). Node only: the browser never imports this subpath
 * (`@evident/e2e-crypto/worker-pool`).
 *
 * A worker script is a module whose named exports are the task functions; `run(task, name)`
 * calls the export `name` with `task` in some worker and resolves with what it returns.
 * @module
 */
import { availableParallelism } from 'node:os';
import { Piscina } from 'piscina';

/** Options of {@link createWorkerPool}. */
export interface WorkerPoolOptions {
  /** the compiled worker module (a `file:` URL or path) */
  readonly worker: URL | string;
  /** worker threads (default: the machine's available parallelism) */
  readonly threads?: number;
  /** passed to every worker as `workerData` */
  readonly workerData?: unknown;
  /** most tasks waiting before `run` rejects (default: unbounded) */
  readonly maxQueue?: number;
  /** heap limits of each worker thread (Node's `resourceLimits`), e.g. to bound memory */
  readonly resourceLimits?: {
    readonly maxOldGenerationSizeMb?: number;
    readonly maxYoungGenerationSizeMb?: number;
  };
}

/** A pool of worker threads. */
export interface WorkerPool {
  /** the number of worker threads */
  readonly threads: number;
  /** tasks waiting for a worker */
  readonly queued: number;
  /**
   * Runs the worker module's export `name` on `task` in some worker.
   * @param transfer - buffers handed over to the worker (unusable here afterwards)
   */
  run<R>(task: unknown, name: string, transfer?: readonly ArrayBuffer[]): Promise<R>;
  /** Stops the workers once the running tasks end. */
  close(): Promise<void>;
}

/** The default number of worker threads: one per core the process may use. */
export function defaultThreads(): number {
  return Math.max(1, availableParallelism());
}

/** Starts a pool of worker threads running `opts.worker`. */
export function createWorkerPool(opts: WorkerPoolOptions): WorkerPool {
  const threads = Math.max(1, opts.threads ?? defaultThreads());
  const filename = typeof opts.worker === 'string' ? opts.worker : opts.worker.href;
  const pool = new Piscina({
    filename,
    minThreads: threads,
    maxThreads: threads,
    idleTimeout: Number.POSITIVE_INFINITY,
    workerData: opts.workerData,
    ...(opts.maxQueue !== undefined ? { maxQueue: opts.maxQueue } : {}),
    ...(opts.resourceLimits ? { resourceLimits: { ...opts.resourceLimits } } : {}),
  });
  return {
    threads,
    get queued() {
      return pool.queueSize;
    },
    run<R>(task: unknown, name: string, transfer?: readonly ArrayBuffer[]): Promise<R> {
      return pool.run(task, { name, ...(transfer ? { transferList: [...transfer] } : {}) }) as Promise<R>;
    },
    close: () => pool.close(),
  };
}
