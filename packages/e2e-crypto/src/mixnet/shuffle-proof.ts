/**
 * Terelius–Wikström proof of a shuffle of rows of ElGamal ciphertexts (spec/mixnet.md §4),
 * written from Terelius and Wikström, "Proofs of Restricted Shuffles" (AFRICACRYPT 2010) and
 * Wikström, "A Commitment-Consistent Proof of a Shuffle" (ACISP 2009), in the notation of
 * spec/mixnet.md. Non-interactive by Fiat–Shamir over the whole statement (./fiat-shamir.ts).
 *
 * Published in commitment form for both profiles (there is no ElectionGuard format to follow):
 * the verifier checks all of its equations at once with one multi-exponentiation.
 *
 * Timing: the prover's multi-exponentiations over secret exponents ω'_i use G.multiExp, which is
 * not constant time (spec/mixnet.md §7). A mixer runs on a trustee's own machine.
 * @module
 */
import type { Ciphertext, PublicKey } from '../elgamal/elgamal.js';
import type { Group } from '../group/group.js';
import { mod } from '../group/scalar.js';
import { randomScalars } from './random-scalars.js';
import { encodeElement } from './encoding-cache.js';
import { challengeVector, finalChallenge, statementHash } from './fiat-shamir.js';
import { shuffleGenerators } from './generators.js';
import { type CiphertextRow, isPermutation, rowWidth, type ShuffleWitness } from './shuffle.js';

/** A proof of shuffle (spec/mixnet.md §4.4): commitments and responses. */
export interface ShuffleProof<E> {
  /** c_1..c_N: commitment to the permutation, c_{π(i)} = g^{r_{π(i)}}·h_i */
  readonly c: readonly E[];
  /** ĉ_1..ĉ_N: the commitment chain, ĉ_i = g^{r̂_i}·ĉ_{i−1}^{u'_i}, ĉ_0 = h_0 */
  readonly cHat: readonly E[];
  readonly t1: E;
  readonly t2: E;
  readonly t3: E;
  /** t_{4,k} = (g^{−ω_{4,k}}·∏ α'_{i,k}^{ω'_i}, K^{−ω_{4,k}}·∏ β'_{i,k}^{ω'_i}), k = 1..w */
  readonly t4: readonly Ciphertext<E>[];
  /** t̂_i = g^{ω̂_i}·ĉ_{i−1}^{ω'_i} */
  readonly tHat: readonly E[];
  readonly s1: bigint;
  readonly s2: bigint;
  readonly s3: bigint;
  /** s_{4,k}, k = 1..w */
  readonly s4: readonly bigint[];
  /** ŝ_1..ŝ_N */
  readonly sHat: readonly bigint[];
  /** s'_1..s'_N */
  readonly sPrime: readonly bigint[];
}

/**
 * Proves that `outputs` is a re-encryption shuffle of `inputs` (spec/mixnet.md §4.2, P1–P8).
 * @param pk - the election key K (with its fixed-base table)
 * @param session - H_mix, 32 bytes (§2.1); fixes the generators and keys every hash
 * @param witness - π and the nonces from {@link shuffleRows}
 * @throws {RangeError} when the shapes do not match or π is not a permutation
 */
