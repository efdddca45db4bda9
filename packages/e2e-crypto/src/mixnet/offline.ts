/**
 * Offline/online split of a mixer's work (spec/mixnet.md §7.1). Everything that does not depend
 * on the inputs — the permutation, the re-encryption factors (g^{r_{i,k}}, K^{r_{i,k}}), the
 * permutation commitment and t_1..t_3 — can be computed before the polls close, knowing only N,
 * w, the key and the session. Online, the mixer multiplies the permuted inputs by the factors
 * and finishes the proof (the commitment chain, t_4, the responses).
 * The precomputation is secret (it is the witness) and must be used for one shuffle only.
 * @module
 */
import type { Ciphertext, PublicKey } from '../elgamal/elgamal.js';
import type { Group } from '../group/group.js';
import { randomScalars } from './random-scalars.js';
import {
  type ProofPrecomputation,
  precomputeProof,
  proveShuffle,
  type ShuffleProof,
} from './shuffle-proof.js';
import { type CiphertextRow, randomPermutation, rowWidth } from './shuffle.js';

/** A mixer's secret offline material for one shuffle of N rows of width w. */
export interface ShufflePrecomputation<E> {
  readonly N: number;
  readonly w: number;
  readonly pi: readonly number[];
  readonly r: readonly (readonly bigint[])[];
  /** (g^{r_{i,k}}, K^{r_{i,k}}) for output row i, column k */
  readonly factors: readonly (readonly Ciphertext<E>[])[];
  readonly proof: ProofPrecomputation<E>;
  /** set once used: a second use would reuse the witness */
  used: boolean;
}

/**
 * The offline phase: 2w + 1 fixed-base exponentiations, one hash to the group and one encoding
 * per row, plus one N-term multi-exponentiation (t_3).
 * @throws {RangeError} for N < 1 or w < 1
 */
export function precomputeShuffle<E>(
  G: Group<E>,
  pk: PublicKey<E>,
  session: Uint8Array,
  N: number,
  w: number,
): ShufflePrecomputation<E> {
  if (!Number.isSafeInteger(N) || N < 1)
    throw new RangeError('precomputeShuffle: N must be a positive integer');
  if (!Number.isSafeInteger(w) || w < 1)
    throw new RangeError('precomputeShuffle: w must be a positive integer');
  const pi = randomPermutation(N);
  const flat = randomScalars(G.q, N * w);
  const r: bigint[][] = [];
  const factors: Ciphertext<E>[][] = [];
  for (let i = 0; i < N; i++) {
    const ri = flat.slice(i * w, (i + 1) * w);
    r.push(ri);
    factors.push(ri.map((x) => ({ alpha: G.gExp(x), beta: pk.pow(x) })));
  }
  flat.fill(0n);
  return { N, w, pi, r, factors, proof: precomputeProof(G, session, pi, w), used: false };
}

/**
 * The online phase: outputs e'_{i,k} = e_{π(i),k}·(g^r, K^r) (S1) and the proof (P1, P3–P8).
 * @throws {RangeError} when the inputs' shape differs from the precomputation's, or it was used
 */
export function shuffleAndProve<E>(
  G: Group<E>,
  pk: PublicKey<E>,
  session: Uint8Array,
  inputs: readonly CiphertextRow<E>[],
  pre: ShufflePrecomputation<E>,
): { outputs: CiphertextRow<E>[]; proof: ShuffleProof<E> } {
  const w = rowWidth(inputs, 'inputs');
  if (inputs.length !== pre.N || w !== pre.w)
    throw new RangeError('shuffleAndProve: inputs do not match the precomputation');
  if (pre.used) throw new RangeError('shuffleAndProve: precomputation already used');
  pre.used = true;
  const outputs = pre.factors.map((f, i) =>
    inputs[pre.pi[i]!]!.map((ct, k) => ({
      alpha: G.mul(ct.alpha, f[k]!.alpha),
      beta: G.mul(ct.beta, f[k]!.beta),
    })),
  );
  try {
    const proof = proveShuffle(G, pk, session, inputs, outputs, { pi: pre.pi, r: pre.r }, pre.proof);
    return { outputs, proof };
  } finally {
    discardPrecomputation(pre);
  }
}

/**
 * Overwrites the secrets of a precomputation (π, the nonces, the factors, the ω's) once it has
 * been used or must be abandoned (spec/mixnet.md §7.4): bigints cannot be wiped in JavaScript, but
 * nothing refers to them any more. The public c, t_1..t_3 stay. Marks it used.
 */
export function discardPrecomputation<E>(pre: ShufflePrecomputation<E>): void {
  pre.used = true;
  const wipe = <T>(xs: readonly T[], v: T): void => void (xs as T[]).fill(v);
  for (const ri of pre.r) wipe(ri, 0n);
  wipe(pre.r, []);
  wipe(pre.factors, []);
  wipe(pre.pi, 0);
  const p = pre.proof as { -readonly [K in keyof ProofPrecomputation<E>]: ProofPrecomputation<E>[K] };
  for (const xs of [p.rc, p.rHat, p.omegaHat, p.omegaP, p.omega4]) wipe(xs, 0n);
  p.omega1 = p.omega2 = p.omega3 = 0n;
}
