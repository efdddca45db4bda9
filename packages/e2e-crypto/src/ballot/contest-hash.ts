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
import type { Ciphertext } from '../elgamal/elgamal.js';
import type { HashedCiphertext } from '../elgamal/hashed-elgamal.js';
import { type Group, encodeTo } from '../group/group.js';
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
  // K, the selections and C0 written once into one message (no encoding copied on its own)
  const n = G.elementLength;
  const elements = new Uint8Array(n * (2 + 2 * selections.length));
  encodeTo(G, K, elements, 0);
  let at = n;
  for (const s of selections) {
    encodeTo(G, s.alpha, elements, at);
    encodeTo(G, s.beta, elements, at + n);
    at += 2 * n;
  }
  encodeTo(G, contestData.c0, elements, at);
  return H(hE, domain(0x23), int4(indC), elements, lengthPrefixed(contestData.c1), contestData.c2);
}
