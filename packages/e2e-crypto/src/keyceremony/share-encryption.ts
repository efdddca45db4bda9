/**
 * Encryption of a guardian's share P_i(ℓ) to guardian G_ℓ, and its decryption
 * (EG 2.0 §3.2.2 eq 14–20; spec/key-ceremony.md §4).
 *
 * (α, β) = (g^ξ, K_ℓ^ξ); k_{i,ℓ} = H(H_P; 0x11, i, ℓ, K_ℓ, α, β); an SP 800-108 counter-mode KDF
 * gives the MAC key k_0 and the pad k_1; C_1 = b(P_i(ℓ), 32) ⊕ k_1; C_2 = HMAC(k_0, C_0 ∥ C_1).
 * The steps are exported one by one so that the June 2023 draft vectors (different encodings,
 * see spec/key-ceremony.md "Interoperability notes") can be checked with the same sealing code.
 * @module
 */
import { bigintToBytes, bytesEqual, bytesToBigint, concatBytes, utf8Bytes } from '../bytes.js';
import type { Group } from '../group/group.js';
import { randomScalar } from '../group/scalar.js';
import { domain, H, int4 } from '../hash/hash.js';
import { hmacSha256 } from '../hash/hmac.js';

/** E_ℓ(P_i(ℓ)) = (C_0, C_1, C_2) — eq 18–19. */
export interface EncryptedShare<E> {
  /** C_0 = α = g^ξ */
  readonly c0: E;
  /** C_1: 32 bytes */
  readonly c1: Uint8Array;
  /** C_2: 32-byte MAC */
  readonly c2: Uint8Array;
}

/** The MAC key k_0 and the encryption key k_1 (eq 16–17). */
export interface ShareKeys {
  readonly k0: Uint8Array;
  readonly k1: Uint8Array;
}

/** k_{i,ℓ} = H(H_P; 0x11, i, ℓ, K_ℓ, α, β) — eq 15. */
export function shareSecretKey<E>(
  G: Group<E>,
  hP: Uint8Array,
  i: number,
  l: number,
  Kl: E,
  alpha: E,
  beta: E,
): Uint8Array {
  return H(hP, domain(0x11), int4(i), int4(l), G.encode(Kl), G.encode(alpha), G.encode(beta));
}

const LABEL = utf8Bytes('share enc keys');
const CONTEXT = utf8Bytes('share encrypt');
const LENGTH_512 = new Uint8Array([0x02, 0x00]);

/**
 * k_0 = HMAC(k, 0x01 ∥ Label ∥ 0x00 ∥ Context ∥ 0x0200), k_1 likewise with 0x02 — eq 16–17,
 * Label = "share enc keys", Context = "share encrypt" ∥ b(i, 4) ∥ b(ℓ, 4).
 */
export function shareKdf(k: Uint8Array, i: number, l: number): ShareKeys {
  const context = concatBytes(CONTEXT, int4(i), int4(l));
  return {
    k0: hmacSha256(k, domain(1), LABEL, domain(0), context, LENGTH_512),
    k1: hmacSha256(k, domain(2), LABEL, domain(0), context, LENGTH_512),
  };
}

/** C_1 = b(y, 32) ⊕ k_1, C_2 = HMAC(k_0, C_0 ∥ C_1) — eq 19. */
export function sealShare<E>(G: Group<E>, keys: ShareKeys, alpha: E, y: bigint): EncryptedShare<E> {
  const yb = bigintToBytes(y, 32);
  const c1 = yb.map((b, t) => b ^ keys.k1[t]!);
  return { c0: alpha, c1, c2: hmacSha256(keys.k0, G.encode(alpha), c1) };
}

/**
 * Checks the MAC and removes the pad (eq 20). Returns `undefined` when the MAC fails, C_1 is not
 * 32 bytes or the decrypted value is not below q.
 */
export function openShare<E>(G: Group<E>, keys: ShareKeys, ct: EncryptedShare<E>): bigint | undefined {
  if (ct.c1.length !== 32 || ct.c2.length !== 32) return undefined;
  if (!bytesEqual(hmacSha256(keys.k0, G.encode(ct.c0), ct.c1), ct.c2)) return undefined;
  const y = bytesToBigint(ct.c1.map((b, t) => b ^ keys.k1[t]!));
  return y < G.q ? y : undefined;
}

/**
 * Guardian G_i encrypts its share y = P_i(ℓ) for guardian G_ℓ (eq 14–19).
 * @param Kl - G_ℓ's public key K_ℓ = K_{ℓ,0}
 * @param xi - the nonce ξ_{i,ℓ}; from the CSPRNG unless given (known-answer tests, complaint answers)
 */
export function encryptShare<E>(
  G: Group<E>,
  hP: Uint8Array,
  i: number,
  l: number,
  Kl: E,
  y: bigint,
  xi: bigint = randomScalar(G.q),
): EncryptedShare<E> {
  const alpha = G.gExp(xi);
  const beta = G.exp(Kl, xi);
  return sealShare(G, shareKdf(shareSecretKey(G, hP, i, l, Kl, alpha, beta), i, l), alpha, y);
}

/**
 * Guardian G_ℓ decrypts the share that G_i sent it (eq 20): β = C_0^{s_ℓ}.
 * @param sl - G_ℓ's secret key s_ℓ = a_{ℓ,0}
 * @param Kl - G_ℓ's public key
 * @returns P_i(ℓ), or `undefined` when the ciphertext does not authenticate
 */
export function decryptShare<E>(
  G: Group<E>,
  hP: Uint8Array,
  i: number,
  l: number,
  sl: bigint,
  Kl: E,
  ct: EncryptedShare<E>,
): bigint | undefined {
  const beta = G.exp(ct.c0, sl);
  return openShare(G, shareKdf(shareSecretKey(G, hP, i, l, Kl, ct.c0, beta), i, l), ct);
}

/** Equality of two encrypted shares (used to check a sender's revealed nonce). */
export function encryptedShareEquals<E>(G: Group<E>, a: EncryptedShare<E>, b: EncryptedShare<E>): boolean {
  return G.equals(a.c0, b.c0) && bytesEqual(a.c1, b.c1) && bytesEqual(a.c2, b.c2);
}
