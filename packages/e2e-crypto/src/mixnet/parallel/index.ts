/**
 * `@evident/e2e-crypto/mixnet-parallel`: the Node-only parallel mixnet code (spec/mixnet.md §7.2–
 * §7.4) — the task runner over Evident's one worker pool, the parallel prover, the parallel
 * verifier from JSON, and the streamed prover and verifier over files for national scale.
 * Kept out of the browser-safe main entry point: it loads Node modules. Without the compiled
 * worker (TypeScript sources in tests) or with 0 threads, work runs in the calling thread with
 * the same results.
 * @module
 */
export {
  createPool,
  inThread,
  type MixCapablePool,
  type PoolOptions,
  runnerOver,
  type TaskRunner,
} from './pool.js';
export { runMix, runStream } from './mix-worker.js';
export {
  precomputeShuffleParallel,
  shuffleAndProveParallel,
  type ParallelProveOptions,
} from './prove-parallel.js';
export { verifyShuffleJson } from './verify-json.js';
export { headPath, shufflePaths } from '../stream/shuffle-files.js';
export {
  appendRows,
  readProofFiles,
  readRows,
  readRowsAt,
  rowsBytes,
  writeProofFiles,
} from '../stream/shuffle-io.js';
export { headFromJson, headToJson, type StreamProofHead } from '../stream/stream-head.js';
export { shuffleAndProveStream, type StreamProveOptions } from '../stream/stream-prove.js';
export type { ShufflePaths } from '../stream/stream-task-types.js';
export { verifyShuffleStream, type StreamVerifyOptions } from '../stream/stream-verify.js';
export { keepCiphertextRows, keptElements, releaseScope } from '../stream/kept-rows.js';
export { type ChainStageFiles, type ChainVerifyOptions, verifyChainStream } from '../stream/chain-verify.js';
