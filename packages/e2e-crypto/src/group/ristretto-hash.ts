/**
 * hash_to_ristretto255 (RFC 9380 §6.8.2 with RFC 9496 §4.3.4) with the square roots of the two
 * MAP evaluations in WebAssembly (field25519-wasm.ts), written from RFC 9496. The mixnet derives
 * one generator per row this way (spec/mixnet.md §2.2), prover and verifier alike; with noble's
 * BigInt square roots this was the largest single cost of both (~0.3–0.5 ms a generator).
 * The result equals noble's `ristretto255_hasher.hashToCurve` (tested on random inputs). Without
 * WebAssembly, `hashToRistrettoFast` is undefined and the caller uses noble. Public inputs only.
 * @module
 */
import { ed25519, ristretto255 } from '@noble/curves/ed25519.js';
import { sha512 } from '@noble/hashes/sha2.js';
import { utf8Bytes } from '../bytes.js';
import { pow22523 } from './field25519-wasm.js';
import { sqrtRatioM1 } from './ristretto-decode.js';
import type { RistrettoPoint } from './ristretto255.js';

const P = (1n << 255n) - 19n;
const D = ed25519.Point.CURVE().d;
const md = (a: bigint): bigint => {
  const r = a % P;
  return r < 0n ? r + P : r;
};
const bigPow = (z: bigint): bigint => {
  let r = 1n;
  let b = md(z);
  for (let e = (1n << 252n) - 3n; e > 0n; e >>= 1n) {
    if (e & 1n) r = (r * b) % P;
    b = (b * b) % P;
  }
  return r;
};
/** The constants of RFC 9496 §4.1: SQRT_M1 is the non-negative root of −1, SQRT_AD_MINUS_ONE the
 * negative (odd) root of a·d − 1 = −d − 1, as the RFC lists them. */
const SQRT_M1 = sqrtRatioM1(P - 1n, 1n, bigPow)[1];
const ONE_MINUS_D_SQ = md(1n - D * D);
const D_MINUS_ONE_SQ = md((D - 1n) * (D - 1n));
const SQRT_AD_MINUS_ONE = P - sqrtRatioM1(md(-D - 1n), 1n, bigPow)[1];

/** MAP(t) of RFC 9496 §4.3.4: a field element to a point (its Edwards representative). */
function map(t: bigint, pow: (z: bigint) => bigint): InstanceType<typeof ed25519.Point> {
  const r = (SQRT_M1 * ((t * t) % P)) % P;
  const u = ((r + 1n) * ONE_MINUS_D_SQ) % P;
  const v = md((-1n - ((r * D) % P)) * (r + D));
  const [wasSquare, s0] = sqrtRatioM1(u, v, pow);
  let s = s0;
  let c = P - 1n;
  if (!wasSquare) {
    const st = (s0 * t) % P;
    s = (st & 1n) === 1n ? st : md(-st); // −|s·t|
    c = r;
  }
  const n = md(((((c * md(r - 1n)) % P) * D_MINUS_ONE_SQ) % P) - v);
  const w0 = (2n * s * v) % P;
  const w1 = (n * SQRT_AD_MINUS_ONE) % P;
  const ss = (s * s) % P;
  const w2 = md(1n - ss);
  const w3 = (1n + ss) % P;
  return new ed25519.Point((w0 * w3) % P, (w2 * w1) % P, (w1 * w3) % P, (w0 * w2) % P);
}

/** The low 255 bits of 32 bytes, little-endian, reduced mod p (RFC 9496 §4.3.4). */
function fieldElement(b: Uint8Array, at: number): bigint {
  const dv = new DataView(b.buffer, b.byteOffset + at, 32);
  const x =
    dv.getBigUint64(0, true) |
    (dv.getBigUint64(8, true) << 64n) |
    (dv.getBigUint64(16, true) << 128n) |
    ((dv.getBigUint64(24, true) & 0x7fffffffffffffffn) << 192n);
  return x % P;
}

/** DST_prime = DST ∥ I2OSP(len(DST), 1) (RFC 9380 §5.3.1), per domain string. */
const dstPrimes = new Map<string, Uint8Array>();
function dstPrime(domain: string): Uint8Array {
  let d = dstPrimes.get(domain);
  if (!d) {
    let dst = utf8Bytes(domain);
    if (dst.length === 0) throw new RangeError('hashToRistrettoFast: empty domain');
    // a DST over 255 bytes is replaced by H("H2C-OVERSIZE-DST-" ∥ DST) (RFC 9380 §5.3.3)
    if (dst.length > 255) dst = sha512.create().update(utf8Bytes('H2C-OVERSIZE-DST-')).update(dst).digest();
    d = new Uint8Array(dst.length + 1);
    d.set(dst);
    d[dst.length] = dst.length;
    if (dstPrimes.size >= 16) dstPrimes.clear();
    dstPrimes.set(domain, d);
  }
  return d;
}

/**
 * SHA-512 after Z_pad = 128 zero bytes, which is exactly one block: every b_0 starts from this
 * state (a copy of it), one compression fewer per call.
 */
const afterZpad = sha512.create().update(new Uint8Array(128));

/** I2OSP(64, 2) ∥ I2OSP(0, 1) and I2OSP(1, 1). */
const LEN_AND_ZERO = new Uint8Array([0, 64, 0]);
const ONE = new Uint8Array([1]);

/**
 * expand_message_xmd(msg, DST, 64) with SHA-512 (RFC 9380 §5.3.1): with len_in_bytes = 64 = b_in_bytes,
 * ell = 1 and the output is b_1 = H(b_0 ∥ I2OSP(1, 1) ∥ DST_prime),
 * b_0 = H(Z_pad ∥ msg ∥ I2OSP(64, 2) ∥ I2OSP(0, 1) ∥ DST_prime), Z_pad = 128 zero bytes.
 */
function expand64(msg: Uint8Array, dp: Uint8Array): Uint8Array {
  const b0 = afterZpad.clone().update(msg).update(LEN_AND_ZERO).update(dp).digest();
  return sha512.create().update(b0).update(ONE).update(dp).digest();
}

/**
 * hash_to_ristretto255(msg, DST = utf8(domain)) with expand_message_xmd(SHA-512), or undefined
 * without WebAssembly.
 * @throws {RangeError} for an empty domain
 */
export const hashToRistrettoFast: ((msg: Uint8Array, domain: string) => RistrettoPoint) | undefined = pow22523
  ? (msg, domain) => {
      const b = expand64(msg, dstPrime(domain));
      const p1 = map(fieldElement(b, 0), pow22523!);
      const p2 = map(fieldElement(b, 32), pow22523!);
      return new ristretto255.Point(p1.add(p2));
    }
  : undefined;
