/**
 * Combining partial decryptions and the guardians' joint Chaum–Pedersen proof of correct
 * decryption (EG 2.0 §3.6.2–3.6.4 eq 68–76, 78–85; spec/key-ceremony.md §9).
 * @module
 */
import type { Group } from '../group/group.js';
import { mod } from '../group/scalar.js';
import { type Batch, checkOrDefer } from '../proofs/batch.js';
import type { ChaumPedersenProof } from '../proofs/chaum-pedersen.js';
import { challengeFromHash } from '../proofs/challenge.js';
import {
  type DecryptionContext,
  type DecryptionTarget,
  decryptionChallenge,
  targetPad,
} from './decryption-target.js';
import { lagrangeCoefficients } from './lagrange.js';

/** The combined values of one target: M = ∏ M_i^{w_i}, a = ∏ a_i, b = ∏ b_i and c. */
export interface CombinedCommitment<E> {
  readonly M: E;
  readonly a: E;
  readonly b: E;
  /** the joint challenge c (eq 71, 81); unreduced 256-bit integer in eg-4096 */
  readonly c: bigint;
}

/**
 * M = ∏_{i∈U} M_i^{w_i} (eq 68, 78), a = ∏ a_i, b = ∏ b_i (eq 70, 80) and c.
 * @param parts - for each i ∈ U: its w_i, M_i, a_i, b_i
 */
export function combineCommitments<E>(
  G: Group<E>,
  ctx: DecryptionContext<E>,
  t: DecryptionTarget<E>,
  parts: readonly { w: bigint; M: E; a: E; b: E }[],
): CombinedCommitment<E> {
  const M = G.multiExp(
    parts.map((p) => p.M),
    parts.map((p) => p.w),
  );
  let a = G.one;
  let b = G.one;
  for (const p of parts) {
    a = G.mul(a, p.a);
    b = G.mul(b, p.b);
  }
  const c = challengeFromHash(G, decryptionChallenge(G, ctx, t, M)(a, b));
  return { M, a, b, c };
}

/** c_i = (c·w_i) mod q — eq 72. */
export function guardianChallenge(q: bigint, c: bigint, wi: bigint): bigint {
  return mod(c * wi, q);
}

/**
 * The challenge guardian i should answer, recomputed from the combined values and U, so that a
 * guardian can refuse a challenge that is not the hash of the stated commitments (eq 67, 71, 72).
 * @returns c_i, or undefined when i ∉ U or U has fewer than k members
 */
export function expectedGuardianChallenge<E>(
  G: Group<E>,
  ctx: DecryptionContext<E>,
  t: DecryptionTarget<E>,
  combined: { M: E; a: E; b: E },
  U: readonly number[],
  k: number,
  i: number,
): bigint | undefined {
  if (!U.includes(i) || new Set(U).size < k) return undefined;
  const wi = lagrangeCoefficients(G.q, U).get(i)!;
  const c = challengeFromHash(G, decryptionChallenge(G, ctx, t, combined.M)(combined.a, combined.b));
  return guardianChallenge(G.q, c, wi);
}

/**
 * Checks guardian i's response (eq 74–75, 83–84): a_i = g^{v_i}·(g^{P(i)})^{c_i} and
 * b_i = A^{v_i}·M_i^{c_i}.
 * @param keyShareCommitment - g^{P(i)} = ∏_j ∏_m K_{j,m}^{i^m}
 * @param batch - defer the two equations to a batch (spec/crypto.md §4.4; the caller checks it,
 *   and re-checks one by one to name a failing response)
 * @returns false when v_i is out of range or (unbatched) an equation fails
 */
export function verifyGuardianResponse<E>(
  G: Group<E>,
  t: DecryptionTarget<E>,
  keyShareCommitment: E,
  part: { M: E; a: E; b: E },
  ci: bigint,
  vi: bigint,
  batch?: Batch<E>,
): boolean {
  if (vi < 0n || vi >= G.q) return false;
  const A = targetPad(t);
  return (
    checkOrDefer(G, batch, part.a, [G.g, keyShareCommitment], [vi, ci]) &&
    checkOrDefer(G, batch, part.b, [A, part.M], [vi, ci])
  );
}

/**
 * The published proof from the combined commitment and v = Σ v_i (eq 76, 85): (c, v) in
 * challenge form (eg-4096), (a, b, v) in commitment form (ristretto255).
 */
export function jointProof<E>(
  G: Group<E>,
  combined: CombinedCommitment<E>,
  responses: Iterable<bigint>,
): ChaumPedersenProof<E> {
  let v = 0n;
  for (const vi of responses) v = mod(v + vi, G.q);
  return G.proofForm === 'challenge' ? { c: combined.c, v } : { a: combined.a, b: combined.b, v };
}
