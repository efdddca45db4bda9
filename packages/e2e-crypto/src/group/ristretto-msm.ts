/**
 * Multi-scalar multiplication ∑ e_i·P_i for ristretto255 (spec/crypto.md §4.4: the batch
 * verifier's one multi-exponentiation), by Pippenger's bucket method with signed digits.
 *
 * Works on the Edwards representatives (ed25519, a = −1) of the ristretto points — ristretto
 * equality is a relation on representatives, so the sum of representatives represents the sum.
 * Inputs are normalised together (one field inversion, Montgomery's trick) to affine
 * "precomputed" form (y+x, y−x, 2d·x·y) so that each bucket addition is a mixed addition of
 * 7 multiplications (Hisil–Wong–Carter–Dawson 2008, §3.1 with a = −1, complete on ed25519 since
 * −1 is a square and d is not). Digits are signed in [−2^(c−1), 2^(c−1)], so there are 2^(c−1)
 * buckets per window, and zero digits cost nothing: a 128-bit scalar (a batch weight) costs
 * half as much as a 253-bit one.
 *
 * The bucket additions run in WebAssembly when it is available (`field25519-wasm.ts`: ~4× the
 * speed of BigInt), in BigInt otherwise.
 *
 * Variable time: public data only (proof verification).
 * @module
 */
import { ed25519, ristretto255 } from '@noble/curves/ed25519.js';
import { LAYOUT, load, points as wasmPoints, store } from './field25519-wasm.js';
import type { RistrettoPoint } from './ristretto255.js';

const P = (1n << 255n) - 19n;
const L = ristretto255.Point.Fn.ORDER;
const D = ed25519.Point.CURVE().d;
const D2 = (2n * D) % P;
const EdPoint = ed25519.Point;
const M64 = (1n << 64n) - 1n;

/** The Edwards representative (noble keeps it in the protected field `ep`). */
const edwardsOf = (p: RistrettoPoint): { X: bigint; Y: bigint; Z: bigint; T: bigint } =>
  (p as unknown as { ep: { X: bigint; Y: bigint; Z: bigint; T: bigint } }).ep;

/** x^(p−2) mod p (Fermat inverse, square-and-multiply). */
function invert(x: bigint): bigint {
  let r = 1n;
  let b = x % P;
  let e = P - 2n;
  while (e > 0n) {
    if (e & 1n) r = (r * b) % P;
    b = (b * b) % P;
    e >>= 1n;
  }
  return r;
}

/** Window width by the number of points (measured on this code: ~c = log2(n) − 2). */
function windowFor(n: number): number {
  if (n < 8) return 3;
  const w = Math.round(Math.log2(n)) - 2;
  return Math.max(3, Math.min(w, 14));
}

/**
 * ∑ exps[i]·points[i] (written multiplicatively: ∏ points[i]^exps[i]).
 * @param exps - any bigints; reduced mod ℓ
 * @param useWasm - bucket additions in WebAssembly when available (default); false: BigInt only
 * @returns the sum as a ristretto point
 * @throws {RangeError} when the lengths differ
 */
