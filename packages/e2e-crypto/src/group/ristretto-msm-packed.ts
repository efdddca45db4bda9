/**
 * The terms of a ristretto255 multi-scalar multiplication kept as bytes (`Group.msmTerms`,
 * spec/crypto.md §4.4): each term's point as X, Y, Z (32 little-endian bytes each; a decoded
 * point's affine x, y as WebAssembly packed them, Z = 1) and its scalar as 32 bytes, in the layout
 * that Pippenger's method reads (ristretto-msm.ts), so the result is two copies into WebAssembly
 * memory and one run. A batch verification that adds a ballot's terms as soon as its proofs are
 * read then holds ~136 bytes per term, not the points and BigInts (a decoded point with its
 * bytes, a map entry, an exponent: ~0.5 kB), and nothing of the ballot survives it.
 *
 * Fewer than {@link STRAUS_BELOW} terms also keep their points and scalars, and are multiplied by
 * {@link ristrettoMsm} as before (Straus): small batches are unchanged. Terms whose scalars are
 * all 1 are a sum (`ristrettoSum`: one mixed addition per point). The buffers of finished terms
 * are kept for the next ones (up to 32 pairs per thread).
 * Variable time: public data only.
 * @module
 */
import { ristretto255 } from '@noble/curves/ed25519.js';
import { sharedArena } from './field25519-wasm.js';
import type { MsmTerms } from './group.js';
import {
  pippengerLayout,
  pippengerRun,
  ristrettoMsm,
  ristrettoSum,
  STRAUS_BELOW,
  sumRun,
} from './ristretto-msm.js';
import { windowForCounts } from './ristretto-msm-digits.js';
import { decodedXy, edwardsOf, loadPoint } from './ristretto-edwards.js';
import type { RistrettoPoint } from './ristretto255.js';

const L = ristretto255.Point.Fn.ORDER;
const TWO64 = 1n << 64n;
const TWO128 = 1n << 128n;
const TWO192 = 1n << 192n;

/** Bytes per term: the point's X, Y, Z; the scalar (32 bytes and 8 zero bytes). */
const POINT = 96;
const SCALAR = 40;

const EMPTY: Uint8Array = new Uint8Array(0);

/** Spare pairs of buffers, from terms that have their result (at most {@link SPARES}). */
const spares: { pts: Uint8Array; sc: Uint8Array }[] = [];
const SPARES = 32;

/** Writes x (0 ≤ x < 2^256) as 32 little-endian bytes at `at` (setBigUint64 keeps x mod 2^64). */
function put256(v: DataView, at: number, x: bigint): void {
  v.setBigUint64(at, x, true);
  v.setBigUint64(at + 8, x >> 64n, true);
  v.setBigUint64(at + 16, x >> 128n, true);
  v.setBigUint64(at + 24, x >> 192n, true);
}

/**
 * Writes a scalar 0 < e < q as 32 little-endian bytes at `at`, every byte (a spare buffer holds
 * an earlier term's), and returns its 64-bit words (ristretto-msm-digits.ts `scalarWords`). Comparisons of BigInts
 * make no new BigInt: a weight (< 2^128) costs one shift, a full scalar three, a 1 none (the
 * scalar-word shifts and masks were ~60 % of a ballot's BigInt operations).
 */
function putScalar(b: Uint8Array, v: DataView, at: number, e: bigint): number {
  if (e < TWO64) {
    if (e === 1n) {
      b.fill(0, at + 1, at + 32);
      b[at] = 1;
    } else {
      v.setBigUint64(at, e, true);
      b.fill(0, at + 8, at + 32);
    }
    return 1;
  }
  v.setBigUint64(at, e, true);
  if (e < TWO128) {
    v.setBigUint64(at + 8, e >> 64n, true);
    b.fill(0, at + 16, at + 32);
    return 2;
  }
  put256(v, at, e);
  return e < TWO192 ? 3 : 4;
}

