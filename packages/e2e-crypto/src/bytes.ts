/**
 * Byte-array helpers: hex, concatenation and fixed-width big-endian integers (EG 2.0 §5.1, eq 98).
 * @module
 */
import { InvalidDataError } from './errors.js';

/** Uppercase hex digit pairs by byte value. */
const HEX_PAIRS: readonly string[] = Array.from({ length: 256 }, (_, b) =>
  b.toString(16).padStart(2, '0').toUpperCase(),
);
/** Hex digit value by character code (either case), −1 for any other character. */
const HEX_VALUE = new Int8Array(128).fill(-1);
for (let i = 0; i < 10; i++) HEX_VALUE[48 + i] = i;
for (let i = 0; i < 6; i++) HEX_VALUE[65 + i] = HEX_VALUE[97 + i] = 10 + i;

/** Uppercase hex of `bytes` (ElectionGuard records use uppercase). */
export function toHex(bytes: Uint8Array): string {
  // by table: hex is on every hot path of the server (keys, digests, records)
  let s = '';
  for (let i = 0; i < bytes.length; i++) s += HEX_PAIRS[bytes[i]!]!;
  return s;
}

/**
 * Decodes hex (either case) to bytes.
 * @param field - named in the error when `hex` is not an even-length hex string
 * @throws {InvalidDataError} code ENCODING
 */
export function fromHex(hex: string, field = 'hex'): Uint8Array {
  const bad = (): InvalidDataError =>
    new InvalidDataError('ENCODING', field, 'expected an even-length hexadecimal string');
  if (typeof hex !== 'string' || hex.length % 2 !== 0) throw bad();
  const out = new Uint8Array(hex.length / 2);
  for (let i = 0, j = 0; i < out.length; i++, j += 2) {
    const a = hex.charCodeAt(j);
    const b = hex.charCodeAt(j + 1);
    const hi = a < 128 ? HEX_VALUE[a]! : -1;
    const lo = b < 128 ? HEX_VALUE[b]! : -1;
    if ((hi | lo) < 0) throw bad();
    out[i] = (hi << 4) | lo;
  }
  return out;
}

/** Concatenation of byte arrays (the spec's ∥). */
export function concatBytes(...parts: Uint8Array[]): Uint8Array {
  let n = 0;
  for (const p of parts) n += p.length;
  const out = new Uint8Array(n);
  let o = 0;
  for (const p of parts) {
    out.set(p, o);
    o += p.length;
  }
  return out;
}

/**
 * b(a, m): the big-endian byte array of length `m` representing `a` (EG 2.0 eq 98).
 * @throws {RangeError} if `a` is negative or does not fit in `m` bytes
 */
export function bigintToBytes(a: bigint, m: number): Uint8Array {
  if (a < 0n) throw new RangeError('bigintToBytes: a must be non-negative');
  // through hex: for 512-byte values ~10× faster than shifting a BigInt byte by byte
  const hex = a.toString(16);
  if (hex.length > 2 * m) throw new RangeError(`bigintToBytes: value does not fit in ${m} bytes`);
  const padded = hex.padStart(2 * m, '0');
  const out = new Uint8Array(m);
  for (let i = 0; i < m; i++) out[i] = parseInt(padded.slice(2 * i, 2 * i + 2), 16);
  return out;
}

/** The non-negative integer that big-endian `bytes` represent (EG 2.0 eq 97). */
export function bytesToBigint(bytes: Uint8Array): bigint {
  if (bytes.length === 0) return 0n;
  if (bytes.length <= 64 && bytes.length % 8 === 0) {
    // hashes and wide challenges (32, 64 bytes): 64-bit words, no hex string (twice as fast);
    // longer values (eg-4096 elements) through hex, which does not grow a BigInt word by word
    const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    let x = 0n;
    for (let i = 0; i < bytes.length; i += 8) x = (x << 64n) | view.getBigUint64(i);
    return x;
  }
  return BigInt('0x' + toHex(bytes));
}

/** b(n, 4): a small non-negative integer (< 2^31) as 4 big-endian bytes (EG 2.0 §5.1.3). */
export function u32(n: number): Uint8Array {
  if (!Number.isInteger(n) || n < 0 || n >= 2 ** 31) {
    throw new RangeError(`u32: ${n} is not an integer in [0, 2^31)`);
  }
  return new Uint8Array([(n >>> 24) & 0xff, (n >>> 16) & 0xff, (n >>> 8) & 0xff, n & 0xff]);
}

const utf8 = new TextEncoder();

/** UTF-8 bytes of `s`. */
export function utf8Bytes(s: string): Uint8Array {
  return utf8.encode(s);
}

/** Constant-time equality of two byte arrays of equal length (false if lengths differ). */
export function bytesEqual(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  let d = 0;
  for (let i = 0; i < a.length; i++) d |= a[i]! ^ b[i]!;
  return d === 0;
}
