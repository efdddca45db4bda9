/**
 * Evident's contest hash, which binds the contest data too (spec/record.md §5.2):
 *
 *   χ_l = H(H_E; 0x23, ind_c(Λ_l), K, α_1, β_1, …, α_m, β_m, C0, b(len(C1), 4) ∥ C1, C2)
 *
 * EG 2.0 eq 57 hashes only the selection encryptions, which leaves the encrypted contest data
 * of a cast ballot bound by nothing: changed, it would still verify. EG 2.1 (eq 70) appends
 * (C0, C1, C2) to the contest hash; Evident does the same in both profiles, C1 length-prefixed.
 * @module
 */
import { concatBytes } from '../bytes.js';
import type { Ciphertext } from '../elgamal/elgamal.js';
import type { HashedCiphertext } from '../elgamal/hashed-elgamal.js';
import type { Group } from '../group/group.js';
import { domain, H, int4, lengthPrefixed } from '../hash/hash.js';

/** χ_l over the selections and the contest data. */
export function ballotContestHash<E>(
  G: Group<E>,
  hE: Uint8Array,
  indC: number,
  K: E,
  selections: readonly Ciphertext<E>[],
  contestData: HashedCiphertext<E>,
): Uint8Array {
  const parts: Uint8Array[] = [G.encode(K)];
  for (const s of selections) parts.push(G.encode(s.alpha), G.encode(s.beta));
  parts.push(G.encode(contestData.c0), lengthPrefixed(contestData.c1), contestData.c2);
  return H(hE, domain(0x23), int4(indC), concatBytes(...parts));
}