export function proveShuffle<E>(
  G: Group<E>,
  pk: PublicKey<E>,
  session: Uint8Array,
  inputs: readonly CiphertextRow<E>[],
  outputs: readonly CiphertextRow<E>[],
  witness: ShuffleWitness,
  pre?: ProofPrecomputation<E>,
): ShuffleProof<E> {
  const N = inputs.length;
  const w = rowWidth(inputs, 'inputs');
  if (rowWidth(outputs, 'outputs') !== w || outputs.length !== N) {
    throw new RangeError('proveShuffle: outputs differ in shape from inputs');
  }
  const { pi, r } = witness;
  if (!isPermutation(pi, N)) throw new RangeError('proveShuffle: witness.pi is not a permutation');
  if (r.length !== N || r.some((ri) => ri.length !== w))
    throw new RangeError('proveShuffle: witness.r has the wrong shape');
  const q = G.q;
  if (pre && (pre.c.length !== N || pre.omega4.length !== w || pre.pi !== witness.pi)) {
    throw new RangeError('proveShuffle: the precomputation belongs to another shuffle');
  }
  const gens = shuffleGenerators(G, session, N);
  const gT = { pow: (e: bigint) => G.gExp(e) }; // g's table is built once per thread (G.gExp)
  const h0T = G.fixedBase(gens.h0);

  // P1: ρ over the statement
  const rho = statementHash(G, pk.K, session, gens.seed, inputs, outputs);

  // P2: permutation commitment c_{π(i)} = g^{rc_{π(i)}}·h_i
  const { rc, c, rHat, omegaHat, omegaP, omega1, omega2, omega3, omega4, t1, t2, t3 } =
    pre ?? precomputeProof(G, session, pi, w);

  // P3: challenge vector, u'_i = u_{π(i)}
  const { tau, u } = challengeVector(G, rho, c);
  const uP = pi.map((j) => u[j]!);

  // P4: chain ĉ_i = g^{R_i}·h_0^{P_i} with R_i = r̂_i + u'_i·R_{i−1}, P_i = u'_i·P_{i−1}
  //     (= g^{r̂_i}·ĉ_{i−1}^{u'_i}; the prover knows both logarithms, so fixed bases suffice)
  // P5: t̂_i = g^{ω̂_i + ω'_i·R_{i−1}}·h_0^{ω'_i·P_{i−1}} (= g^{ω̂_i}·ĉ_{i−1}^{ω'_i})
  const cHat: E[] = new Array<E>(N);
  const tHat: E[] = new Array<E>(N);
  let R = 0n;
  let P = 1n;
  for (let i = 0; i < N; i++) {
    tHat[i] = G.mul(gT.pow(mod(omegaHat[i]! + omegaP[i]! * R, q)), h0T.pow(mod(omegaP[i]! * P, q)));
    R = mod(rHat[i]! + uP[i]! * R, q);
    P = mod(uP[i]! * P, q);
    cHat[i] = G.mul(gT.pow(R), h0T.pow(P));
  }

  // P6: t_4 (t_1..t_3 do not depend on the inputs: precomputed)
  const t4: Ciphertext<E>[] = [];
  for (let k = 0; k < w; k++) {
    const a = G.multiExp(
      outputs.map((row) => row[k]!.alpha),
      omegaP,
    );
    const b = G.multiExp(
      outputs.map((row) => row[k]!.beta),
      omegaP,
    );
    t4.push({ alpha: G.mul(gT.pow(q - omega4[k]!), a), beta: G.mul(pk.pow(q - omega4[k]!), b) });
  }

  // P7: the challenge
  const ch = finalChallenge(G, tau, { cHat, t1, t2, t3, t4, tHat });

  // P8: responses
  return {
    c,
    cHat,
    t1,
    t2,
    t3,
    t4,
    tHat,
    ...proofResponses(q, ch, { u, uP, RN: R, r, rc, rHat, omegaHat, omegaP, omega1, omega2, omega3, omega4 }),
  };
}

/** What the responses of P8 are computed from (all secret except u and the challenge). */
export interface ResponseInputs {
  /** u_1..u_N and u'_i = u_{π(i)} */
  readonly u: readonly bigint[];
  readonly uP: readonly bigint[];
  /** R_N of the commitment chain (P4) */
  readonly RN: bigint;
  readonly r: readonly (readonly bigint[])[];
  readonly rc: readonly bigint[];
  readonly rHat: readonly bigint[];
  readonly omegaHat: readonly bigint[];
  readonly omegaP: readonly bigint[];
  readonly omega1: bigint;
  readonly omega2: bigint;
  readonly omega3: bigint;
  readonly omega4: readonly bigint[];
}

