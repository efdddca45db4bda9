/**
 * hash_to_ristretto255 (RFC 9380 §6.8.2 with RFC 9496 §4.3.4) with the two MAP evaluations and
 * their sum in the WebAssembly field arithmetic (field25519-wasm.ts), written from RFC 9496. The
 * mixnet derives one generator per row this way (spec/mixnet.md §2.2), prover and verifier alike;
 * with noble's BigInt square roots this was the largest single cost of both (~0.3–0.5 ms a
 * generator), with the square roots alone in WebAssembly ~50 µs, with all of MAP ~25 µs (same-run
 * CPU time on the development machine). The result equals noble's
 * `ristretto255_hasher.hashToCurve` (tested on random inputs). Without WebAssembly,
 * `hashToRistrettoFast` is undefined and the caller uses noble. Public inputs only.
 * @module
 */
import { ed25519 } from '@noble/curves/ed25519.js';
import { sha512 } from '@noble/hashes/sha2.js';
import { utf8Bytes } from '../bytes.js';
import { LAYOUT, type PointArena, sharedArena } from './field25519-wasm.js';
import { loadPoint } from './ristretto-edwards.js';
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
/** The constants of RFC 9496 §4.1 (SQRT_M1, d and 1 are the instance's, LAYOUT): SQRT_AD_MINUS_ONE
 * is the negative (odd) root of a·d − 1 = −d − 1, as the RFC lists it. */
const ONE_MINUS_D_SQ = md(1n - D * D);
const D_MINUS_ONE_SQ = md((D - 1n) * (D - 1n));
const SQRT_AD_MINUS_ONE = P - sqrtRatioM1(md(-D - 1n), 1n, bigPow)[1];

/** x (0 ≤ x < p) as 32 little-endian bytes: a constant, copied into WebAssembly memory per call. */
function bytes32(x: bigint): Uint8Array {
  const out = new Uint8Array(32);
  for (let i = 0; i < 32; i++) out[i] = Number((x >> BigInt(8 * i)) & 0xffn);
  return out;
}
const CONSTANTS = [ONE_MINUS_D_SQ, D_MINUS_ONE_SQ, SQRT_AD_MINUS_ONE].map(bytes32);

/**
 * Field elements (80 bytes each) in the shared instance's scratch from LAYOUT.POINTS up (free
 * between calls: nothing else runs there while a generator is made): the three constants, the
 * locals of MAP, then the two points (320 bytes each).
 */
const F = (k: number): number => LAYOUT.POINTS + 80 * k;
const C1 = F(0),
  C2 = F(1),
  C3 = F(2),
  TT = F(3),
  R = F(4),
  U = F(5),
  V = F(6),
  S = F(7),
  ST = F(8),
  S2 = F(9),
  CC = F(10),
  NN = F(11),
  W0 = F(12),
  W1 = F(13),
  W2 = F(14),
  W3 = F(15),
  TMP = F(16);
const PT1 = F(17);
const PT2 = F(21);

/**
 * MAP(t) of RFC 9496 §4.3.4 in the WebAssembly field arithmetic (field25519-wasm.ts): t from the
 * 32 bytes at LAYOUT.IO (their low 255 bits: the arithmetic is mod p, so t need not be reduced),
 * the Edwards point (X, Y, Z, T) at `out`. The constants are at C1 = 1 − d², C2 = (d − 1)²,
 * C3 = SQRT_AD_MINUS_ONE. The branches of the RFC are CT_SELECTs here as there.
 */
function mapInto(A: PointArena, out: number): void {
  const f = A.fn;
  const { ONE, NEG_ONE, ZERO, SQRT_M1: I } = LAYOUT;
  const DD = LAYOUT.D;
  f.unpack(TT, LAYOUT.IO);
  f.sq(R, TT);
  f.mul(R, R, I); // r = SQRT_M1·t²
  f.add(TMP, R, ONE);
  f.mul(U, TMP, C1); // u = (r + 1)·(1 − d²)
  f.mul(TMP, R, DD);
  f.sub(TMP, NEG_ONE, TMP);
  f.add(V, R, DD);
  f.mul(V, TMP, V); // v = (−1 − r·d)·(r + d)
  const wasSquare = f.sqrtratio(S, U, V);
  f.mul(ST, S, TT);
  f.cabs(ST, ST);
  f.sub(ST, ZERO, ST); // s' = −|s·t|
  f.csel(S2, S, ST, wasSquare); // s = was_square ? s : s'
  f.csel(CC, NEG_ONE, R, wasSquare); // c = was_square ? −1 : r
  f.sub(TMP, R, ONE);
  f.mul(TMP, CC, TMP);
  f.mul(TMP, TMP, C2);
  f.sub(NN, TMP, V); // N = c·(r − 1)·(d − 1)² − v
  f.mul(W0, S2, V);
  f.add(W0, W0, W0); // w0 = 2·s·v
  f.mul(W1, NN, C3); // w1 = N·SQRT_AD_MINUS_ONE
  f.sq(TMP, S2);
  f.sub(W2, ONE, TMP); // w2 = 1 − s²
  f.add(W3, ONE, TMP); // w3 = 1 + s²
  f.mul(out, W0, W3);
  f.mul(out + 80, W2, W1);
  f.mul(out + 160, W1, W3);
  f.mul(out + 240, W0, W2);
}

/** hash_to_ristretto255's point from the 64 uniform bytes `b`: MAP of each half, added (padd). */
function fromUniform(A: PointArena, b: Uint8Array): RistrettoPoint {
  for (const [k, at] of [C1, C2, C3].entries()) {
    A.bytes.set(CONSTANTS[k]!, LAYOUT.IO);
    A.fn.unpack(at, LAYOUT.IO);
  }
  A.bytes.set(b.subarray(0, 32), LAYOUT.IO);
  mapInto(A, PT1);
  A.bytes.set(b.subarray(32, 64), LAYOUT.IO);
  mapInto(A, PT2);
  A.fn.padd(PT1, PT2);
  return loadPoint(A, PT1);
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
export const hashToRistrettoFast: ((msg: Uint8Array, domain: string) => RistrettoPoint) | undefined =
  sharedArena ? (msg, domain) => fromUniform(sharedArena!, expand64(msg, dstPrime(domain))) : undefined;
