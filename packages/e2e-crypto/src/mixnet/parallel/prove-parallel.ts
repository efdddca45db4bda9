/**
 * The shuffle prover with its exponentiations split over worker threads (spec/mixnet.md §7.3).
 * Same precomputation type, same outputs and same proof as the one-thread
 * `precomputeShuffle`/`shuffleAndProve` (mixnet/offline.ts), so either phase may run on either.
 *
 * This thread draws every secret (π, r, rc, r̂, ω̂, ω', ω_1..ω_4), computes every hash (F1–F4), the
 * recurrences R_i, P_i of P4/P5 (scalar arithmetic) and the responses (P8). Workers get ranges
 * of rows and do the group work: offline the factors (g^r, K^r), c_{π(i)} = g^{rc}·h_i with the
 * generators h_i and its encodings, and parts of ∏ h_i^{ω'_i} (t_3); online the encodings of the
 * outputs, parts of the t_4 products and ĉ_i, t̂_i with their encodings. Elements come back in an
 * internal form (./raw-elements.ts) and with their encodings, so this thread neither encodes nor
 * decodes them again. Browser-safe itself; only the runner may use threads (Node: ./pool.ts).
 * @module
 */
import type { Ciphertext, PublicKey } from '../../elgamal/elgamal.js';
import type { Group } from '../../group/group.js';
import { mod } from '../../group/scalar.js';
import { encodeElement, rememberEncoding } from '../encoding-cache.js';
import {
  challengeVectorOfBytes,
  encodeAll,
  finalChallengeOfBytes,
  flattenRows,
  statementHashOfBytes,
} from '../fiat-shamir.js';
import { generatorSeed } from '../generators.js';
import { discardPrecomputation, type ShufflePrecomputation } from '../offline.js';
import { randomScalars } from '../random-scalars.js';
import { type CiphertextRow, randomPermutation, rowWidth } from '../shuffle.js';
import { proofResponses, type ShuffleProof } from '../shuffle-proof.js';
import type { TaskRunner } from './pool.js';
import type { ChainTask, EncodeTask, MsmColumnsTask, OfflineTask } from './prove-task.js';
import { packElements, packScalarsLE, unpackElements } from './raw-elements.js';

/** Options of the parallel prover. */
export interface ParallelProveOptions {
  /** row ranges per phase (default: 2 per worker thread, at least 2; never more than N) */
  readonly chunks?: number;
}

/** Row ranges [a, b) covering 0..N−1. */
function ranges(N: number, runner: TaskRunner, opts: ParallelProveOptions): [number, number][] {
  const want = opts.chunks ?? Math.max(2, 2 * runner.threads);
  if (!Number.isSafeInteger(want) || want < 1) throw new RangeError('chunks must be a positive integer');
  const per = Math.ceil(N / Math.min(want, N));
  const out: [number, number][] = [];
  for (let a = 0; a < N; a += per) out.push([a, Math.min(N, a + per)]);
  return out;
}

/** A failed runner becomes an Error that names the phase (the cause's message holds no secret). */
function poolError(where: string, e: unknown): Error {
  return new Error(`${where}: parallel proving failed (${e instanceof Error ? e.message : String(e)})`);
}

/**
 * The offline phase of spec/mixnet.md §7.1 on worker threads: the same result as
 * `precomputeShuffle`.
 * @throws {RangeError} for N < 1 or w < 1
 * @throws {Error} when the runner fails (a worker died); the secrets drawn so far are discarded
 */
