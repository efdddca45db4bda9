/**
 * Schnorr proof of knowledge of a discrete logarithm A = g^a (EG 2.0 §3.2.2 eq 11–12,
 * Verification 2; spec/crypto.md §4.2).
 *
 * The caller supplies the challenge hash as a function of the commitment h, so that each use
 * hashes its whole statement (for the key ceremony: H(H_P; 0x10, i, j, K_ij, h_ij)).
 * Challenge form (eg-4096) publishes (c, v); commitment form (ristretto255) publishes (h, v).
 * @module
 */
import type { Group } from '../group/group.js';
import { mod, randomScalar } from '../group/scalar.js';
import { type Batch, checkOrDefer } from './batch.js';
import { challengeFromHash, challengeInRange, inZq } from './challenge.js';

/** A Schnorr proof: `c` in challenge form, `h` in commitment form; `v` always. */
export interface SchnorrProof<E> {
  readonly c?: bigint;
  readonly h?: E;
  readonly v: bigint;
}

/** Maps the commitment h to the challenge hash of the whole statement. */
export type SchnorrChallenge<E> = (h: E) => Uint8Array;

/**
 * Proves knowledge of `a` with A = g^a.
 * @param a - the secret
 * @param challenge - hash of the statement and commitment
 * @param u - the commitment nonce; from the CSPRNG unless given (known-answer tests)
 */
export function proveSchnorr<E>(
  G: Group<E>,
  a: bigint,
  challenge: SchnorrChallenge<E>,
  u: bigint = randomScalar(G.q),
): SchnorrProof<E> {
  const h = G.gExp(u);
  const c = challengeFromHash(G, challenge(h));
  const v = mod(u - c * a, G.q);
  return G.proofForm === 'challenge' ? { c, v } : { h, v };
}

/**
 * Verifies a Schnorr proof for A (already checked to be a group member). Returns false on any
 * failure, never throws on well-typed data.
 * @param batch - in commitment form, defer the equation h = g^v·A^c to this batch
 */
export function verifySchnorr<E>(
  G: Group<E>,
  A: E,
  proof: SchnorrProof<E>,
  challenge: SchnorrChallenge<E>,
  batch?: Batch<E>,
): boolean {
  if (!inZq(proof.v, G.q)) return false;
  if (G.proofForm === 'challenge') {
    if (!challengeInRange(proof.c)) return false;
    const h = G.multiExp([G.g, A], [proof.v, proof.c]); // eq (2.1)
    return challengeFromHash(G, challenge(h)) === proof.c; // (2.C)
  }
  if (proof.h === undefined) return false;
  const c = challengeFromHash(G, challenge(proof.h));
  return checkOrDefer(G, batch, proof.h, [G.g, A], [proof.v, c]);
}
