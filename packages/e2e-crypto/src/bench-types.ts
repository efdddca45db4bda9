/**
 * The shape of a benchmark suite that `npm run bench` (scripts/bench.js) runs.
 * @module
 */

/** One row of a result table: column → value. */
export type BenchRow = Record<string, string | number>;

/** What a suite returns. */
export interface BenchResult {
  readonly rows: BenchRow[];
  readonly notes?: string[];
}

/** A named benchmark. */
export interface BenchSuite {
  readonly name: string;
  readonly description: string;
  run(): Promise<BenchResult>;
}

/** Runs `fn` repeatedly for at least `minMs` (and `minRuns` times); returns milliseconds per call. */
export function timeIt(fn: () => void, minMs = 400, minRuns = 3): number {
  // warm-up (tables, JIT): a quarter of the measuring time, at least one call
  const w0 = performance.now();
  do fn();
  while (performance.now() - w0 < minMs / 4);
  let runs = 0;
  const t0 = performance.now();
  let t = t0;
  while (t - t0 < minMs || runs < minRuns) {
    fn();
    runs++;
    t = performance.now();
  }
  return (t - t0) / runs;
}
