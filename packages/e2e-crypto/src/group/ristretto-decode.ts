/**
 * ristretto255 decoding (RFC 9496 §4.3.1) and encoding (§4.3.2), entirely in WebAssembly when it
 * is available (`field25519-wasm.ts`, functions `decode` and `encode` of field25519-wasm-codec.ts):
 * the 32 bytes go into WebAssembly memory, the limbs are unpacked, checked and computed there,
 * and the coordinates come back to BigInt once, as canonical 32-byte strings. Decoding is most of
 * the cost of checking a ballot (every received element is decoded and so checked for
 * membership); in BigInt it also left ~20 kB of garbage per element.
 *
 * The BigInt formulas below are kept as the reference (`decodeBigint`, with reasons:
 * `decodeStatusBigint`) and for `sqrtRatioM1` (ristretto-hash.ts); the tests compare WebAssembly,
 * BigInt and noble on valid, invalid and random encodings and on every failure branch. Without
 * WebAssembly `decodeFast`/`encodeFast` are undefined and the caller uses noble.
 *
 * Timing (spec/crypto.md §7): encoding is a fixed sequence of WebAssembly operations (flags as
 * masks), then BigInt only for the input coordinates; decoding handles public bytes and may
 * return early.
 * @module
 */
import { ed25519 } from '@noble/curves/ed25519.js';
import { LAYOUT, sharedArena } from './field25519-wasm.js';
import { decodedPoint, edwardsOf, fromEdwards, storePoint } from './ristretto-edwards.js';
import type { RistrettoPoint } from './ristretto255.js';

const P = (1n << 255n) - 19n;
const D = ed25519.Point.CURVE().d;
const md = (a: bigint): bigint => {
  const r = a % P;
  return r < 0n ? r + P : r;
};
const powBig = (b: bigint, e: bigint): bigint => {
  let r = 1n;
  b = md(b);
  while (e > 0n) {
    if (e & 1n) r = (r * b) % P;
    b = (b * b) % P;
    e >>= 1n;
  }
  return r;
};
/** √−1 = 2^((p−1)/4) mod p. */
const SQRT_M1 = powBig(2n, (P - 1n) / 4n);
const isNegative = (x: bigint): boolean => (md(x) & 1n) === 1n;
const abs = (x: bigint): bigint => (isNegative(x) ? md(-x) : md(x));

const M64 = (1n << 64n) - 1n;
/** The little-endian integer of 32 bytes, by 64-bit words (a BigInt per byte would allocate ~100 times per decoding). */
function le256(b: Uint8Array): bigint {
  const w = new DataView(b.buffer, b.byteOffset, 32);
  return (
    w.getBigUint64(0, true) |
    (w.getBigUint64(8, true) << 64n) |
    (w.getBigUint64(16, true) << 128n) |
    (w.getBigUint64(24, true) << 192n)
  );
}

/** SQRT_RATIO_M1(u, v) of RFC 9496 §4.2: (was_square, r) with r = √(u/v) or √(i·u/v), non-negative. */
export function sqrtRatioM1(u: bigint, v: bigint, pow: (z: bigint) => bigint): [boolean, bigint] {
  const v3 = (((v * v) % P) * v) % P;
  const v7 = (((v3 * v3) % P) * v) % P;
  let r = (((u * v3) % P) * pow((u * v7) % P)) % P;
  const check = (v * ((r * r) % P)) % P;
  const correct = check === md(u);
  const flipped = check === md(-u);
  const flippedI = check === md(-u * SQRT_M1);
  if (flipped || flippedI) r = (r * SQRT_M1) % P;
  return [correct || flipped, abs(r)];
}

/**
 * Why an encoding is refused (RFC 9496 §4.3.1), as the WebAssembly `decode` reports it: 0 valid,
 * 1 s not canonical (s ≥ p, bit 255 set, or not 32 bytes), 2 s negative, 3 not square,
 * 4 t negative, 5 y = 0.
 */
export type DecodeStatus = 0 | 1 | 2 | 3 | 4 | 5;

/**
 * Decodes 32 bytes per RFC 9496 §4.3.1 in BigInt.
 * @returns the point, or the status of the first failed check
 */
function decodeBig(bytes: Uint8Array, pow: (z: bigint) => bigint): RistrettoPoint | DecodeStatus {
  if (bytes.length !== 32) return 1;
  const s = le256(bytes);
  // 1. canonical (s < p) and non-negative
  if (s >= P) return 1;
  if ((s & 1n) === 1n) return 2;
  // 2.
  const ss = (s * s) % P;
  const u1 = md(1n - ss);
  const u2 = (1n + ss) % P;
  const u2sqr = (u2 * u2) % P;
  const v = md(-((D * ((u1 * u1) % P)) % P) - u2sqr);
  const [wasSquare, invsqrt] = sqrtRatioM1(1n, (v * u2sqr) % P, pow);
  const denX = (invsqrt * u2) % P;
  const denY = (((invsqrt * denX) % P) * v) % P;
  const x = abs(2n * s * denX);
  const y = (u1 * denY) % P;
  const t = (x * y) % P;
  if (!wasSquare) return 3;
  if (isNegative(t)) return 4;
  if (y === 0n) return 5;
  return fromEdwards(x, y, 1n, t);
}

