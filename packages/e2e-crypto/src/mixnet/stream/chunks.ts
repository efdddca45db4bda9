/**
 * Chunked iteration with bounded concurrency for the streamed mixnet (spec/mixnet.md §7.4): at
 * most `inFlight` chunk tasks are pending at once, so memory stays bounded whatever N is.
 * @module
 */

/** Row ranges [a, b) of at most `per` rows covering 0..N−1. */
export function chunkRanges(N: number, per: number): [number, number][] {
  const out: [number, number][] = [];
  for (let a = 0; a < N; a += per) out.push([a, Math.min(N, a + per)]);
  return out;
}

/** Rows per chunk: `want`, or fewer so that every thread gets at least two chunks. */
export function rowsPerChunk(N: number, threads: number, want: number | undefined): number {
  if (want !== undefined && (!Number.isSafeInteger(want) || want < 1))
    throw new RangeError('chunkRows must be a positive integer');
  return Math.max(1, Math.min(want ?? 4096, Math.ceil(N / Math.max(2, 2 * threads))));
}

/**
 * Calls `start(range)` for every range, in order, with at most `inFlight` pending; `done` gets the
 * results in completion order. Rejects with the first failure, after the pending tasks settle.
 */
export async function forChunks<R>(
  ranges: readonly [number, number][],
  inFlight: number,
  start: (range: [number, number], index: number) => Promise<R>,
  done: (r: R, index: number) => void,
): Promise<void> {
  const pending = new Set<Promise<void>>();
  let failure: unknown;
  for (let x = 0; x < ranges.length && failure === undefined; x++) {
    const p: Promise<void> = start(ranges[x]!, x).then(
      (r) => {
        if (failure === undefined) done(r, x);
      },
      (e: unknown) => {
        failure ??= e;
      },
    );
    const tracked = p.finally(() => pending.delete(tracked));
    pending.add(tracked);
    if (pending.size >= inFlight) await Promise.race(pending);
  }
  await Promise.all(pending);
  if (failure !== undefined) throw failure;
}
