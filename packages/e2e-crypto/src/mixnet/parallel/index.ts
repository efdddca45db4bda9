/**
 * `@evident/e2e-crypto/mixnet-parallel`: the Node-only parallel mixnet code (spec/mixnet.md §7.2,
 * §7.3) — a pool of worker threads, the parallel prover and the parallel verifier from JSON.
 * Kept out of the browser-safe main entry point: it loads `node:worker_threads` on demand.
 * Without the compiled worker (TypeScript sources in tests) or with 0 threads, work runs in the
 * calling thread with the same results.
 * @module
 */
export { createPool, inThread, type PoolOptions, type TaskRunner } from './pool.js';
export {
  precomputeShuffleParallel,
  shuffleAndProveParallel,
  type ParallelProveOptions,
} from './prove-parallel.js';
export { verifyShuffleJson } from './verify-json.js';