const powBig22523 = (z: bigint): bigint => powBig(z, (1n << 252n) - 3n);

/** Decoding in BigInt (the reference for the tests and the fallback's formulas). */
export const decodeBigint = (bytes: Uint8Array): RistrettoPoint | null => {
  const r = decodeBig(bytes, powBig22523);
  return typeof r === 'number' ? null : r;
};

/** The status of BigInt decoding (0 for a valid encoding). */
export const decodeStatusBigint = (bytes: Uint8Array): DecodeStatus => {
  const r = decodeBig(bytes, powBig22523);
  return typeof r === 'number' ? r : 0;
};

const A = sharedArena;
const { IN, OUT, ENC, XY } = LAYOUT;

/** The status of WebAssembly decoding, or undefined without WebAssembly (for the tests). */
export const decodeStatusWasm: ((bytes: Uint8Array) => DecodeStatus) | undefined = A
  ? (bytes) => {
      if (bytes.length !== 32) return 1;
      A.bytes.set(bytes, IN);
      return A.fn.decode(XY, IN) as DecodeStatus;
    }
  : undefined;

/**
 * Decoding entirely in WebAssembly, or undefined when WebAssembly is unavailable. The point keeps
 * its affine x, y as the bytes WebAssembly packed and the encoding it came from
 * (`decodedPoint`, ristretto-edwards.ts): no BigInt is made unless a later operation needs one.
 * Variable time (returns at the first failed check): public encodings only.
 * @param owned - `bytes` become the point's (no copy): the caller never writes to them again
 * @returns the point (affine: Z = 1), or null when the encoding is not canonical or not of a
 *   group element
 */
export const decodeFast: ((bytes: Uint8Array, owned?: boolean) => RistrettoPoint | null) | undefined = A
  ? (bytes, owned = false) => {
      if (bytes.length !== 32) return null;
      A.bytes.set(bytes, XY + 64);
      if (A.fn.decode(XY, XY + 64) !== 0) return null; // x at XY, y at XY + 32
      return decodedPoint(A.bytes.slice(XY, XY + 64), owned ? bytes : bytes.slice());
    }
  : undefined;

/** 1/√(a − d) with a = −1 (RFC 9496 §4.1 INVSQRT_A_MINUS_D). */
const INVSQRT_A_MINUS_D = sqrtRatioM1(1n, md(-1n - D), (z) => powBig(z, (1n << 252n) - 3n))[1];

/** Encodes a point per RFC 9496 §4.3.2 from its Edwards representative (X : Y : Z : T). */
function encode(X0: bigint, Y0: bigint, Z0: bigint, T0: bigint, pow: (z: bigint) => bigint): Uint8Array {
  const u1 = (md(Z0 + Y0) * md(Z0 - Y0)) % P;
  const u2 = (X0 * Y0) % P;
  const [, invsqrt] = sqrtRatioM1(1n, (u1 * ((u2 * u2) % P)) % P, pow); // always square
  const den1 = (invsqrt * u1) % P;
  const den2 = (invsqrt * u2) % P;
  const zInv = (((den1 * den2) % P) * T0) % P;
  const rotate = isNegative((T0 * zInv) % P);
  const x = rotate ? (Y0 * SQRT_M1) % P : X0;
  let y = rotate ? (X0 * SQRT_M1) % P : Y0;
  const denInv = rotate ? (den1 * INVSQRT_A_MINUS_D) % P : den2;
  if (isNegative((x * zInv) % P)) y = md(-y);
  const s = abs(denInv * md(Z0 - y));
  const out = new Uint8Array(32);
  const w = new DataView(out.buffer);
  w.setBigUint64(0, s & M64, true);
  w.setBigUint64(8, (s >> 64n) & M64, true);
  w.setBigUint64(16, (s >> 128n) & M64, true);
  w.setBigUint64(24, s >> 192n, true);
  return out;
}

/** Encoding in BigInt (the reference for the tests). */
export const encodeBigint = (p: RistrettoPoint): Uint8Array => {
  const e = edwardsOf(p);
  return encode(e.X, e.Y, e.Z, e.T, powBig22523);
};

/** Encoding entirely in WebAssembly, or undefined when WebAssembly is unavailable. */
export const encodeFast: ((p: RistrettoPoint) => Uint8Array) | undefined = A
  ? (p) => {
      storePoint(A, OUT, p);
      A.fn.encode(ENC, OUT);
      return A.bytes.slice(ENC, ENC + 32);
    }
  : undefined;

/** INVSQRT_A_MINUS_D as computed here (tests compare it with RFC 9496 §4.1). */
export const invsqrtAMinusD = INVSQRT_A_MINUS_D;
