/**
 * Encryption nonces of ranked rows, derived from the ballot nonce ξ_B (spec/ranked-choice.md
 * §2.5), next to EG 2.0's selection nonce ξ_{i,j} = H(H_E; 0x20, ξ_B, ind_c, ind_o) (eq 25) and
 * contest-data nonce (eq 50), so that a challenged ballot's ξ_B opens its ranked rows too.
 * @module
 */
import type { Group } from '../group/group.js';
import { mod } from '../group/scalar.js';
import { domain, H, int4, scalarBytes, str } from '../hash/hash.js';
import { challengeFromHash } from '../proofs/challenge.js';

/** The label that separates ranked-row nonces from selection and contest-data nonces (§2.5). */
export const RANKED_NONCE_LABEL = 'ranked';

/**
 * ξ_{c,k} = H(H_E; 0x20, ξ_B, ind_c, "ranked", b(k, 4)) mod q — the nonce of column k (1-based,
 * k = 1..R + W·L) of the ranked row of contest ind_c (§2.5; eq 25 with a label, as eq 50).
 */
export function rankedNonce<E>(
  G: Group<E>,
  hE: Uint8Array,
  ballotNonce: bigint,
  indC: number,
  column: number,
): bigint {
  const h = H(hE, domain(0x20), scalarBytes(ballotNonce), int4(indC), str(RANKED_NONCE_LABEL), int4(column));
  return mod(challengeFromHash(G, h), G.q);
}
