/**
 * Contest hashes, confirmation codes and ballot chaining (EG 2.0 §3.4, eq 57–61,
 * Verification 7).
 * @module
 */
import { concatBytes, utf8Bytes } from '../bytes.js';
import type { Ciphertext } from '../elgamal/elgamal.js';
import type { Group } from '../group/group.js';
import { domain, H, int4, lengthPrefixed } from '../hash/hash.js';

/** χ_l = H(H_E; 0x23, ind_c(Λ_l), K, α_1, β_1, …, α_m, β_m) — eq 57. */
export function contestHash<E>(
  G: Group<E>,
  hE: Uint8Array,
  indC: number,
  K: E,
  selections: readonly Ciphertext<E>[],
): Uint8Array {
  const parts: Uint8Array[] = [];
  for (const s of selections) parts.push(G.encode(s.alpha), G.encode(s.beta));
  return contestHashOfEncodings(hE, indC, G.encode(K), parts);
}

/**
 * {@link contestHash} from the encodings of K and of α_1, β_1, …, α_m, β_m, not decoded: the
 * same hash when each is the encoding of its element (a profile's encoding of an element is
 * unique, so bytes that decode are that encoding). Used where membership is checked elsewhere
 * (spec/verification.md §5, the ranked rows of a counted ballot).
 */
export function contestHashOfEncodings(
  hE: Uint8Array,
  indC: number,
  K: Uint8Array,
  encodings: readonly Uint8Array[],
): Uint8Array {
  return H(hE, domain(0x23), int4(indC), concatBytes(K, ...encodings));
}

/** H(B) = H(H_E; 0x24, χ_1, …, χ_mB, B_aux) — eq 58, with B_aux length-prefixed (§5.5.3). */
export function confirmationCode(
  hE: Uint8Array,
  contestHashes: readonly Uint8Array[],
  bAux: Uint8Array,
): Uint8Array {
  return H(hE, domain(0x24), ...contestHashes, lengthPrefixed(bAux));
}

/** H_0 = H(H_E; 0x24, B_aux,0) — eq 59: the start of a device's chain. */
export function chainInitialCode(hE: Uint8Array, bAux0: Uint8Array): Uint8Array {
  return H(hE, domain(0x24), lengthPrefixed(bAux0));
}

/** B_aux,j = H_(j−1) ∥ B_aux,0 — eq 60. */
export function chainedAux(previousCode: Uint8Array, bAux0: Uint8Array): Uint8Array {
  return concatBytes(previousCode, bAux0);
}

/**
 * H = H(H_E; 0x24, B_aux) with B_aux = H(B_ℓ) ∥ b(len(B_aux,0), 4) ∥ B_aux,0 ∥ b("CLOSE", 5) — eq 61,
 * laid out as in the §5.5.3 table.
 */
export function chainClosingCode(hE: Uint8Array, lastCode: Uint8Array, bAux0: Uint8Array): Uint8Array {
  return H(hE, domain(0x24), lastCode, lengthPrefixed(bAux0), utf8Bytes('CLOSE'));
}
