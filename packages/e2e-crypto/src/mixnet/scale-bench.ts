/**
 * The mixnet at national scale (spec/mixnet.md §7.4): the streamed prover and
 * verifier on N rows of width w (ristretto255) through the one worker pool, with the raw
 * exponentiation rate measured in the same run. `EVIDENT_MIX_BALLOTS` sets N (default 10,000 for
 * `npm run bench`; 1000000 for the full run), `EVIDENT_MIX_WIDTH` w (default 1),
 * `EVIDENT_MIX_THREADS` the worker threads (default 2), `EVIDENT_MIX_DIR` where the files go
 * (default a temporary folder, removed afterwards).
 *
 * Reported per step: wall and CPU seconds (CPU of all threads: the work, whatever the load of the
 * shared machine), peak RSS of the process during the step, exponentiation-equivalents per
 * ciphertext (CPU per ciphertext ÷ CPU of one raw variable-base exponentiation, and ÷ one
 * fixed-base one), and the projection to 1,000,000 rows: measured wall × 10^6/N, and the wall on
 * two free cores, CPU × 10^6/N ÷ 2. Node only.
 * @module
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync, appendFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { encrypt, publicKey } from '../elgamal/elgamal.js';
import { ristretto } from '../group/ristretto255.js';
import { randomScalar } from '../group/scalar.js';
import { type BenchSuite, cpuSeconds, envInt } from './bench-suite.js';
import { mixSessionHash } from './generators.js';
import { createPool } from './parallel/pool.js';
import { shufflePaths } from './stream/shuffle-files.js';
import { rowsBytes } from './stream/shuffle-io.js';
import { shuffleAndProveStream } from './stream/stream-prove.js';
import { verifyShuffleStream } from './stream/stream-verify.js';

/** CPU ms per call of fn (this thread alone: no workers exist yet). */
function cpuMs(fn: () => void, minMs = 500): number {
  for (let i = 0; i < 3; i++) fn();
  const c0 = cpuSeconds();
  let runs = 0;
  while ((cpuSeconds() - c0) * 1000 < minMs || runs < 5) {
    fn();
    runs++;
  }
  return ((cpuSeconds() - c0) * 1000) / runs;
}

interface Measured<T> {
  readonly value: T;
  readonly wall: number;
  readonly cpu: number;
  readonly peakRssMB: number;
}

/** Runs f, sampling the process's RSS every 100 ms. */
async function measure<T>(f: () => Promise<T>): Promise<Measured<T>> {
  let peak = process.memoryUsage.rss();
  const timer = setInterval(() => (peak = Math.max(peak, process.memoryUsage.rss())), 100);
  const c0 = cpuSeconds();
  const t0 = performance.now();
  try {
    const value = await f();
    return {
      value,
      wall: (performance.now() - t0) / 1000,
      cpu: cpuSeconds() - c0,
      peakRssMB: Math.max(peak, process.memoryUsage.rss()) / 2 ** 20,
    };
  } finally {
    clearInterval(timer);
  }
}