export async function precomputeShuffleParallel<E>(
  runner: TaskRunner,
  G: Group<E>,
  pk: PublicKey<E>,
  session: Uint8Array,
  N: number,
  w: number,
  opts: ParallelProveOptions = {},
): Promise<ShufflePrecomputation<E>> {
  if (!Number.isSafeInteger(N) || N < 1)
    throw new RangeError('precomputeShuffleParallel: N must be a positive integer');
  if (!Number.isSafeInteger(w) || w < 1)
    throw new RangeError('precomputeShuffleParallel: w must be a positive integer');
  if (!(session instanceof Uint8Array) || session.length !== 32)
    throw new RangeError('precomputeShuffleParallel: session must be 32 bytes');
  const q = G.q;
  const seed = generatorSeed(session);
  const Kbytes = encodeElement(G, pk.K);
  const pi = randomPermutation(N);
  const r: bigint[][] = new Array<bigint[]>(N);
  const rc: bigint[] = new Array<bigint>(N);
  const omegaP: bigint[] = new Array<bigint>(N);
  const factors: Ciphertext<E>[][] = new Array<Ciphertext<E>[]>(N);
  const c: E[] = new Array<E>(N);
  const t3Parts: E[] = [];
  const pre: ShufflePrecomputation<E> = {
    N,
    w,
    pi,
    r,
    factors,
    used: false,
    proof: {
      pi,
      rc,
      c,
      rHat: [],
      omegaHat: [],
      omegaP,
      omega1: 0n,
      omega2: 0n,
      omega3: 0n,
      omega4: [],
      t1: G.one,
      t2: G.one,
      t3: G.one,
    },
  };
  const jobs: Promise<void>[] = [];
  for (const [a, b] of ranges(N, runner, opts)) {
    const n = b - a;
    const rFlat = randomScalars(q, n * w);
    const rcRange = randomScalars(q, n); // rc_{π(i)} for i in [a, b)
    const oRange = randomScalars(q, n);
    for (let i = a; i < b; i++) {
      r[i] = rFlat.slice((i - a) * w, (i - a + 1) * w);
      rc[pi[i]!] = rcRange[i - a]!;
      omegaP[i] = oRange[i - a]!;
    }
    const task: OfflineTask = {
      kind: 'prove-offline',
      group: G.name,
      K: Kbytes,
      seed,
      from: a,
      count: n,
      w,
      r: packScalarsLE(rFlat),
      rc: packScalarsLE(rcRange),
      omegaP: packScalarsLE(oRange),
    };
    rFlat.fill(0n);
    rcRange.fill(0n);
    jobs.push(
      runner.run([task]).then(([res]) => {
        const f = unpackElements(G, res!.factors);
        const cs = unpackElements(G, res!.c);
        const L = G.elementLength;
        for (let i = a; i < b; i++) {
          const row: Ciphertext<E>[] = new Array<Ciphertext<E>>(w);
          for (let k = 0; k < w; k++) {
            const x = 2 * ((i - a) * w + k);
            row[k] = { alpha: f[x]!, beta: f[x + 1]! };
          }
          factors[i] = row;
          const ci = cs[i - a]!;
          rememberEncoding(ci, res!.cEnc.subarray((i - a) * L, (i - a + 1) * L));
          c[pi[i]!] = ci;
        }
        t3Parts.push(unpackElements(G, res!.t3)[0]!);
      }),
    );
  }
  // while the workers run: the rest of the randomness (P4, P5) and t_1, t_2
  const rHat = randomScalars(q, N);
  const omegaHat = randomScalars(q, N);
  const [omega1, omega2, omega3, ...omega4] = randomScalars(q, 3 + w) as [
    bigint,
    bigint,
    bigint,
    ...bigint[],
  ];
  try {
    await Promise.all(jobs);
  } catch (e) {
    await Promise.allSettled(jobs);
    discardPrecomputation(pre);
    rHat.fill(0n);
    omegaHat.fill(0n);
    throw poolError('precomputeShuffleParallel', e);
  }
  let t3 = G.gExp(omega3);
  for (const x of t3Parts) t3 = G.mul(t3, x);
  return {
    ...pre,
    proof: {
      ...pre.proof,
      rHat,
      omegaHat,
      omega1,
      omega2,
      omega3,
      omega4,
      t1: G.gExp(omega1),
      t2: G.gExp(omega2),
      t3,
    },
  };
}

/**
 * The online phase of spec/mixnet.md §7.1 on worker threads: the same outputs and proof as
 * `shuffleAndProve` (S1, P1, P3–P8). The precomputation is discarded afterwards, also on failure.
 * @throws {RangeError} when the inputs' shape differs from the precomputation's, or it was used
 * @throws {Error} when the runner fails (a worker died)
 */
export async function shuffleAndProveParallel<E>(
  runner: TaskRunner,
  G: Group<E>,
  pk: PublicKey<E>,
  session: Uint8Array,
  inputs: readonly CiphertextRow<E>[],
  pre: ShufflePrecomputation<E>,
  opts: ParallelProveOptions = {},
): Promise<{ outputs: CiphertextRow<E>[]; proof: ShuffleProof<E> }> {
  const w = rowWidth(inputs, 'inputs');
  const N = inputs.length;
  if (N !== pre.N || w !== pre.w)
    throw new RangeError('shuffleAndProveParallel: inputs do not match the precomputation');
  if (pre.used) throw new RangeError('shuffleAndProveParallel: precomputation already used');
  if (!(session instanceof Uint8Array) || session.length !== 32)
    throw new RangeError('shuffleAndProveParallel: session must be 32 bytes');
  pre.used = true;
  try {
    return await online(runner, G, pk, session, inputs, pre, ranges(N, runner, opts));
  } catch (e) {
    throw poolError('shuffleAndProveParallel', e);
  } finally {
    discardPrecomputation(pre);
  }
}

