/**
 * The worker threads of one verification (spec/verification.md §0.3): the shared worker pool
 * (`@evident/e2e-crypto/worker-pool`, over piscina) running ./verify-worker.js, started once for
 * the whole run with the light context of steps 1–4 (./light-context.ts) and used by every phase
 * — the ballot pass's chunks, the ranked contests, the board's credential signatures — so that
 * both cores work in every phase and no worker re-runs the setup steps.
 * @module
 */
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { createWorkerPool } from '@evident/e2e-crypto/worker-pool';
import type { EvidentContext } from './context.js';
import { lightContext } from './light-context.js';

/** The compiled worker; from TypeScript sources (tests), the one of the same package when it is built. */
export const VERIFY_WORKER_FILE = fileURLToPath(
  import.meta.url.endsWith('.ts')
    ? new URL('../../dist/evident/verify-worker.js', import.meta.url)
    : new URL('./verify-worker.js', import.meta.url),
);

/** True when compiled worker code is available (not under a TypeScript test runner). */
export function workersAvailable(): boolean {
  return existsSync(VERIFY_WORKER_FILE);
}

/** The pool of one verification run. */
export interface VerifyPool {
  readonly threads: number;
  /** Runs the worker's export `name` on `task`, handing over `transfer`. */
  run<R>(task: unknown, name: string, transfer?: readonly ArrayBuffer[]): Promise<R>;
  close(): Promise<void>;
}

/**
 * Semi-space of each worker's young generation in MB (spec/verification.md §0.3.3). V8's default
 * lets a busy worker's new space grow to two 16 MB semi-spaces, resident once used. Measured on
 * the 20,000-ballot export layout, alternated with the default in one sitting: 8 MB took the
 * peak resident set from about 360 to 310 MB for about 1 % more CPU time, 4 MB to 290 MB for
 * about 4 % more (the chunk's batch, promoted sooner, costs more old-generation collections).
 */
export const WORKER_SEMI_SPACE_MB = 8;

/**
 * Young-generation limit of each worker in MB: V8 makes it of two semi-spaces and a space for
 * large new objects of the same size.
 */
export const WORKER_YOUNG_MB = 3 * WORKER_SEMI_SPACE_MB;

/**
 * Starts `threads` workers holding `ctx` in light form; undefined when `threads` is 0 or the
 * compiled worker is absent (the caller then checks in this thread).
 * @param heapMb - old-generation heap limit of each worker (V8 otherwise lets a busy worker's
 *   garbage grow to hundreds of MB)
 * @param youngMb - young-generation limit of each worker ({@link WORKER_YOUNG_MB})
 */
export function startVerifyPool<E>(
  ctx: EvidentContext<E>,
  threads: number,
  heapMb = 128,
  youngMb = WORKER_YOUNG_MB,
): VerifyPool | undefined {
  if (threads <= 0 || !workersAvailable()) return undefined;
  const pool = createWorkerPool({
    worker: VERIFY_WORKER_FILE,
    threads,
    workerData: { light: lightContext(ctx) },
    resourceLimits: { maxOldGenerationSizeMb: heapMb, maxYoungGenerationSizeMb: youngMb },
  });
  return {
    threads,
    run: <R>(task: unknown, name: string, transfer?: readonly ArrayBuffer[]) =>
      pool.run<R>(task, name, transfer),
    close: () => pool.close(),
  };
}
