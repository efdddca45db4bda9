/**
 * Signed-digit recoding of scalars for the multi-scalar multiplications (ristretto-msm.ts,
 * ristretto-msm-bigint.ts): base-2^c digits in [−2^(c−1), 2^(c−1)) with a carry into the next
 * window, so that |digit| ≤ 2^(c−1) and the negative multiples come free (negating an Edwards
 * point is a sign change). Variable time: public scalars only.
 * @module
 */

const M64 = (1n << 64n) - 1n;

/** Pippenger's window width by the number of points (measured on this code: ~c = log2(n) − 2). */
export function windowFor(n: number): number {
  if (n < 8) return 3;
  const w = Math.round(Math.log2(n)) - 2;
  return Math.max(3, Math.min(w, 14));
}

/**
 * Pippenger's window width for these scalars (each < 2^256) by a cost model: the bucket pass
 * makes about ⌈bits_i/c⌉ mixed additions for scalar i, the running sums 2·2^(c−1) full additions
 * per window up to the longest scalar's, each ~1.3 mixed additions. Batch verification mixes
 * 128-bit weights with full scalars, for which ~c = log2(n) − 2 ({@link windowFor}) was one too
 * wide at 128 ballots (8,448 points: c = 10 took 0.94× the CPU time of c = 11, measured).
 * Scalar lengths are counted in 64-bit steps.
 */
export function windowForScalars(sc: readonly bigint[]): number {
  const count = [0, 0, 0, 0, 0];
  for (const s of sc) count[scalarWords(s)]!++;
  return windowForCounts(count);
}

/** The 64-bit words of a scalar < 2^256 (0 for 0): its class for {@link windowForCounts}. */
export const scalarWords = (s: bigint): number =>
  s === 0n ? 0 : s >> 128n ? (s >> 192n ? 4 : 3) : s >> 64n ? 2 : 1;

/**
 * {@link windowForScalars} from the number of scalars of at most 0, 64, 128, 192, 256 bits
 * (`count[k]`: scalars of {@link scalarWords} k), for terms kept as bytes (ristretto-msm-packed.ts).
 */
export function windowForCounts(count: readonly number[]): number {
  let longest = 0;
  for (let k = 1; k <= 4; k++) if (count[k]) longest = 64 * k;
  if (longest === 0) return 3;
  let best = 3;
  let bestCost = Infinity;
  for (let c = 3; c <= 14; c++) {
    let cost = 1.3 * Math.ceil(longest / c) * 2 ** c;
    for (let k = 1; k <= 4; k++) cost += count[k]! * Math.ceil((64 * k) / c);
    if (cost < bestCost) [best, bestCost] = [c, cost];
  }
  return best;
}

/** Signed digits of several scalars, window-major per scalar. */
export interface SignedDigits {
  /** digit w of scalar i at i·windows + w (least significant window first) */
  digits: Int32Array;
  windows: number;
  /** one more than the highest window with a non-zero digit in any scalar (0 when all are 0) */
  top: number;
}

/**
 * The signed base-2^c digits of scalars < 2^256.
 * @param c - window width, 2 ≤ c ≤ 14
 */
export function signedDigits(sc: readonly bigint[], c: number): SignedDigits {
  const half = 1 << (c - 1);
  const full = 1 << c;
  const mask = full - 1;
  const windows = Math.ceil(254 / c) + 1;
  const digits = new Int32Array(sc.length * windows);
  let top = 0;
  // windows read from the scalar's little-endian bytes (four BigInt words per scalar instead of
  // three BigInt operations per window); bytes 32.. stay zero for the reads past the top
  const le = new Uint8Array(40);
  const words = new DataView(le.buffer);
  for (let i = 0; i < sc.length; i++) {
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
  return { digits, windows, top };
}

/** Width-w non-adjacent forms of several scalars. */
export interface Naf {
  /** digit at bit b of scalar i at i·bits + b: 0 or odd in (−2^(w−1), 2^(w−1)) */
  digits: Int8Array;
  bits: number;
  /** one more than the highest bit with a non-zero digit in any scalar (0 when all are 0) */
  top: number;
}

/**
 * The width-w NAF of scalars < 2^256 (2 ≤ w ≤ 8): ∑ d_b·2^b = e with every non-zero digit odd,
 * |d_b| < 2^(w−1), and at least w − 1 zeros after each non-zero digit (on average one non-zero
 * digit in w + 1 bits).
 */
export function wnaf(sc: readonly bigint[], w: number): Naf {
  const bits = 257 + w;
  const full = 1 << w;
  const half = full >> 1;
  const mask = full - 1;
  const digits = new Int8Array(sc.length * bits);
  let top = 0;
  const le = new Uint8Array(40);
  const words = new DataView(le.buffer);
  for (let i = 0; i < sc.length; i++) {
    const s = sc[i]!;
    words.setBigUint64(0, s & M64, true);
    words.setBigUint64(8, (s >> 64n) & M64, true);
    words.setBigUint64(16, (s >> 128n) & M64, true);
    words.setBigUint64(24, s >> 192n, true);
    let carry = 0;
    for (let b = 0; b < bits - w;) {
      const at = b >>> 3;
      const window = at < 32 ? ((le[at]! | (le[at + 1]! << 8) | (le[at + 2]! << 16)) >>> (b & 7)) & mask : 0;
      if (((window + carry) & 1) === 0) {
        carry = ((window & 1) + carry) >> 1;
        b++;
        continue;
      }
      let d = window + carry; // odd, < 2^w
      if (d >= half) {
        d -= full;
        carry = 1;
      } else carry = 0;
      digits[i * bits + b] = d;
      if (b + 1 > top) top = b + 1;
      b += w;
    }
  }
  return { digits, bits, top };
}
