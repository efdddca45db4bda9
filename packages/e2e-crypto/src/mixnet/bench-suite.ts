/**
 * Benchmark of the verifiable shuffle (spec/mixnet.md §7): offline and online prover time and
 * verification from JSON on one thread and on worker threads, N rows of width 1 on ristretto255,
 * with the raw exponentiation rates measured in the same run. `EVIDENT_MIX_N` sets N (default
 * 10,000; e.g. 1000 for a quick run), `EVIDENT_MIX_THREADS` the worker threads (default 2).
 * Node only (worker threads): imported by src/bench.ts, never by the browser-safe index.
 * @module
 */
import { encrypt, publicKey } from '../elgamal/elgamal.js';
import { ristretto } from '../group/ristretto255.js';
import { randomScalar } from '../group/scalar.js';
import { rowsToJson, shuffleProofToJson } from './codec.js';
import { forgetGenerators, mixSessionHash } from './generators.js';
import { precomputeShuffle, shuffleAndProve } from './offline.js';
import { createPool, inThread, type TaskRunner } from './parallel/pool.js';
import { verifyShuffleJson } from './parallel/verify-json.js';

/** The benchmark suite type of scripts/bench.js. */
export interface BenchSuite {
  readonly name: string;
  readonly description: string;
  run(): Promise<{ rows: Record<string, string | number>[]; notes?: string[] }>;
}

declare const process: { env: Record<string, string | undefined> } | undefined;

function envN(): number {
  const v = typeof process !== 'undefined' ? process.env.EVIDENT_MIX_N : undefined;
  const n = v === undefined ? 10_000 : Number(v);
  if (!Number.isSafeInteger(n) || n < 2) throw new RangeError('EVIDENT_MIX_N must be an integer ≥ 2');
  return n;
}

function rate(n: number, f: (i: number) => unknown): number {
  const t0 = performance.now();
  for (let i = 0; i < n; i++) f(i);
  return n / ((performance.now() - t0) / 1000);
}

/** Threads of the parallel rows (EVIDENT_MIX_THREADS, default 2). */
function envThreads(): number {
  const v = typeof process !== 'undefined' ? process.env.EVIDENT_MIX_THREADS : undefined;
  const n = v === undefined ? 2 : Number(v);
  if (!Number.isSafeInteger(n) || n < 1) throw new RangeError('EVIDENT_MIX_THREADS must be an integer ≥ 1');
  return n;
}

/** The mixnet suite. */
export const mixnetSuite: BenchSuite = {
  name: 'mixnet',
  description:
    'Terelius–Wikström shuffle of N ciphertexts (w = 1), ristretto255: offline/online prover, verifier on 1 and 2 threads',
  async run() {
    const G = ristretto;
    const N = envN();
    const threads = envThreads();
    const xs = Array.from({ length: 400 }, () => randomScalar(G.q));
    const P = G.gExp(xs[0]!);
    const expRate = rate(200, (i) => G.exp(P, xs[i]!));
    const gExpRate = rate(400, (i) => G.gExp(xs[i]!));
    const pk = publicKey(G, G.gExp(randomScalar(G.q)));
    const fixedRate = rate(400, (i) => pk.pow(xs[i]!));

    const session = mixSessionHash(new Uint8Array(32), 'bench');
    const inputs = Array.from({ length: N }, (_, i) => [encrypt(G, pk, i % 100)]);
    // the verifier must not reuse the prover's cached encodings: it reads JSON
    const inputsJson = JSON.stringify(rowsToJson(G, inputs));

    let t0 = performance.now();
    const pre = precomputeShuffle(G, pk, session, N, 1);
    const tOffline = (performance.now() - t0) / 1000;
    t0 = performance.now();
    const { outputs, proof } = shuffleAndProve(G, pk, session, inputs, pre);
    const json = JSON.stringify({ outputs: rowsToJson(G, outputs), proof: shuffleProofToJson(G, proof) });
    const tOnline = (performance.now() - t0) / 1000;

    const verifyWith = async (runner: TaskRunner): Promise<number> => {
      forgetGenerators(G); // the verifier derives the generators itself
      const t = performance.now();
      const parsed = JSON.parse(json) as { outputs: unknown; proof: unknown };
      const r = await verifyShuffleJson(
        runner,
        G,
        pk.K,
        session,
        JSON.parse(inputsJson),
        parsed.outputs,
        parsed.proof,
      );
      if (!r.valid) throw new Error('mixnet bench: honest proof rejected');
      return (performance.now() - t) / 1000;
    };
    const tVerify1 = await verifyWith(inThread);
    const pool = await createPool(threads);
    let tVerifyN: number;
    try {
      tVerifyN = await verifyWith(pool);
    } finally {
      await pool.close();
    }

    const perCt = (s: number) => (s / N) * 1000;
    const eqExps = (s: number) => (s / N) * expRate;
    const row = (step: string, n: number, seconds: number, target?: number) => ({
      step,
      N: n,
      seconds,
      'ms/ct': perCt(seconds) * (n === 1 ? N : 1),
      'exp-equiv/ct': n === 1 ? seconds * expRate : eqExps(seconds),
      ...(target !== undefined ? { 'target s': target, meets: seconds <= target ? 'yes' : 'NO' } : {}),
    });
    const scaled = (s: number) => (s * 10_000) / N; // projected to the target size
    return {
      rows: [
        row('raw G.exp (variable base)', 1, 1 / expRate),
        row('raw G.gExp', 1, 1 / gExpRate),
        row('raw fixed-base K^e', 1, 1 / fixedRate),
        row('prover offline (before close)', N, tOffline),
        row('prover online: shuffle + prove + JSON', N, tOnline, N === 10_000 ? 10 : undefined),
        row('prover total', N, tOffline + tOnline, N === 10_000 ? 10 : undefined),
        row('verify from JSON, 1 thread', N, tVerify1, N === 10_000 ? 10 : undefined),
        row(
          `verify from JSON, ${pool.threads || 1} worker thread(s)`,
          N,
          tVerifyN,
          N === 10_000 ? 10 : undefined,
        ),
      ],
      notes: [
        `targets (N = 10,000, 2 cores): shuffle + prove ≤ 10 s, verify ≤ 10 s; projected to N = 10,000 from this run: prover total ${scaled(tOffline + tOnline).toFixed(1)} s (online ${scaled(tOnline).toFixed(1)} s), verify ${scaled(tVerify1).toFixed(1)} s on 1 thread, ${scaled(tVerifyN).toFixed(1)} s on ${pool.threads || 1}`,
        `raw rates: G.exp ${expRate.toFixed(0)}/s, G.gExp ${gExpRate.toFixed(0)}/s, fixed-base K^e ${fixedRate.toFixed(0)}/s; parallel speed-up of verification ${(tVerify1 / tVerifyN).toFixed(2)}×`,
        'exp-equiv/ct = seconds per ciphertext × raw G.exp rate: the cost in variable-base exponentiations per ciphertext (ratio to the raw rate of this run)',
        'nominal work per row (w = 1): offline 3 fixed-base exponentiations + 1 hash-to-group + 1 encoding + 1 t_3 multi-exp term; online 4 fixed-base + 4 encodings + 2 multi-exp terms; verifier 7 decodings + 1 hash-to-group + 8 Pippenger terms, split over the threads',
        'proof size: ' +
          (json.length / 1e6).toFixed(2) +
          ' MB of JSON; machine load affects all figures: compare ratios, not seconds',
      ],
    };
  },
};
