/**
 * Encryption nonces derived from one ballot nonce ξ_B (EG 2.0 §3.3.2 eq 25, §3.3.6 eq 50).
 * @module
 */
import type { Group } from '../group/group.js';
import { domain, H, int4, scalarBytes, str } from '../hash/hash.js';
import { challengeFromHash } from '../proofs/challenge.js';
import { mod } from '../group/scalar.js';

/** ξ_{i,j} = H(H_E; 0x20, ξ_B, ind_c(Λ_i), ind_o(λ_j)) mod q — eq 25. */
export function selectionNonce<E>(
  G: Group<E>,
  hE: Uint8Array,
  ballotNonce: bigint,
  indC: number,
  indO: number,
): bigint {
  const h = H(hE, domain(0x20), scalarBytes(ballotNonce), int4(indC), int4(indO));
  return mod(challengeFromHash(G, h), G.q);
}

/** ξ = H(H_E; 0x20, ξ_B, ind_c(Λ), "contest data") mod q — eq 50. */
export function contestDataNonce<E>(G: Group<E>, hE: Uint8Array, ballotNonce: bigint, indC: number): bigint {
  const h = H(hE, domain(0x20), scalarBytes(ballotNonce), int4(indC), str('contest data'));
  return mod(challengeFromHash(G, h), G.q);
}
