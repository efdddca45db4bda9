/**
 * Multi-scalar multiplication ∑ e_i·P_i for ristretto255 (spec/crypto.md §4.4: the batch
 * verifier's one multi-exponentiation), by Pippenger's bucket method with signed digits, or for
 * few points by interleaved width-5 NAFs (Straus).
 *
 * Works on the Edwards representatives (ed25519, a = −1) of the ristretto points — ristretto
 * equality is a relation on representatives, so the sum of representatives represents the sum.
 *
 * Pippenger: inputs are normalised together in WebAssembly (one field inversion, Montgomery's
 * trick; none when every Z is 1, as for decoded points) to affine "precomputed" form
 * (y+x, y−x, 2d·x·y) so that each bucket addition is a mixed addition of 7 multiplications
 * (Hisil–Wong–Carter–Dawson 2008, §3.1 with a = −1, complete on ed25519 since −1 is a square and
 * d is not); the first point of a bucket is copied in, not added. Digits are signed in
 * [−2^(c−1), 2^(c−1)] (ristretto-msm-digits.ts), so there are 2^(c−1) buckets per window, and
 * zero digits cost nothing: a 128-bit scalar (a batch weight) costs half as much as a 253-bit one.
 *
 * Straus (fewer than {@link STRAUS_BELOW} points): each point gets a table of its odd multiples
 * P, 3P, …, 15P in "cached" form (Y+X, Y−X, 2d·T, 2Z); each scalar is recoded as a width-5 NAF
 * (one non-zero digit in ~6 bits); one accumulator is doubled once per bit and takes one
 * 8-multiplication addition per non-zero digit: the ~252 doublings are shared by all points,
 * where Pippenger pays per-window bucket sums that dominate for few points.
 *
 * Everything between the coordinates in (32-byte strings) and the result out runs in WebAssembly
 * (`field25519-wasm.ts`); without WebAssembly, Pippenger in BigInt (ristretto-msm-bigint.ts).
 *
 * Variable time: public data only (proof verification).
 * @module
 */
import { ristretto255 } from '@noble/curves/ed25519.js';
import { LAYOUT, sharedArena, type PointArena } from './field25519-wasm.js';
import { pippengerBigint } from './ristretto-msm-bigint.js';
import { windowForScalars, wnaf } from './ristretto-msm-digits.js';
import { decodedXy, edwardsOf, loadPoint, storePoint } from './ristretto-edwards.js';
import type { RistrettoPoint } from './ristretto255.js';

const L = ristretto255.Point.Fn.ORDER;

/**
 * Below this many points (non-zero scalars) Straus is faster than Pippenger. Measured per point
 * (µs, Straus/Pippenger), decoded (affine) points with half 128-bit and half full scalars:
 * n = 2: 54/96, 8: 28/47, 32: 21/28, 48: 19/23, 64: 21/20; projective points, full scalars:
 * 64: 21/25, 96: 20/22, 128: 22/21 (Pippenger then pays an inversion).
 */
export const STRAUS_BELOW = 64;

/**
 * ∑ exps[i]·points[i] (written multiplicatively: ∏ points[i]^exps[i]).
 * @param exps - any bigints; reduced mod ℓ
 * @param method - with WebAssembly (when available): `true` (default) picks Straus or Pippenger
 *   by the number of points, 'straus' or 'pippenger' forces one (tests, benchmarks); false: BigInt
 * @returns the sum as a ristretto point
 * @throws {RangeError} when the lengths differ
 */
export function ristrettoMsm(
  points: readonly RistrettoPoint[],
  exps: readonly bigint[],
  method: boolean | 'pippenger' | 'straus' = true,
): RistrettoPoint {
  if (points.length !== exps.length) throw new RangeError('ristrettoMsm: lengths differ');
  // drop zero scalars, reduce the others
  const pts: RistrettoPoint[] = [];
  const sc: bigint[] = [];
  for (let i = 0; i < points.length; i++) {
    let e = exps[i]!;
    if (e < 0n || e >= L) {
      e %= L;
      if (e < 0n) e += L;
    }
    if (e !== 0n) {
      pts.push(points[i]!);
      sc.push(e);
    }
  }
  const n = pts.length;
  if (n === 0) return ristretto255.Point.ZERO;
  if (!sharedArena || !method) return pippengerBigint(pts, sc);
  const straus = method === 'straus' || (method !== 'pippenger' && n < STRAUS_BELOW);
  const A = sharedArena;
  const R = straus ? strausInWasm(A, pts, sc) : pippengerInWasm(A, pts, sc);
  return loadPoint(A, R);
}

