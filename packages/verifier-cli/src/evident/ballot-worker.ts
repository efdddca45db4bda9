/**
 * Worker module of the ballot pass (spec/verification.md §0.3), run by the shared worker pool
 * (`@evident/e2e-crypto/worker-pool`): loads the record's context once per thread, on the first
 * chunk, then checks the chunks it is given.
 * @module
 */
import { workerData } from 'node:worker_threads';
import { type Chunk, type ChunkResult, checkChunk } from './check-chunk.js';
import { type EvidentContext, loadEvidentContext } from './context.js';

let ctx: EvidentContext<unknown> | undefined;

/**
 * Checks one chunk of ballots with this thread's context.
 * @throws {Error} when the record's context cannot be established (the main thread checked it
 *   before starting the pool, so this is a bug or a record changed under the verifier)
 */
export function checkChunkTask(chunk: Chunk): ChunkResult {
  if (!ctx) {
    const { dir } = workerData as { dir: string };
    ctx = loadEvidentContext(dir).ctx as EvidentContext<unknown> | undefined;
    if (!ctx) throw new Error('context unavailable');
  }
  return checkChunk(ctx, chunk);
}
