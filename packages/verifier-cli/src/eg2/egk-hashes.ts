/**
 * Hash inputs where egk's records differ from the letter of EG 2.0.0 (spec/verification-eg2.md §5).
 *
 * Each function returns the candidate values, egk's form first, then the 2.0.0 form; a check
 * passes when the published value equals one of them. Both forms bind the same inputs with
 * HMAC-SHA-256 under H_E, so accepting either keeps every check as strong as the spec's; the
 * step notes say which form the record used.
 * @module
 */
import {
  chainClosingCode,
  chainInitialCode,
  concatBytes,
  confirmationCode,
  domain,
  H,
  toHex,
  utf8Bytes,
  type Group,
} from '@evident/e2e-crypto';

/** Which form of a hash matched. */
export type HashForm = 'egk' | 'spec';

/** A computed candidate. */
export interface Candidate {
  readonly form: HashForm;
  readonly value: Uint8Array;
}

/**
 * H(B) = H(H_E; 0x24, χ_1, …, χ_mB, B_aux) — EG 2.0 eq 58, Verification 7.B.
 * egk hashes B_aux without the 4-byte length prefix of the §5.5.3 table.
 */
export function confirmationCodeCandidates(
  hE: Uint8Array,
  contestHashes: readonly Uint8Array[],
  bAux: Uint8Array,
): Candidate[] {
  return [
    { form: 'egk', value: H(hE, domain(0x24), ...contestHashes, bAux) },
    { form: 'spec', value: confirmationCode(hE, contestHashes, bAux) },
  ];
}

/** H_0 = H(H_E; 0x24, B_aux,0) — eq 59, Verification 7.D (egk: no length prefix). */
export function chainStartCandidates(hE: Uint8Array, bAux0: Uint8Array): Candidate[] {
  return [
    { form: 'egk', value: H(hE, domain(0x24), bAux0) },
    { form: 'spec', value: chainInitialCode(hE, bAux0) },
  ];
}

/**
 * B_aux,j for the j-th ballot of a chain — eq 60, Verification 7.E: B_aux,j = H(B_(j−1)) ∥ B_aux,0
 * with H(B_0) = H_0. egk follows this from the second ballot on, but gives the first ballot
 * B_aux,1 = H_0 alone.
 * @param previousCode - H(B_(j−1)), or H_0 for the first ballot
 */
export function chainedAuxCandidates(
  previousCode: Uint8Array,
  bAux0: Uint8Array,
  first: boolean,
): Candidate[] {
  const spec: Candidate = { form: 'spec', value: concatBytes(previousCode, bAux0) };
  return first ? [{ form: 'egk', value: previousCode }, spec] : [spec];
}

/** H = H(H_E; 0x24, H(B_ℓ) ∥ B_aux,0 ∥ "CLOSE") — eq 61, Verification 7.G (egk: no length prefix). */
export function chainCloseCandidates(hE: Uint8Array, lastCode: Uint8Array, bAux0: Uint8Array): Candidate[] {
  return [
    { form: 'egk', value: H(hE, domain(0x24), lastCode, bAux0, utf8Bytes('CLOSE')) },
    { form: 'spec', value: chainClosingCode(hE, lastCode, bAux0) },
  ];
}

/** The first candidate equal to `published`, or undefined. */
export function matchCandidate(
  candidates: readonly Candidate[],
  published: Uint8Array,
): HashForm | undefined {
  const hex = toHex(published);
  return candidates.find((c) => toHex(c.value) === hex)?.form;
}

/**
 * The challenge of a contest-data decryption proof, c = H(H_E; 0x31, K, C0, C1, C2, a, b, β)
 * — eq 81, Verifications 11.B and 14.B. egk hashes C1 as the UTF-8 of its uppercase hex string
 * and C2 as 32 raw bytes; the 2.0.0 table's b(C1, 512), b(C2, 512) cannot hold a C1 longer than
 * 512 bytes, so the "spec" form here hashes C1 and C2 as raw bytes.
 * @returns the challenge hash for each form
 */
export function contestDataChallenges<E>(
  G: Group<E>,
  hE: Uint8Array,
  K: E,
  c0: E,
  c1: Uint8Array,
  c2: Uint8Array,
  a: E,
  b: E,
  beta: E,
): Candidate[] {
  const head = [domain(0x31), G.encode(K), G.encode(c0)];
  const tail = [G.encode(a), G.encode(b), G.encode(beta)];
  return [
    { form: 'egk', value: H(hE, ...head, utf8Bytes(toHex(c1)), c2, ...tail) },
    { form: 'spec', value: H(hE, ...head, c1, c2, ...tail) },
  ];
}
