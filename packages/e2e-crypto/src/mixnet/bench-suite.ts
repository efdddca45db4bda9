/**
 * Benchmark of the verifiable shuffle (spec/mixnet.md §7): offline and online prover on one
 * thread and on worker threads, and verification from JSON on one thread and on worker threads,
 * N rows of width 1 on ristretto255, with the raw rates of the operations they are made of
 * measured in the same run, each step's operation count per ciphertext and the ratio of its time
 * to what those raw rates predict. `EVIDENT_MIX_N` sets N (default 10,000; e.g. 2000 for a quick
 * run), `EVIDENT_MIX_THREADS` the worker threads (default 2). Every timed row carries the 1-minute
 * load average of the machine at its end (other processes slow every figure).
 * Node only (worker threads): imported by src/bench.ts, never by the browser-safe index.
 * @module
 */
import { timeIt as wallTimeIt } from '../bench-types.js';
import { encrypt, publicKey } from '../elgamal/elgamal.js';
import { ristretto, type RistrettoPoint } from '../group/ristretto255.js';
import { randomScalar } from '../group/scalar.js';
import { rowsToJson, shuffleProofToJson } from './codec.js';
import { forgetGenerators, mixSessionHash } from './generators.js';
import { precomputeShuffle, shuffleAndProve } from './offline.js';
import { createPool, inThread, type TaskRunner } from './parallel/pool.js';
import { precomputeShuffleParallel, shuffleAndProveParallel } from './parallel/prove-parallel.js';
import { verifyShuffleJson } from './parallel/verify-json.js';
import type { ShuffleProof } from './shuffle-proof.js';
import type { CiphertextRow } from './shuffle.js';

/** The benchmark suite type of scripts/bench.js. */
export interface BenchSuite {
  readonly name: string;
  readonly description: string;
  run(): Promise<{ rows: Record<string, string | number>[]; notes?: string[] }>;
}

declare const process:
  { env: Record<string, string | undefined>; cpuUsage?(): { user: number; system: number } } | undefined;

/** CPU seconds used so far by this process, all threads (NaN where unknown). */
/** CPU seconds of this process so far (NaN where unknown). */
export function cpuSeconds(): number {
  const u = typeof process !== 'undefined' ? process.cpuUsage?.() : undefined;
  return u ? (u.user + u.system) / 1e6 : NaN;
}

/** The integer environment variable `name` (≥ `min`), or `dflt` when unset. */
export function envInt(name: string, dflt: number, min: number): number {
  const v = typeof process !== 'undefined' ? process.env[name] : undefined;
  const n = v === undefined ? dflt : Number(v);
  if (!Number.isSafeInteger(n) || n < min) throw new RangeError(`${name} must be an integer ≥ ${min}`);
  return n;
}

/**
 * Milliseconds of CPU per call of `fn` (this thread runs alone: no workers exist while raw rates
 * are measured), so that raw rates do not depend on the load; wall-clock where CPU time is unknown.
 */
function timeIt(fn: () => void, minMs = 400, minRuns = 3): number {
  if (Number.isNaN(cpuSeconds())) return wallTimeIt(fn, minMs, minRuns);
  const w0 = cpuSeconds();
  do fn();
  while ((cpuSeconds() - w0) * 1000 < minMs / 4);
  let runs = 0;
  const c0 = cpuSeconds();
  let c = c0;
  while ((c - c0) * 1000 < minMs || runs < minRuns) {
    fn();
    runs++;
    c = cpuSeconds();
  }
  return ((c - c0) * 1000) / runs;
}

/** The 1-minute load average (0 where unknown). */
async function loadAverage(): Promise<number> {
  try {
    return ((await import('node:os' as string)) as { loadavg(): number[] }).loadavg()[0] ?? 0;
  } catch {
    return 0;
  }
}

/** Operation counts per ciphertext (w = 1) of a step, spec/mixnet.md §7. */
interface Ops {
  readonly fixed: number;
  readonly msm: number;
  readonly h2g: number;
  readonly encode: number;
  readonly decode: number;
}
const OPS: Readonly<Record<'offline' | 'online' | 'verify', Ops>> = {
  offline: { fixed: 3, msm: 1, h2g: 1, encode: 1, decode: 0 },
  online: { fixed: 4, msm: 2, h2g: 0, encode: 4, decode: 0 },
  verify: { fixed: 0, msm: 8, h2g: 1, encode: 0, decode: 7 },
};
const sumOps = (a: Ops, b: Ops): Ops => ({
  fixed: a.fixed + b.fixed,
  msm: a.msm + b.msm,
  h2g: a.h2g + b.h2g,
  encode: a.encode + b.encode,
  decode: a.decode + b.decode,
});
const opsText = (o: Ops): string =>
  [
    o.fixed && `${o.fixed} fixed-base`,
    o.msm && `${o.msm} MSM terms`,
    o.h2g && `${o.h2g} hash-to-group`,
    o.encode && `${o.encode} enc`,
    o.decode && `${o.decode} dec`,
  ]
    .filter(Boolean)
    .join(' + ');