export function ristrettoMsm(
  points: readonly RistrettoPoint[],
  exps: readonly bigint[],
  useWasm = true,
): RistrettoPoint {
  if (points.length !== exps.length) throw new RangeError('ristrettoMsm: lengths differ');
  // drop zero scalars, reduce the others
  const pts: RistrettoPoint[] = [];
  const sc: bigint[] = [];
  for (let i = 0; i < points.length; i++) {
    let e = exps[i]! % L;
    if (e < 0n) e += L;
    if (e !== 0n) {
      pts.push(points[i]!);
      sc.push(e);
    }
  }
  const n = pts.length;
  if (n === 0) return ristretto255.Point.ZERO;

  // batch normalisation: z_i^-1 by Montgomery's trick
  const Xs: bigint[] = new Array(n);
  const Ys: bigint[] = new Array(n);
  const Zs: bigint[] = new Array(n);
  const prefix: bigint[] = new Array(n);
  let acc = 1n;
  for (let i = 0; i < n; i++) {
    const ep = edwardsOf(pts[i]!);
    Xs[i] = ep.X;
    Ys[i] = ep.Y;
    Zs[i] = ep.Z;
    prefix[i] = acc;
    if (ep.Z !== 1n) acc = (acc * ep.Z) % P;
  }
  let inv = acc === 1n ? 1n : invert(acc);
  // precomputed form: (y+x, y−x, 2d·x·y) and (x, y, x·y) to seed an empty bucket
  const ypx: bigint[] = new Array(n);
  const ymx: bigint[] = new Array(n);
  const t2d: bigint[] = new Array(n);
  const ax: bigint[] = new Array(n);
  const ay: bigint[] = new Array(n);
  for (let i = n - 1; i >= 0; i--) {
    let x = Xs[i]!;
    let y = Ys[i]!;
    const z = Zs[i]!;
    if (z !== 1n) {
      const zi = (inv * prefix[i]!) % P;
      inv = (inv * z) % P;
      x = (x * zi) % P;
      y = (y * zi) % P;
    }
    ax[i] = x;
    ay[i] = y;
    ypx[i] = (y + x) % P;
    ymx[i] = (y - x + P) % P;
    t2d[i] = (((x * y) % P) * D2) % P;
  }

  // signed-digit recoding, window c
  const c = windowFor(n);
  const half = 1 << (c - 1);
  const full = 1 << c;
  const mask = full - 1;
  const windows = Math.ceil(254 / c) + 1;
  const digits = new Int32Array(n * windows);
  let top = 0;
  // windows read from the scalar's little-endian bytes (four BigInt words per scalar instead of
  // three BigInt operations per window); bytes 32.. stay zero for the reads past the top
  const le = new Uint8Array(40);
  const words = new DataView(le.buffer);
  for (let i = 0; i < n; i++) {
    const s = sc[i]!;
    words.setBigUint64(0, s & M64, true);
    words.setBigUint64(8, (s >> 64n) & M64, true);
    words.setBigUint64(16, (s >> 128n) & M64, true);
    words.setBigUint64(24, s >> 192n, true);
    let carry = 0;
    for (let w = 0; w < windows; w++) {
      const bit = w * c;
      const at = bit >>> 3;
      // c ≤ 14 bits starting at bit (bit & 7) ≤ 7 of byte `at`: within 3 bytes
      const raw = at < 32 ? ((le[at]! | (le[at + 1]! << 8) | (le[at + 2]! << 16)) >>> (bit & 7)) & mask : 0;
      let d = raw + carry;
      if (d >= half) {
        d -= full;
        carry = 1;
      } else carry = 0;
      digits[i * windows + w] = d;
      if (d !== 0 && w + 1 > top) top = w + 1;
    }
  }

  if (wasmPoints && useWasm) {
    const [X, Y, Z, T] = bucketsInWasm(n, ypx, ymx, t2d, digits, windows, top, c);
    return new ristretto255.Point(new EdPoint(X, Y, Z, T));
  }

  // buckets 1..half in extended coordinates; empty = Z of 0
  const BX: bigint[] = new Array(half + 1).fill(0n);
  const BY: bigint[] = new Array(half + 1).fill(0n);
  const BZ: bigint[] = new Array(half + 1).fill(0n);
  const BT: bigint[] = new Array(half + 1).fill(0n);
  // the result (Horner over windows), in extended coordinates, starting at the identity
  let RX = 0n;
  let RY = 1n;
  let RZ = 1n;
  let RT = 0n;
  for (let w = top - 1; w >= 0; w--) {
    // R ← 2^c · R
    if (!(RX === 0n && RT === 0n)) {
      for (let k = 0; k < c; k++) {
        // dbl-2008-hwcd with a = −1
        const A = (RX * RX) % P;
        const B = (RY * RY) % P;
        const C = (2n * RZ * RZ) % P;
        const s = RX + RY;
        const E = (s * s - A - B + 2n * P) % P;
        const G = (B - A + P) % P; // D + B with D = −A
        const F = (G - C + P) % P;
        const H = (P - A - B + P) % P; // D − B
        RX = (E * F) % P;
        RY = (G * H) % P;
        RT = (E * H) % P;
        RZ = (F * G) % P;
      }
    }
    BZ.fill(0n);
    for (let i = 0; i < n; i++) {
      let d = digits[i * windows + w]!;
      if (d === 0) continue;
      const neg = d < 0;
      if (neg) d = -d;
      if (BZ[d] === 0n) {
        // seed the bucket with ±P_i
        const x = neg ? (P - ax[i]!) % P : ax[i]!;
        BX[d] = x;
        BY[d] = ay[i]!;
        BZ[d] = 1n;
        BT[d] = (x * ay[i]!) % P;
        continue;
      }
      // mixed addition: bucket ± (ypx, ymx, t2d)
      const X1 = BX[d]!;
      const Y1 = BY[d]!;
      const Z1 = BZ[d]!;
      const T1 = BT[d]!;
      const A = ((Y1 - X1 + P) * (neg ? ypx[i]! : ymx[i]!)) % P;
      const B = ((Y1 + X1) * (neg ? ymx[i]! : ypx[i]!)) % P;
      const C = (T1 * t2d[i]!) % P;
      const Dd = 2n * Z1;
      const E = (B - A + P) % P;
      const F = neg ? (Dd + C) % P : (Dd - C + P) % P;
      const G = neg ? (Dd - C + P) % P : (Dd + C) % P;
      const H = (B + A) % P;
      BX[d] = (E * F) % P;
      BY[d] = (G * H) % P;
      BT[d] = (E * H) % P;
      BZ[d] = (F * G) % P;
    }
    // window sum ∑ j·bucket_j = running sums from the top
    let SX = 0n,
      SY = 1n,
      SZ = 1n,
      ST = 0n; // running sum
    let WX = 0n,
      WY = 1n,
      WZ = 1n,
      WT = 0n; // window total
    let started = false;
    for (let j = half; j >= 1; j--) {
      if (BZ[j] !== 0n) {
        if (!started) {
          SX = BX[j]!;
          SY = BY[j]!;
          SZ = BZ[j]!;
          ST = BT[j]!;
          started = true;
        } else {
          [SX, SY, SZ, ST] = addExt(SX, SY, SZ, ST, BX[j]!, BY[j]!, BZ[j]!, BT[j]!);
        }
      }
      if (started) [WX, WY, WZ, WT] = addExt(WX, WY, WZ, WT, SX, SY, SZ, ST);
    }
    [RX, RY, RZ, RT] = addExt(RX, RY, RZ, RT, WX, WY, WZ, WT);
  }
  return new ristretto255.Point(new EdPoint(RX, RY, RZ, RT));
}

