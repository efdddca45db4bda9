/**
 * Hashed ElGamal encryption of auxiliary data, as ElectionGuard encrypts contest data
 * (EG 2.0 §3.3.6 eq 49–55, decryption §3.6.4; spec/crypto.md §5.4).
 *
 * (α, β) = (g^ξ, K^ξ); k = H(H_E; 0x22, K, α, β); a counter-mode KDF (SP 800-108) gives the MAC
 * key k_0 and pad keys k_1…k_bD; C1 = D ⊕ (k_1 ∥ … ∥ k_bD); C2 = HMAC(k_0, C0 ∥ C1).
 * @module
 */
import { bytesEqual, concatBytes, u32, utf8Bytes } from '../bytes.js';
import type { PublicKey } from './elgamal.js';
import type { Group } from '../group/group.js';
import { domain, H } from '../hash/hash.js';
import { hmacSha256 } from '../hash/hmac.js';

/** A hashed ElGamal ciphertext (C0, C1, C2). */
export interface HashedCiphertext<E> {
  /** C0 = α = g^ξ */
  readonly c0: E;
  /** C1: the data XOR the key stream, 32·bD bytes */
  readonly c1: Uint8Array;
  /** C2: HMAC-SHA-256 tag */
  readonly c2: Uint8Array;
}

/** The KDF's Label and Context (EG 2.0 eq 52: Label "data enc keys", Context "contest data" ∥ ind). */
export interface KdfContext {
  readonly label: string;
  readonly context: Uint8Array;
}

/** EG 2.0's context for contest data of the contest with index `ind_c`. */
export function contestDataContext(indC: number): KdfContext {
  return { label: 'data enc keys', context: concatBytes(utf8Bytes('contest data'), u32(indC)) };
}

/** k_0 … k_bD: k_i = HMAC(k, b(i,4) ∥ Label ∥ 0x00 ∥ Context ∥ b((bD+1)·256, 4)) — eq 52. */
function keyStream(k: Uint8Array, blocks: number, ctx: KdfContext): Uint8Array[] {
  const label = utf8Bytes(ctx.label);
  const len = u32((blocks + 1) * 256);
  const keys: Uint8Array[] = [];
  for (let i = 0; i <= blocks; i++) {
    keys.push(hmacSha256(k, u32(i), label, domain(0), ctx.context, len));
  }
  return keys;
}

function xorBlocks(data: Uint8Array, keys: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(data.length);
  for (let i = 0; i < data.length; i++) out[i] = data[i]! ^ keys[1 + (i >> 5)]![i & 31]!;
  return out;
}

/**
 * Encrypts `data` (a multiple of 32 bytes: pad first) to the key K with nonce ξ.
 * @throws {RangeError} if data.length is not a positive multiple of 32
 */
export function hashedEncrypt<E>(
  G: Group<E>,
  hE: Uint8Array,
  pk: PublicKey<E>,
  data: Uint8Array,
  xi: bigint,
  ctx: KdfContext,
): HashedCiphertext<E> {
  if (data.length === 0 || data.length % 32 !== 0) {
    throw new RangeError('hashedEncrypt: data length must be a positive multiple of 32');
  }
  const alpha = G.gExp(xi);
  const beta = pk.pow(xi);
  const k = H(hE, domain(0x22), G.encode(pk.K), G.encode(alpha), G.encode(beta)); // eq 51
  const keys = keyStream(k, data.length / 32, ctx);
  const c1 = xorBlocks(data, keys); // eq 54
  const c2 = hmacSha256(keys[0]!, G.encode(alpha), c1); // eq 55
  return { c0: alpha, c1, c2 };
}

/**
 * Decrypts with β = C0^s = K^ξ (from the secret key, the nonce, or combined partial
 * decryptions). Returns `undefined` when the MAC does not verify.
 */
export function hashedDecrypt<E>(
  G: Group<E>,
  hE: Uint8Array,
  K: E,
  ct: HashedCiphertext<E>,
  beta: E,
  ctx: KdfContext,
): Uint8Array | undefined {
  if (ct.c1.length === 0 || ct.c1.length % 32 !== 0) return undefined;
  const k = H(hE, domain(0x22), G.encode(K), G.encode(ct.c0), G.encode(beta));
  const keys = keyStream(k, ct.c1.length / 32, ctx);
  const tag = hmacSha256(keys[0]!, G.encode(ct.c0), ct.c1);
  if (!bytesEqual(tag, ct.c2)) return undefined;
  return xorBlocks(ct.c1, keys);
}