async function online<E>(
  runner: TaskRunner,
  G: Group<E>,
  pk: PublicKey<E>,
  session: Uint8Array,
  inputs: readonly CiphertextRow<E>[],
  pre: ShufflePrecomputation<E>,
  chunks: readonly [number, number][],
): Promise<{ outputs: CiphertextRow<E>[]; proof: ShuffleProof<E> }> {
  const { N, w, pi } = pre;
  const q = G.q;
  const L = G.elementLength;
  const p = pre.proof;
  // S1: e'_{i,k} = e_{π(i),k}·(g^{r_{i,k}}, K^{r_{i,k}}), range by range; each range goes to the
  // workers at once to be encoded (for ρ); then their parts of t_4 (P6) are queued behind
  const outputs: CiphertextRow<E>[] = new Array<CiphertextRow<E>>(N);
  const encP: Promise<Uint8Array[]>[] = [];
  const msmTasks: MsmColumnsTask[] = [];
  for (const [a, b] of chunks) {
    for (let i = a; i < b; i++) {
      const f = pre.factors[i]!;
      outputs[i] = inputs[pi[i]!]!.map((ct, k) => ({
        alpha: G.mul(ct.alpha, f[k]!.alpha),
        beta: G.mul(ct.beta, f[k]!.beta),
      }));
    }
    const pts = packElements(G, flattenRows(outputs.slice(a, b)));
    encP.push(runner.run([{ kind: 'encode', group: G.name, points: pts } satisfies EncodeTask]));
    msmTasks.push({
      kind: 'msm-columns',
      group: G.name,
      columns: 2 * w,
      points: pts,
      exps: packScalarsLE(p.omegaP.slice(a, b)),
    });
  }
  encP.forEach((e) => e.catch(() => {}));
  const msmP = runner.run(msmTasks);
  msmP.catch(() => {}); // awaited below; a failure is reported once, by the first await
  const inBytes = encodeAll(G, flattenRows(inputs)); // cached when the inputs were decoded or made here
  const outBytes = new Uint8Array(N * w * 2 * L);
  const encs = (await Promise.all(encP)).flat();
  let x = 0;
  for (const e of encs) {
    outBytes.set(e, x);
    x += e.length;
  }
  x = 0;
  for (const row of outputs)
    for (const ct of row) {
      rememberEncoding(ct.alpha, outBytes.subarray(x, x + L));
      rememberEncoding(ct.beta, outBytes.subarray(x + L, x + 2 * L));
      x += 2 * L;
    }

  // P1, P3: ρ, τ, u, u'_i = u_{π(i)}
  const seed = generatorSeed(session);
  const rho = statementHashOfBytes(G, encodeElement(G, pk.K), session, seed, N, w, inBytes, outBytes);
  const { tau, u } = challengeVectorOfBytes(rho, encodeAll(G, p.c), N);
  const uP = pi.map((j) => u[j]!);

  // P4, P5: exponents of ĉ_i = g^{R_i}·h_0^{P_i} and t̂_i = g^{ω̂_i + ω'_i R_{i−1}}·h_0^{ω'_i P_{i−1}},
  // range by range, each range sent off as soon as its exponents are known
  let R = 0n;
  let P = 1n;
  const chainP: Promise<E[][]>[] = [];
  for (const [a, b] of chunks) {
    const e: bigint[] = new Array<bigint>(4 * (b - a));
    for (let i = a; i < b; i++) {
      const o = 4 * (i - a);
      e[o + 2] = mod(p.omegaHat[i]! + p.omegaP[i]! * R, q);
      e[o + 3] = mod(p.omegaP[i]! * P, q);
      R = mod(p.rHat[i]! + uP[i]! * R, q);
      P = mod(uP[i]! * P, q);
      e[o] = R;
      e[o + 1] = P;
    }
    const task: ChainTask = { kind: 'chain', group: G.name, seed, exps: packScalarsLE(e) };
    e.fill(0n);
    chainP.push(
      runner.run([task]).then(([res]) => {
        const cHat = unpackElements(G, res!.cHat);
        const tHat = unpackElements(G, res!.tHat);
        cHat.forEach((y, i) => rememberEncoding(y, res!.cHatEnc.subarray(i * L, (i + 1) * L)));
        tHat.forEach((y, i) => rememberEncoding(y, res!.tHatEnc.subarray(i * L, (i + 1) * L)));
        return [cHat, tHat];
      }),
    );
  }
  chainP.forEach((c) => c.catch(() => {}));

  // P6: t_{4,k} = (g^{−ω_{4,k}}·∏ α'^{ω'}, K^{−ω_{4,k}}·∏ β'^{ω'}), from the workers' parts
  const parts = (await msmP).map((b) => unpackElements(G, b));
  const t4: Ciphertext<E>[] = [];
  for (let k = 0; k < w; k++) {
    let alpha = G.gExp(q - p.omega4[k]!);
    let beta = pk.pow(q - p.omega4[k]!);
    for (const part of parts) {
      alpha = G.mul(alpha, part[2 * k]!);
      beta = G.mul(beta, part[2 * k + 1]!);
    }
    t4.push({ alpha, beta });
  }
  const chain = await Promise.all(chainP);
  const cHat = chain.flatMap((c) => c[0]!);
  const tHat = chain.flatMap((c) => c[1]!);

  // P7: the challenge, from the encodings the workers made
  const tBytes = encodeAll(G, [p.t1, p.t2, p.t3, ...t4.flatMap((t) => [t.alpha, t.beta])]);
  const ch = finalChallengeOfBytes(G, tau, encodeAll(G, cHat), tBytes, encodeAll(G, tHat));

  // P8
  const s = proofResponses(q, ch, { ...p, u, uP, RN: R, r: pre.r });
  uP.fill(0n);
  R = 0n;
  return { outputs, proof: { c: p.c, cHat, t1: p.t1, t2: p.t2, t3: p.t3, t4, tHat, ...s } };
}