/**
 * ∑ points[i] (written multiplicatively: ∏ points[i]): in WebAssembly, Pippenger with every
 * scalar 1, which is one window whose every point lands in bucket 1, so one mixed addition per
 * point (7 multiplications) and no BigInt arithmetic; repeated `add` without WebAssembly.
 * Variable time: public data only.
 */
export function ristrettoSum(points: readonly RistrettoPoint[]): RistrettoPoint {
  if (points.length === 0) return ristretto255.Point.ZERO;
  if (points.length === 1) return points[0]!;
  if (!sharedArena) return points.reduce((a, b) => a.add(b));
  const A = sharedArena;
  const at = pippengerLayout(A, points.length, 2, 1);
  return loadPoint(A, sumRun(A, at, placePoints(A, at, points)));
}

/**
 * The sum of the points that {@link pippengerLayout} (n, c = 2, one window) places: every digit
 * 1, written here (no scalars, no recoding), so every point is one mixed addition into bucket 1,
 * which is the sum (n ≥ 1).
 * @returns the byte offset of the result (extended point) in the shared instance
 */
export function sumRun(A: PointArena, at: ReturnType<typeof pippengerLayout>, affine: boolean): number {
  A.fn.normalize(at.n, at.src, at.pts, at.prefix, affine ? 1 : 0);
  new Int32Array(A.bytes.buffer, at.dig, at.n).fill(1);
  A.bytes.fill(0, at.used, at.used + at.half + 1);
  A.fn.buckets(at.n, at.dig, 1, 0, at.pts, at.bk, at.used);
  return at.bk + 320; // bucket 1
}

/**
 * Where Pippenger's method keeps its data in the shared instance for n points and window c
 * (byte offsets from LAYOUT.POINTS up), the memory reserved. The input: X, Y, Z of point i as
 * 32-byte little-endian strings at src + 96·i (+ 8 bytes read past the end), scalar i as 32
 * little-endian bytes at sc + 40·i with bytes 32..39 zero.
 */
export function pippengerLayout(A: PointArena, n: number, c: number, windows = Math.ceil(254 / c) + 1) {
  const half = 1 << (c - 1);
  const src = LAYOUT.POINTS;
  const pts = src + 96 * n + 64; // precomputed form of point i at pts + 240·i
  const prefix = pts + 240 * n; // Montgomery's prefix products
  const sc = prefix + 80 * n;
  const dig = sc + 40 * n + 8; // digit w of scalar i (i32) at dig + 4·(i·windows + w)
  const bk = dig + 8 * Math.ceil((n * windows) / 2); // bucket j at bk + 320·j (j = 1..half)
  const s = bk + 320 * (half + 1);
  const w = s + 320;
  const r = w + 320;
  const used = r + 320; // one byte per bucket
  A.reserve(used + half + 8);
  return { n, c, half, windows, src, pts, prefix, sc, dig, bk, s, w, r, used };
}

/**
 * Pippenger in WebAssembly on the input that {@link pippengerLayout} places (`affine`: every Z is
 * 1 and is not read): four calls per window (doublings, bucket pass, running sums, accumulation).
 * @returns the byte offset of the result (extended point) in the shared instance
 */
export function pippengerRun(A: PointArena, at: ReturnType<typeof pippengerLayout>, affine: boolean): number {
  const { n, c, half, windows, r: R } = at;
  const { normalize, recode, buckets, bucketsum, padd, dbl } = A.fn;
  normalize(n, at.src, at.pts, at.prefix, affine ? 1 : 0);
  const top = recode(n, at.sc, at.dig, c, windows);
  A.identity(R);
  for (let win = top - 1; win >= 0; win--) {
    if (win < top - 1) dbl(R, c);
    A.bytes.fill(0, at.used, at.used + half + 1);
    buckets(n, at.dig, windows, win, at.pts, at.bk, at.used);
    if (bucketsum(half, at.bk, at.used, at.s, at.w)) padd(R, at.w);
  }
  return R;
}

