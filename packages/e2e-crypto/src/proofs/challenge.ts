/**
 * Challenge values of non-interactive proofs (spec/crypto.md §4.1).
 * @module
 */
import type { Group } from '../group/group.js';
import { hashToInt, hashToScalar } from '../hash/hash.js';

/**
 * The challenge c that a hash output gives.
 * eg-4096: the 256-bit integer itself, unreduced, as ElectionGuard publishes it (EG 2.0 §5.4);
 * ristretto255: a scalar mod ℓ by {@link hashToScalar}.
 */
export function challengeFromHash<E>(G: Group<E>, h: Uint8Array): bigint {
  return G.name === 'eg-4096' ? hashToInt(h) : hashToScalar(G, h);
}

/** True when a published challenge is a well-formed value: 0 ≤ c < 2^256 (EG 2.0 check 2.C/5.B). */
export function challengeInRange(c: unknown): c is bigint {
  return typeof c === 'bigint' && c >= 0n && c < 1n << 256n;
}

/** True when `v` is a scalar in Z_q. */
export function inZq(v: unknown, q: bigint): v is bigint {
  return typeof v === 'bigint' && v >= 0n && v < q;
}
