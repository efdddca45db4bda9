/**
 * The two places where the June 2023 vectors (written against the 1.9 draft) hash differently from
 * the 2.0.0 specification: labels instead of indices, and no length prefix on B_aux.
 * Kept in test code only; spec/crypto.md §9 records the differences.
 */
import { type Group, H, domain, mod, scalarBytes, utf8Bytes, concatBytes, hashToInt } from '../src/index.js';

/** 1.9 draft eq 22: ξ = H(H_E; 0x20, ξ_B, Λ, λ) with the labels' raw UTF-8 bytes. */
export function draftSelectionNonce(
  G: Group<bigint>,
  hE: Uint8Array,
  xiB: bigint,
  contestId: string,
  selectionId: string,
): bigint {
  return mod(
    hashToInt(H(hE, domain(0x20), scalarBytes(xiB), utf8Bytes(contestId), utf8Bytes(selectionId))),
    G.q,
  );
}

/** 1.9 draft contest hash: H(H_E; 0x23, Λ, K, α1, β1, …) with the label's raw UTF-8 bytes. */
export function draftContestHash(
  G: Group<bigint>,
  hE: Uint8Array,
  contestId: string,
  K: bigint,
  cts: { alpha: bigint; beta: bigint }[],
): Uint8Array {
  const enc = concatBytes(...cts.flatMap((c) => [G.encode(c.alpha), G.encode(c.beta)]));
  return H(hE, domain(0x23), utf8Bytes(contestId), G.encode(K), enc);
}

/** 1.9 draft confirmation code: H(H_E; 0x24, χ…, B_aux) with B_aux not length-prefixed. */
export function draftConfirmationCode(hE: Uint8Array, chis: Uint8Array[], bAux: Uint8Array): Uint8Array {
  return H(hE, domain(0x24), ...chis, bAux);
}