/**
 * Pippenger in WebAssembly: JavaScript writes the points' coordinates and the scalars as bytes
 * ({@link pippengerLayout}), then {@link pippengerRun}.
 * @returns the byte offset of the result (extended point) in the shared instance
 */
function pippengerInWasm(A: PointArena, pts: readonly RistrettoPoint[], sc: readonly bigint[]): number {
  const n = pts.length;
  const at = pippengerLayout(A, n, windowForScalars(sc));
  const affine = placePoints(A, at, pts);
  A.bytes.fill(0, at.sc, at.sc + 40 * n);
  for (let i = 0; i < n; i++) A.storeBytes(at.sc + 40 * i, sc[i]!);
  return pippengerRun(A, at, affine);
}

/**
 * Writes the points' X, Y, Z where {@link pippengerLayout} says (Z only when some point is not
 * affine).
 * @returns true when every point is affine (Z = 1)
 */
function placePoints(
  A: PointArena,
  at: ReturnType<typeof pippengerLayout>,
  pts: readonly RistrettoPoint[],
): boolean {
  const n = pts.length;
  let affine = true;
  for (let i = 0; i < n; i++) if (!decodedXy(pts[i]!) && edwardsOf(pts[i]!).Z !== 1n) affine = false;
  for (let i = 0; i < n; i++) {
    const to = at.src + 96 * i;
    const xy = decodedXy(pts[i]!);
    if (xy) {
      A.bytes.set(xy, to); // a decoded point's x, y as WebAssembly packed them
      if (!affine) {
        A.bytes.fill(0, to + 64, to + 96);
        A.bytes[to + 64] = 1; // Z = 1
      }
    } else {
      const ep = edwardsOf(pts[i]!);
      A.storeBytes(to, ep.X);
      A.storeBytes(to + 32, ep.Y);
      if (!affine) A.storeBytes(to + 64, ep.Z);
    }
  }
  return affine;
}

/**
 * Straus (interleaved width-5 NAFs) in WebAssembly: per point the odd multiples P, 3P, …, 15P in
 * cached form; one accumulator, doubled once per bit from the highest non-zero digit down (runs
 * of doublings in one call), plus one addition per non-zero digit (~1 in 6 bits).
 * @returns the byte offset of the result (extended point) in the shared instance
 */
function strausInWasm(A: PointArena, pts: readonly RistrettoPoint[], sc: readonly bigint[]): number {
  const n = pts.length;
  const { digits, bits, top } = wnaf(sc, 5);
  const EXT = LAYOUT.POINTS; // the input point, extended
  const P2 = EXT + 320; // 2P, extended
  const M = P2 + 320; // the odd multiples, extended
  const R = M + 320;
  const TAB = R + 320; // (2k + 1)·P_i (k = 0..7), cached, at TAB + 2560·i + 320·k
  A.reserve(TAB + 2560 * n);
  const { tocached, padd, dbl, cadd } = A.fn;
  for (let i = 0; i < n; i++) {
    storePoint(A, EXT, pts[i]!);
    const t = TAB + 2560 * i;
    tocached(t, EXT);
    A.copy(P2, EXT);
    dbl(P2, 1);
    A.copy(M, EXT);
    for (let k = 1; k < 8; k++) {
      padd(M, P2);
      tocached(t + 320 * k, M);
    }
  }
  A.identity(R);
  let pending = 0; // doublings owed to R
  let started = false;
  for (let b = top - 1; b >= 0; b--) {
    if (started) pending++;
    for (let i = 0; i < n; i++) {
      const d = digits[i * bits + b]!;
      if (d === 0) continue;
      if (pending) {
        dbl(R, pending);
        pending = 0;
      }
      cadd(R, TAB + 2560 * i + 320 * ((d < 0 ? -d : d) >> 1), d < 0 ? 1 : 0);
      started = true;
    }
  }
  if (pending) dbl(R, pending);
  return R;
}
