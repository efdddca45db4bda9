/**
 * Where the ranked steps' chunk tasks run (steps B and D in chunks: ./ballots-chunk.ts,
 * ./decryptions-chunk.ts): the verification's worker pool, by the name of the worker's export
 * (../evident/verify-worker.ts), or this thread.
 * @module
 */
import {
  type BallotsChunk,
  type ChunkContext,
  checkBallotsChunk,
  rowsOfChunk,
  type RowsChunk,
} from './ballots-chunk.js';
import { type DecryptionsChunk, checkDecryptionsChunk } from './decryptions-chunk.js';

/** Runs a chunk task by name. */
export interface ChunkRunner {
  run<R>(name: ChunkTaskName, task: unknown): Promise<R>;
}

/** The chunk tasks, by the name the worker exports them under. */
export type ChunkTaskName = 'rankedBallotsChunk' | 'rankedRowsChunk' | 'rankedDecryptionsChunk';

/** Runs chunk tasks in this thread with `ctx`. */
export function chunksInThread<E>(ctx: ChunkContext<E>): ChunkRunner {
  return {
    run: <R>(name: ChunkTaskName, task: unknown): Promise<R> =>
      Promise.resolve(runChunkTask(ctx, name, task) as R),
  };
}

/** Runs the chunk task `name` with `ctx` (a worker's export calls this). */
export function runChunkTask<E>(ctx: ChunkContext<E>, name: ChunkTaskName, task: unknown): unknown {
  switch (name) {
    case 'rankedBallotsChunk':
      return checkBallotsChunk(ctx, task as BallotsChunk);
    case 'rankedRowsChunk':
      return rowsOfChunk(task as RowsChunk);
    case 'rankedDecryptionsChunk':
      return checkDecryptionsChunk(ctx, task as DecryptionsChunk);
  }
}

/** Elements per chunk: enough for a batch to pay, few enough for both cores to share a contest. */
export const CHUNK_ELEMENTS = 512;

/** [first, end) of each chunk of `n` elements. */
export function chunkRanges(n: number, size = CHUNK_ELEMENTS): [number, number][] {
  const out: [number, number][] = [];
  for (let a = 0; a < n; a += size) out.push([a, Math.min(n, a + size)]);
  return out;
}

/**
 * Runs task `name` on each chunk of `n` elements (`taskOf(first, end)`), all queued at once, and
 * hands each result to `take` in chunk order as soon as it and those before it are in — so that
 * a contest of a million ballots never holds every chunk's result at once.
 */
export async function runChunks<R>(
  chunks: ChunkRunner,
  name: ChunkTaskName,
  n: number,
  size: number,
  taskOf: (first: number, end: number) => unknown,
  take: (result: R) => void,
): Promise<void> {
  const waiting = new Map<number, R>();
  let next = 0;
  await Promise.all(
    chunkRanges(n, size).map(([a, b], i) =>
      chunks.run<R>(name, taskOf(a, b)).then((r) => {
        waiting.set(i, r);
        for (let x = waiting.get(next); x !== undefined; x = waiting.get(next)) {
          waiting.delete(next++);
          take(x);
        }
      }),
    ),
  );
}