class PackedTerms implements MsmTerms<RistrettoPoint> {
  private pts: Uint8Array = EMPTY;
  private sc: Uint8Array = EMPTY;
  private ptsView = new DataView(EMPTY.buffer);
  private scView = new DataView(EMPTY.buffer);
  private n = 0;
  private affine = true;
  /** scalars by 64-bit words (ristretto-msm-digits.ts `windowForCounts`) */
  private readonly count = [0, 0, 0, 0, 0];
  /** the first terms as points and scalars, while fewer than STRAUS_BELOW */
  private few: { points: RistrettoPoint[]; exps: bigint[] } | undefined = { points: [], exps: [] };
  private done = false;
  /** every scalar is 1: the result is a sum */
  private allOne = true;

  get size(): number {
    return this.n;
  }

  add(p: RistrettoPoint, e: bigint): void {
    if (this.done) throw new RangeError('MsmTerms.add after result');
    if (e < 0n || e >= L) {
      e %= L;
      if (e < 0n) e += L;
    }
    if (e === 0n) return;
    const i = this.n;
    if ((i + 1) * POINT > this.pts.length) this.grow();
    const at = POINT * i;
    const xy = decodedXy(p);
    if (xy) {
      this.pts.set(xy, at); // x, y as decoding packed them: Z = 1
      this.pts.fill(0, at + 64, at + 96);
      this.pts[at + 64] = 1;
    } else {
      const ep = edwardsOf(p);
      put256(this.ptsView, at, ep.X);
      put256(this.ptsView, at + 32, ep.Y);
      put256(this.ptsView, at + 64, ep.Z);
      if (ep.Z !== 1n) this.affine = false;
    }
    this.count[putScalar(this.sc, this.scView, SCALAR * i, e)]!++; // bytes 32..39 stay zero
    if (e !== 1n) this.allOne = false;
    this.n = i + 1;
    if (this.few) {
      if (this.n < STRAUS_BELOW) {
        this.few.points.push(p);
        this.few.exps.push(e);
      } else this.few = undefined;
    }
  }

  result(): RistrettoPoint {
    if (this.done) throw new RangeError('MsmTerms.result called twice');
    this.done = true;
    const n = this.n;
    let r: RistrettoPoint;
    if (n === 0) r = ristretto255.Point.ZERO;
    else if (this.few)
      r = this.allOne ? ristrettoSum(this.few.points) : ristrettoMsm(this.few.points, this.few.exps);
    else {
      const A = sharedArena!; // packedTerms exists only with it
      const at = this.allOne
        ? pippengerLayout(A, n, 2, 1)
        : pippengerLayout(A, n, windowForCounts(this.count));
      A.bytes.set(this.pts.subarray(0, POINT * n), at.src);
      if (!this.allOne) A.bytes.set(this.sc.subarray(0, SCALAR * n), at.sc);
      r = loadPoint(A, this.allOne ? sumRun(A, at, this.affine) : pippengerRun(A, at, this.affine));
    }
    this.few = undefined;
    if (this.pts.length > 0 && spares.length < SPARES) spares.push({ pts: this.pts, sc: this.sc });
    this.pts = this.sc = EMPTY;
    return r;
  }

  /**
   * The spare buffers on the first term, else doubles them (the scalars' zero bytes come with a
   * new buffer, and no term writes them).
   */
  private grow(): void {
    let pts: Uint8Array;
    let sc: Uint8Array;
    const s = this.n === 0 ? spares.pop() : undefined;
    if (s) ({ pts, sc } = s);
    else {
      const terms = Math.max(64, (2 * this.pts.length) / POINT);
      pts = new Uint8Array(POINT * terms);
      pts.set(this.pts);
      sc = new Uint8Array(SCALAR * terms);
      sc.set(this.sc);
    }
    this.pts = pts;
    this.sc = sc;
    this.ptsView = new DataView(pts.buffer);
    this.scView = new DataView(sc.buffer);
  }
}

/**
 * New terms kept as bytes, or undefined without WebAssembly (then `Group.msmTerms` is absent and
 * callers gather arrays for `multiExp`).
 */
export const packedTerms: (() => MsmTerms<RistrettoPoint>) | undefined = sharedArena
  ? () => new PackedTerms()
  : undefined;