/** The mixnet suite. */
export const mixnetSuite: BenchSuite = {
  name: 'mixnet',
  description:
    'Terelius–Wikström shuffle of N ciphertexts (w = 1), ristretto255: prover (offline/online) and verifier, 1 thread and worker threads',
  async run() {
    const G = ristretto;
    const N = envInt('EVIDENT_MIX_N', 10_000, 2);
    const threads = envInt('EVIDENT_MIX_THREADS', 2, 1);
    const target = N === 10_000 ? 10 : undefined;

    // raw rates (ms per operation, warmed up), the unit of every prediction below
    const xs = Array.from({ length: 64 }, () => randomScalar(G.q));
    let n = 0;
    const next = () => xs[n++ % xs.length]!;
    const pk = publicKey(G, G.gExp(randomScalar(G.q)));
    const P = G.gExp(next());
    const msExp = timeIt(() => G.exp(P, next()));
    const msFixed = timeIt(() => pk.pow(next()));
    let X = P; // a fresh point per call (encodings are cached per point), less the addition's time
    const msEncode = Math.max(
      timeIt(() => G.encode((X = G.mul(X, P)))) - timeIt(() => (X = G.mul(X, P))),
      1e-6,
    );
    const enc = G.encode(P);
    const msDecode = timeIt(() => G.decode(enc, 'x'));
    let seedN = 0;
    const msH2g = timeIt(() => G.hashToElement(new Uint8Array([seedN & 255, seedN++ >> 8, 1]), 'bench'));
    const msmN = Math.min(N, 4096);
    const msmBases = Array.from({ length: msmN }, (_, i) => G.gExp(BigInt(i + 1) * 7919n));
    const msmExps = Array.from({ length: msmN }, () => randomScalar(G.q));
    const msMsm = timeIt(() => G.multiExp(msmBases, msmExps), 1000, 2) / msmN;
    const msTable = timeIt(() => G.fixedBase(G.gExp(next())).pow(1n), 1000, 3);
    const unit = { fixed: msFixed, msm: msMsm, h2g: msH2g, encode: msEncode, decode: msDecode };
    const predictS = (o: Ops) =>
      (N / 1000) *
      (o.fixed * unit.fixed +
        o.msm * unit.msm +
        o.h2g * unit.h2g +
        o.encode * unit.encode +
        o.decode * unit.decode);

    const session = mixSessionHash(new Uint8Array(32), 'bench');
    const inputs = Array.from({ length: N }, (_, i) => [encrypt(G, pk, i % 100)]);
    // the verifier must not reuse the prover's cached encodings: it reads JSON
    const inputsJson = JSON.stringify(rowsToJson(G, inputs));
    const toJson = (r: { outputs: CiphertextRow<RistrettoPoint>[]; proof: ShuffleProof<RistrettoPoint> }) =>
      JSON.stringify({ outputs: rowsToJson(G, r.outputs), proof: shuffleProofToJson(G, r.proof) });

    const rows: Record<string, string | number>[] = [];
    const rawRow = (step: string, ms: number) =>
      rows.push({ step, N: 1, seconds: ms / 1000, 'ms/ct': ms, 'fixed-exp equiv/ct': ms / msFixed });
    rawRow('raw G.exp (variable base, constant time)', msExp);
    rawRow('raw fixed-base K^e (comb table)', msFixed);
    rawRow(`raw MSM, per term (${msmN} terms)`, msMsm);
    rawRow('raw hash-to-group', msH2g);
    rawRow('raw encode', msEncode);
    rawRow('raw decode (membership check)', msDecode);
    rawRow('raw fixed-base table build (one base)', msTable);
    const step = async (
      name: string,
      [seconds, cpu]: [number, number],
      ops: Ops,
      cores: number,
      withTarget: boolean,
    ) => {
      const predicted = predictS(ops);
      rows.push({
        step: name,
        N,
        seconds,
        'cpu s': cpu,
        'ms/ct': (seconds / N) * 1000,
        'fixed-exp equiv/ct': ((seconds / N) * 1000) / msFixed,
        'ops/ct': opsText(ops),
        'predicted s (1 core)': predicted,
        ratioToRaw: seconds / predicted,
        'cpu/predicted': cpu / predicted,
        cores,
        ...(withTarget && target !== undefined
          ? { 'target s': target, meets: seconds <= target ? 'yes' : 'NO' }
          : {}),
        load: Number((await loadAverage()).toFixed(2)),
      });
    };
    /** f's result, and its wall-clock and CPU seconds (CPU of all threads: load-independent work) */
    const time = async <T>(f: () => T | Promise<T>): Promise<[T, [number, number]]> => {
      const c0 = cpuSeconds();
      const t0 = performance.now();
      const r = await f();
      return [r, [(performance.now() - t0) / 1000, cpuSeconds() - c0]];
    };
    const plus = (a: [number, number], b: [number, number]): [number, number] => [a[0] + b[0], a[1] + b[1]];

    // prover, one thread
    const [pre1, tOff1] = await time(() => precomputeShuffle(G, pk, session, N, 1));
    const [, tOn1] = await time(() => toJson(shuffleAndProve(G, pk, session, inputs, pre1)));
    forgetGenerators(G); // the parallel prover's main thread derives none; the workers derive their own
    await step('prover offline, 1 thread', tOff1, OPS.offline, 1, false);
    await step('prover online (shuffle + prove + JSON), 1 thread', tOn1, OPS.online, 1, false);
    await step('prover total, 1 thread', plus(tOff1, tOn1), sumOps(OPS.offline, OPS.online), 1, true);

    // prover, worker threads (the pool is started before; each worker builds its tables in the run)
    const [pool, tPool] = await time(() => createPool(threads));
    let json: string;
    try {
      const [pre, tOff] = await time(() => precomputeShuffleParallel(pool, G, pk, session, N, 1));
      const [j, tOn] = await time(async () =>
        toJson(await shuffleAndProveParallel(pool, G, pk, session, inputs, pre)),
      );
      json = j;
      const c = pool.threads || 1;
      rows.push({
        step: `start ${c} worker thread(s)`,
        N: 1,
        seconds: tPool[0],
        load: Number((await loadAverage()).toFixed(2)),
      });
      await step(`prover offline, ${c} worker thread(s)`, tOff, OPS.offline, c, false);
      await step(`prover online (shuffle + prove + JSON), ${c} worker thread(s)`, tOn, OPS.online, c, false);
      await step(
        `prover total, ${c} worker thread(s)`,
        plus(tOff, tOn),
        sumOps(OPS.offline, OPS.online),
        c,
        true,
      );
    } finally {
      await pool.close();
    }

    // verifier, from JSON (of the parallel prover's proof)
    const verifyWith = async (runner: TaskRunner): Promise<[number, number]> => {
      forgetGenerators(G); // the verifier derives the generators itself
      const [r, t] = await time(() => {
        const parsed = JSON.parse(json) as { outputs: unknown; proof: unknown };
        return verifyShuffleJson(
          runner,
          G,
          pk.K,
          session,
          JSON.parse(inputsJson),
          parsed.outputs,
          parsed.proof,
        );
      });
      if (r.length > 0) throw new Error('mixnet bench: honest proof rejected');
      return t;
    };
    const tVerify1 = await verifyWith(inThread);
    await step('verify from JSON, 1 thread', tVerify1, OPS.verify, 1, true);
    const vpool = await createPool(threads);
    try {
      const tVerifyN = await verifyWith(vpool);
      await step(
        `verify from JSON, ${vpool.threads || 1} worker thread(s)`,
        tVerifyN,
        OPS.verify,
        vpool.threads || 1,
        true,
      );
    } finally {
      await vpool.close();
    }

    const proverExps = OPS.offline.fixed + OPS.online.fixed + OPS.offline.msm + OPS.online.msm;
    return {
      rows,
      notes: [
        `targets (N = 10,000, 2 cores): shuffle + prove (offline + online) ≤ 10 s, verify ≤ 10 s${target === undefined ? `; this run has N = ${N}: scale by 10,000/N` : ''}`,
        `exponentiations per ciphertext: prover ${proverExps} (${OPS.offline.fixed + OPS.online.fixed} fixed-base + ${OPS.offline.msm + OPS.online.msm} MSM terms, plus 1 hash-to-group and 5 encodings), verifier ${OPS.verify.msm} MSM terms (plus 1 hash-to-group and 7 decodings)`,
        'cpu s = CPU seconds of all threads of the process during the step (the work, whatever the load; on c free cores the wall time is at least cpu s / c)',
        'raw rates are CPU time per operation on one thread (independent of the load); fixed-exp equiv/ct = ms per ciphertext ÷ ms of one raw fixed-base exponentiation of this run; predicted s (1 core) = N × Σ ops/ct × raw ms of each op; ratioToRaw = seconds ÷ predicted (on c cores the ideal is 1/c; above it: hashing, scalar arithmetic, moving data, idle threads, other processes); cpu/predicted: the same for the CPU time (above 1: work beyond the counted operations)',
        `the parallel prover also builds 3 fixed-base tables (g, K, h_0) in each worker, ${(3 * msTable).toFixed(0)} ms of CPU per worker (not in predicted)`,
        `raw rates: G.exp ${(1000 / msExp).toFixed(0)}/s, fixed-base ${(1000 / msFixed).toFixed(0)}/s, MSM ${(1000 / msMsm).toFixed(0)} terms/s, hash-to-group ${(1000 / msH2g).toFixed(0)}/s, encode ${(1000 / msEncode).toFixed(0)}/s, decode ${(1000 / msDecode).toFixed(0)}/s`,
        `proof + outputs: ${(json.length / 1e6).toFixed(2)} MB of JSON; load = 1-minute load average after the step (it counts this benchmark's own busy threads too: about 1 for one-thread steps, 2–3 with workers) (${threads} worker threads asked): compare ratios, not seconds, when it is high`,
      ],
    };
  },
};