/**
 * The responses of P8 (spec/mixnet.md §4.2) for challenge `ch`: s_1 = ω_1 − c·Σ rc_j,
 * s_2 = ω_2 − c·R_N, s_3 = ω_3 − c·Σ rc_j u_j, s_{4,k} = ω_{4,k} − c·Σ_i r_{i,k} u'_i,
 * ŝ_i = ω̂_i − c·r̂_i, s'_i = ω'_i − c·u'_i (mod q).
 */
export function proofResponses(
  q: bigint,
  ch: bigint,
  x: ResponseInputs,
): Pick<ShuffleProof<unknown>, 's1' | 's2' | 's3' | 's4' | 'sHat' | 'sPrime'> {
  const N = x.u.length;
  let rBar = 0n;
  let rTilde = 0n;
  for (let j = 0; j < N; j++) {
    rBar += x.rc[j]!;
    rTilde += x.rc[j]! * x.u[j]!;
  }
  const s4: bigint[] = [];
  for (let k = 0; k < x.omega4.length; k++) {
    let rk = 0n;
    for (let i = 0; i < N; i++) rk += x.r[i]![k]! * x.uP[i]!;
    s4.push(mod(x.omega4[k]! - ch * mod(rk, q), q));
  }
  return {
    s1: mod(x.omega1 - ch * mod(rBar, q), q),
    s2: mod(x.omega2 - ch * x.RN, q),
    s3: mod(x.omega3 - ch * mod(rTilde, q), q),
    s4,
    sHat: x.rHat.map((v, i) => mod(x.omegaHat[i]! - ch * v, q)),
    sPrime: x.uP.map((v, i) => mod(x.omegaP[i]! - ch * v, q)),
  };
}

/**
 * The part of a proof that does not depend on the inputs (spec/mixnet.md §7.1, the offline
 * phase): the permutation commitment c (P2), the random ω's and r̂'s (P4, P5) and t_1, t_2, t_3
 * (P6). Secret: it is part of the witness and is discarded after proving.
 */
export interface ProofPrecomputation<E> {
  /** the permutation it was made for (compared by identity with the witness) */
  readonly pi: readonly number[];
  readonly rc: readonly bigint[];
  readonly c: readonly E[];
  readonly rHat: readonly bigint[];
  readonly omegaHat: readonly bigint[];
  readonly omegaP: readonly bigint[];
  readonly omega1: bigint;
  readonly omega2: bigint;
  readonly omega3: bigint;
  readonly omega4: readonly bigint[];
  readonly t1: E;
  readonly t2: E;
  readonly t3: E;
}

/**
 * Computes the input-independent part of a proof for permutation `pi` and width `w` (P2, and the
 * randomness and t_1..t_3 of P4–P6); the encodings of c are computed too (they are hashed in F2).
 */
export function precomputeProof<E>(
  G: Group<E>,
  session: Uint8Array,
  pi: readonly number[],
  w: number,
): ProofPrecomputation<E> {
  const N = pi.length;
  const q = G.q;
  const gens = shuffleGenerators(G, session, N);
  const rc = randomScalars(q, N); // rc_j: drawn in row order, stored at j = π(i)
  const c: E[] = new Array<E>(N);
  for (let i = 0; i < N; i++) {
    const j = pi[i]!;
    c[j] = G.mul(G.gExp(rc[j]!), gens.h[i]!);
  }
  for (const x of c) encodeElement(G, x);
  const rHat = randomScalars(q, N);
  const omegaHat = randomScalars(q, N);
  const omegaP = randomScalars(q, N);
  const [omega1, omega2, omega3, ...omega4] = randomScalars(q, 3 + w) as [
    bigint,
    bigint,
    bigint,
    ...bigint[],
  ];
  return {
    pi,
    rc,
    c,
    rHat,
    omegaHat,
    omegaP,
    omega1,
    omega2,
    omega3,
    omega4,
    t1: G.gExp(omega1),
    t2: G.gExp(omega2),
    t3: G.mul(G.gExp(omega3), G.multiExp(gens.h, omegaP)),
  };
}
