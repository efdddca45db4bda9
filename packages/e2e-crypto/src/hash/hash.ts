/**
 * The ElectionGuard hash function H and its input encodings (EG 2.0 §5, spec/crypto.md §2).
 *
 * H(B0; B1) = HMAC-SHA-256(B0, B1) with a 32-byte key B0 (eq 105). B1 is the concatenation of
 * fixed-length encodings (§5.3): a domain-separation byte, elements as b(x, l_p), scalars as
 * b(x, 32), small integers as b(n, 4), strings and files length-prefixed with b(len, 4).
 * The ristretto255 profile uses the same function with its own version key and 32-byte elements.
 * @module
 */
import { bigintToBytes, bytesToBigint, concatBytes, u32, utf8Bytes } from '../bytes.js';
import type { Group } from '../group/group.js';
import { mod } from '../group/scalar.js';
import { hmacSha256List } from './hmac.js';
import { emptySchedule, hmacKeySchedule, hmacWords, wordsInto } from './sha256-words.js';

/** One input of H: already-encoded bytes. Build them with the encoders below. */
export type HashInput = Uint8Array;

/**
 * H(key; parts…) — EG 2.0 eq 105.
 * @param key - B0, exactly 32 bytes (ver, H_P, H_B or H_E)
 * @param parts - the encoded inputs whose concatenation is B1
 * @returns 32 bytes
 */
export function H(key: Uint8Array, ...parts: HashInput[]): Uint8Array {
  return hashOfList(key, parts);
}

/**
 * H(key; parts…) with the parts as one array: for inputs of unbounded count (a statement over
 * every target of a decryption), which must never be spread into a call's arguments — an
 * engine's stack holds ~10^5 of them.
 */
export function hashOfList(key: Uint8Array, parts: readonly HashInput[]): Uint8Array {
  if (key.length !== 32) throw new RangeError(`H: key must be 32 bytes, got ${key.length}`);
  return hmacSha256List(key, parts);
}

/** A domain-separation byte such as 0x21. */
export function domain(byte: number): Uint8Array {
  if (!Number.isInteger(byte) || byte < 0 || byte > 255) throw new RangeError('domain: not a byte');
  return new Uint8Array([byte]);
}

/** b(n, 4): a small integer (index, count). */
export const int4 = u32;

/** b(len(s), 4) ∥ UTF-8(s): a string input (EG 2.0 §5.1.4). */
export function str(s: string): Uint8Array {
  const b = utf8Bytes(s);
  return concatBytes(u32(b.length), b);
}

/** b(len(f), 4) ∥ f: a file or variable-length byte-array input (EG 2.0 §5.1.5). */
export function lengthPrefixed(bytes: Uint8Array): Uint8Array {
  return concatBytes(u32(bytes.length), bytes);
}

/** b(x, l_q): a scalar input. */
export function scalarBytes(x: bigint): Uint8Array {
  return bigintToBytes(x, 32);
}

/** The encoding of a group element as a hash input (b(x, l_p) in eg-4096). */
export function elementBytes<E>(G: Group<E>, x: E): Uint8Array {
  return G.encode(x);
}

/** The elements of `xs` encoded and concatenated. */
export function elementsBytes<E>(G: Group<E>, xs: readonly E[]): Uint8Array {
  const out = new Uint8Array(xs.length * G.elementLength);
  xs.forEach((x, i) => out.set(G.encode(x), i * G.elementLength));
  return out;
}

/** ver: the version string's UTF-8 bytes padded with 0x00 to 32 bytes (EG 2.0 §3.1.2). */
export function versionKey(version: string): Uint8Array {
  const b = utf8Bytes(version);
  if (b.length > 32) throw new RangeError('versionKey: version longer than 32 bytes');
  const out = new Uint8Array(32);
  out.set(b);
  return out;
}

/**
 * The integer that a hash output represents (EG 2.0 eq 106), unreduced: a challenge c in
 * [0, 2^256) as ElectionGuard publishes it.
 */
export function hashToInt(h: Uint8Array): bigint {
  return bytesToBigint(h);
}

/** The messages 0x01 and 0x02 of {@link hashToScalar}, made once (only ever read). */
const WIDEN_1 = [Uint8Array.of(1)];
const WIDEN_2 = [Uint8Array.of(2)];

/** Scratch of {@link hashToScalar}: the key h's schedule, a digest's words, the 64 wide bytes. */
const WIDEN_KEY = emptySchedule();
const WIDE_WORDS = new Int32Array(8);
const WIDE = new Uint8Array(64);
const WIDE_VIEW = new DataView(WIDE.buffer);

/** The 128 bits of {@link WIDE} at byte `at`. */
function wide128(at: number): bigint {
  return (WIDE_VIEW.getBigUint64(at) << 64n) | WIDE_VIEW.getBigUint64(at + 8);
}

/**
 * A challenge scalar in Z_q from a hash output (spec/crypto.md §2.3).
 * eg-4096: the hash read as an integer, reduced mod q (q is within 2^-248 of 2^256).
 * ristretto255: the 32-byte hash is widened to 64 bytes, HMAC(h, 0x01) ∥ HMAC(h, 0x02), then
 * reduced mod ℓ ≈ 2^252, so that the bias is below 2^-250.
 */
export function hashToScalar<E>(G: Group<E>, h: Uint8Array): bigint {
  if (G.name === 'eg-4096') return mod(bytesToBigint(h), G.q);
  // the key h's schedule computed once for both messages, the two digests written into one
  // scratch array and read as four 128-bit halves: HMAC(h, 0x01) ∥ HMAC(h, 0x02) read big-endian
  const key = hmacKeySchedule(h, WIDEN_KEY);
  wordsInto(hmacWords(key, WIDEN_1, WIDE_WORDS), WIDE, 0);
  wordsInto(hmacWords(key, WIDEN_2, WIDE_WORDS), WIDE, 32);
  const hi = (wide128(0) << 128n) | wide128(16);
  const lo = (wide128(32) << 128n) | wide128(48);
  // the scratch holds what the scalar is made of (a credential's key, for one): cleared now
  WIDE.fill(0);
  WIDE_WORDS.fill(0);
  WIDEN_KEY.inner.fill(0);
  WIDEN_KEY.outer.fill(0);
  return mod((hi << 256n) | lo, G.q);
}
