/**
 * The BigInt fallback of the multi-scalar multiplication (ristretto-msm.ts) where WebAssembly is
 * unavailable, and the reference its tests compare with: signed-digit Pippenger with the inputs
 * normalised to affine precomputed form in BigInt (Montgomery's trick) and mixed additions
 * (Hisil–Wong–Carter–Dawson 2008, §3.1 with a = −1). Variable time: public data only.
 * @module
 */
import { ed25519 } from '@noble/curves/ed25519.js';
import { signedDigits, windowFor } from './ristretto-msm-digits.js';
import { invertBig } from './field25519-wasm.js';
import { edwardsOf, fromEdwards } from './ristretto-edwards.js';
import type { RistrettoPoint } from './ristretto255.js';

const P = (1n << 255n) - 19n;
const D = ed25519.Point.CURVE().d;
const D2 = (2n * D) % P;

/**
 * ∑ sc[i]·pts[i] in BigInt.
 * @param pts - at least one point
 * @param sc - scalars in [1, ℓ)
 */
export function pippengerBigint(pts: readonly RistrettoPoint[], sc: readonly bigint[]): RistrettoPoint {
  const n = pts.length;
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
  let inv = acc === 1n ? 1n : invertBig(acc);
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
  const c = windowFor(n);
  const half = 1 << (c - 1);
  const { digits, windows, top } = signedDigits(sc, c);

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
  return fromEdwards(RX, RY, RZ, RT);
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