/** add-2008-hwcd-3 (a = −1, k = 2d): complete addition of extended points. */
function addExt(
  X1: bigint,
  Y1: bigint,
  Z1: bigint,
  T1: bigint,
  X2: bigint,
  Y2: bigint,
  Z2: bigint,
  T2: bigint,
): [bigint, bigint, bigint, bigint] {
  const A = ((Y1 - X1 + P) * (Y2 - X2 + P)) % P;
  const B = ((Y1 + X1) * (Y2 + X2)) % P;
  const C = (((T1 * D2) % P) * T2) % P;
  const Dd = (2n * Z1 * Z2) % P;
  const E = (B - A + P) % P;
  const F = (Dd - C + P) % P;
  const G = (Dd + C) % P;
  const H = (B + A) % P;
  return [(E * F) % P, (G * H) % P, (F * G) % P, (E * H) % P];
}

/**
 * The bucket phase in WebAssembly (field25519-wasm.ts): the same algorithm as the BigInt code
 * above, with every point in extended coordinates in WebAssembly memory.
 * @returns the result's extended coordinates (X, Y, Z, T), reduced mod p
 */
function bucketsInWasm(
  n: number,
  ypx: readonly bigint[],
  ymx: readonly bigint[],
  t2d: readonly bigint[],
  digits: Int32Array,
  windows: number,
  top: number,
  c: number,
): [bigint, bigint, bigint, bigint] {
  const w = wasmPoints!;
  const half = 1 << (c - 1);
  const ID = LAYOUT.POINTS; // the identity, copied into buckets
  const PTS = ID + 320;
  const BK = PTS + 240 * n; // bucket j at BK + 320·j (j = 1..half)
  const S = BK + 320 * (half + 1);
  const W = S + 320;
  const R = W + 320;
  w.reserve(R + 320);
  w.identity(ID);
  for (let i = 0; i < n; i++) {
    store(PTS + 240 * i, ypx[i]!);
    store(PTS + 240 * i + 80, ymx[i]!);
    store(PTS + 240 * i + 160, t2d[i]!);
  }
  const used = new Uint8Array(half + 1);
  w.copy(R, ID);
  for (let win = top - 1; win >= 0; win--) {
    if (win < top - 1) w.dbl(R, c);
    used.fill(0);
    for (let i = 0; i < n; i++) {
      const d = digits[i * windows + win]!;
      if (d === 0) continue;
      const j = d < 0 ? -d : d;
      const bucket = BK + 320 * j;
      if (!used[j]) {
        w.copy(bucket, ID);
        used[j] = 1;
      }
      const q = PTS + 240 * i;
      if (d > 0) w.madd(bucket, q, q + 80, q + 160, 0);
      else w.madd(bucket, q + 80, q, q + 160, 1);
    }
    // ∑ j·bucket_j by running sums from the top
    let started = false;
    w.copy(W, ID);
    for (let j = half; j >= 1; j--) {
      if (used[j]) {
        if (!started) {
          w.copy(S, BK + 320 * j);
          started = true;
        } else w.padd(S, BK + 320 * j);
      }
      if (started) w.padd(W, S);
    }
    w.padd(R, W);
  }
  return [load(R), load(R + 80), load(R + 160), load(R + 240)];
}