/** The mixnet scale suite. */
export const mixnetScaleSuite: BenchSuite = {
  name: 'mixnet-scale',
  description:
    'streamed shuffle + proof and verification of N ranked rows (EVIDENT_MIX_BALLOTS, default 10,000) over files, worker pool, ristretto255',
  async run() {
    const G = ristretto;
    const N = envInt('EVIDENT_MIX_BALLOTS', 10_000, 2);
    const w = envInt('EVIDENT_MIX_WIDTH', 1, 1);
    const threads = envInt('EVIDENT_MIX_THREADS', 2, 0);
    const pk = publicKey(G, G.gExp(randomScalar(G.q)));
    const session = mixSessionHash(new Uint8Array(32), 'bench:scale');

    // raw rates, CPU time on this thread before any worker exists
    const xs = Array.from({ length: 64 }, () => randomScalar(G.q));
    let n = 0;
    const next = () => xs[n++ % xs.length]!;
    const P = G.gExp(next());
    const msExp = cpuMs(() => G.exp(P, next()));
    const msFixed = cpuMs(() => pk.pow(next()));

    const base = process.env.EVIDENT_MIX_DIR;
    if (base) mkdirSync(base, { recursive: true }); // a folder that does not exist yet is made
    const dir = mkdtempSync(join(base ?? tmpdir(), 'evident-mix-scale-'));
    const paths = shufflePaths(dir);
    try {
      // inputs: 4096 distinct encryptions repeated (the cost of a shuffle does not depend on them)
      const block = rowsBytes(
        G,
        Array.from({ length: Math.min(N, 4096) }, (_, i) =>
          Array.from({ length: w }, (_, k) => encrypt(G, pk, (i + k) % 10)),
        ),
      );
      writeFileSync(paths.inputs, new Uint8Array(0));
      const rowB = block.length / Math.min(N, 4096);
      for (let a = 0; a < N; a += 4096)
        appendFileSync(paths.inputs, block.subarray(0, Math.min(4096, N - a) * rowB));

      const pool = await createPool(threads);
      let prove: Measured<unknown>;
      let verify: Measured<readonly unknown[]>;
      try {
        prove = await measure(() => shuffleAndProveStream(pool, G, pk, session, paths, dir, N, w));
        verify = await measure(() => verifyShuffleStream(pool, G, pk.K, session, paths, dir));
      } finally {
        await pool.close();
      }
      if (verify.value.length > 0)
        throw new Error(`mixnet-scale: honest proof rejected: ${JSON.stringify(verify.value)}`);
      const cts = N * w;
      const load = (await import('node:os')).loadavg()[0]!;
      const row = (step: string, m: Measured<unknown>, targetS: number) => ({
        step,
        N,
        w,
        threads: pool.threads || 1,
        'wall s': Number(m.wall.toFixed(2)),
        'cpu s': Number(m.cpu.toFixed(2)),
        'peak RSS MB': Math.round(m.peakRssMB),
        'µs cpu/ct': Number(((m.cpu / cts) * 1e6).toFixed(1)),
        'exp-equiv/ct': Number((((m.cpu / cts) * 1000) / msExp).toFixed(2)),
        'fixed-exp-equiv/ct': Number((((m.cpu / cts) * 1000) / msFixed).toFixed(2)),
        '1M wall s (measured × 1M/N)': Math.round((m.wall * 1e6) / N),
        '1M wall s on 2 free cores (cpu × 1M/N / 2)': Math.round((m.cpu * 1e6) / N / 2),
        '1M target s': targetS,
        meets: (m.cpu * 1e6) / N / 2 <= targetS ? 'yes (cpu/2)' : 'NO',
        load: Number(load.toFixed(1)),
      });
      return {
        rows: [
          {
            step: 'raw G.exp (variable base)',
            'µs cpu/ct': Number((msExp * 1000).toFixed(1)),
            'exps/s': Math.round(1000 / msExp),
          },
          {
            step: 'raw K^e (fixed base)',
            'µs cpu/ct': Number((msFixed * 1000).toFixed(1)),
            'exps/s': Math.round(1000 / msFixed),
          },
          row('shuffle + prove (streamed)', prove, 300),
          row('verify (streamed)', verify, 180),
        ],
        notes: [
          `N = ${N} rows of ${w} ciphertext(s); files in ${base ?? 'a temporary folder'}; the machine is shared: wall seconds depend on the load (1-minute load average in "load"); CPU seconds and exp-equivalents do not (much)`,
          'exp-equiv/ct = CPU seconds per ciphertext of the step (all threads) ÷ CPU seconds of one raw variable-base exponentiation measured in this run; fixed-exp-equiv/ct the same against the raw fixed-base one',
          'targets for 1,000,000 rows on 2 cores: shuffle + prove ≤ 300 s, verify ≤ 180 s; "meets" compares the CPU projection (the wall time on 2 otherwise idle cores)',
        ],
      };
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  },
};
