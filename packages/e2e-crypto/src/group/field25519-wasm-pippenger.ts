/**
 * Function bodies of the WebAssembly field module (assembled in field25519-wasm-code.ts) for the
 * loops of Pippenger's method (ristretto-msm.ts), so that JavaScript makes four calls per window
 * instead of one per point and bucket: signed-digit recoding of the scalars (as
 * ristretto-msm-digits.ts does it), the bucket pass of one window, and the running sums
 * ∑ j·bucket_j. Variable time (branches on digits and bucket occupancy): public data only.
 * @module
 */
import { FN } from './field25519-wasm-layout.js';
import { op } from './wasm-emitter.js';

const get = op.localGet;
const set = op.localSet;
/** Emits local ← local + d (i32). */
const incr = (code: number[], l: number, d: number) =>
  code.push(...get(l), ...op.i32Const(d), ...op.i32Add, ...set(l));

/**
 * recode(n, sc, digits, c, windows) → top: the signed base-2^c digits (in [−2^(c−1), 2^(c−1)),
 * carry into the next window) of n scalars given as 32 little-endian bytes at sc + 40i (bytes
 * 32..39 zero), as i32 at digits + 4·(i·windows + w); returns one more than the highest window
 * with a non-zero digit (0 when there is none). 2 ≤ c ≤ 14.
 * Locals: i 5, w 6, carry 7, d 8, top 9, bit 10.
 */
export function recodeBody(): number[] {
  const [n, sc, digits, c, windows] = [0, 1, 2, 3, 4];
  const [i, w, carry, d, top, bit] = [5, 6, 7, 8, 9, 10];
  const code: number[] = [];
  code.push(...op.i32Const(0), ...set(top), ...op.i32Const(0), ...set(i));
  code.push(...op.block, ...op.loop, ...get(i), ...get(n), ...op.i32GeU, ...op.brIf(1));
  code.push(...op.i32Const(0), ...set(carry), ...op.i32Const(0), ...set(w));
  code.push(...op.block, ...op.loop, ...get(w), ...get(windows), ...op.i32GeU, ...op.brIf(1));
  code.push(...get(w), ...get(c), ...op.i32Mul, ...set(bit));
  // raw = (4 bytes at sc + 40i + bit/8) >> (bit mod 8) & (2^c − 1); d = raw + carry
  code.push(...get(i), ...op.i32Const(40), ...op.i32Mul, ...get(sc), ...op.i32Add);
  code.push(...get(bit), ...op.i32Const(3), ...op.i32ShrU, ...op.i32Add, ...op.i32LoadU(0));
  code.push(...get(bit), ...op.i32Const(7), ...op.i32And, ...op.i32ShrU);
  code.push(...op.i32Const(1), ...get(c), ...op.i32Shl, ...op.i32Const(1), ...op.i32Sub, ...op.i32And);
  code.push(...get(carry), ...op.i32Add, ...set(d));
  // carry = d ≥ 2^(c−1); d −= carry · 2^c
  code.push(
    ...get(d),
    ...op.i32Const(1),
    ...get(c),
    ...op.i32Const(1),
    ...op.i32Sub,
    ...op.i32Shl,
    ...op.i32GeS,
  );
  code.push(...set(carry));
  code.push(...get(d), ...get(carry), ...get(c), ...op.i32Shl, ...op.i32Sub, ...set(d));
  code.push(
    ...get(i),
    ...get(windows),
    ...op.i32Mul,
    ...get(w),
    ...op.i32Add,
    ...op.i32Const(2),
    ...op.i32Shl,
  );
  code.push(...get(digits), ...op.i32Add, ...get(d), ...op.i32Store(0));
  // top = max(top, w + 1) when d ≠ 0
  const w1 = [...get(w), ...op.i32Const(1), ...op.i32Add];
  code.push(
    ...get(d),
    ...op.if,
    ...w1,
    ...get(top),
    ...w1,
    ...get(top),
    ...op.i32GtS,
    ...op.select,
    ...set(top),
  );
  code.push(...op.end);
  incr(code, w, 1);
  code.push(...op.br(0), ...op.end, ...op.end);
  incr(code, i, 1);
  code.push(...op.br(0), ...op.end, ...op.end);
  code.push(...get(top));
  return code;
}

/**
 * buckets(n, digits, windows, win, pts, bk, used): the bucket pass of window `win`. For each
 * point i with digit d ≠ 0: bucket |d| (extended point at bk + 320·|d|) ← ±P_i, P_i in
 * precomputed form at pts + 240i, seeded (mseed) when the bucket's byte at used + |d| is 0 (the
 * caller zeroes them), else by mixed addition (madd). Locals: i 7, d 8, q 9, neg 10, j 11.
 */
export function bucketsBody(): number[] {
  const [n, digits, windows, win, pts, bk, used] = [0, 1, 2, 3, 4, 5, 6];
  const [i, d, q, neg, j] = [7, 8, 9, 10, 11];
  const code: number[] = [];
  code.push(...op.i32Const(0), ...set(i));
  code.push(...op.block, ...op.loop, ...get(i), ...get(n), ...op.i32GeU, ...op.brIf(1));
  code.push(
    ...get(i),
    ...get(windows),
    ...op.i32Mul,
    ...get(win),
    ...op.i32Add,
    ...op.i32Const(2),
    ...op.i32Shl,
  );
  code.push(...get(digits), ...op.i32Add, ...op.i32Load(0), ...op.localTee(d), ...op.if);
  code.push(...get(d), ...op.i32Const(0), ...op.i32LtS, ...set(neg));
  // j = |d|
  code.push(...op.i32Const(0), ...get(d), ...op.i32Sub, ...get(d), ...get(neg), ...op.select, ...set(j));
  code.push(...get(pts), ...get(i), ...op.i32Const(240), ...op.i32Mul, ...op.i32Add, ...set(q));
  // arguments (bucket, qp, qm, t2d, neg): for −P the caller of madd/mseed swaps y+x and y−x
  const args = [
    ...get(bk),
    ...get(j),
    ...op.i32Const(320),
    ...op.i32Mul,
    ...op.i32Add,
    ...get(q),
    ...op.i32Const(80),
    ...op.i32Add,
    ...get(q),
    ...get(neg),
    ...op.select,
    ...get(q),
    ...get(q),
    ...op.i32Const(80),
    ...op.i32Add,
    ...get(neg),
    ...op.select,
    ...get(q),
    ...op.i32Const(160),
    ...op.i32Add,
    ...get(neg),
  ];
  code.push(...get(used), ...get(j), ...op.i32Add, ...op.i32Load8U(0), ...op.if);
  code.push(...args, ...op.call(FN.madd));
  code.push(...op.else);
  code.push(...get(used), ...get(j), ...op.i32Add, ...op.i32Const(1), ...op.i32Store8(0));
  code.push(...args, ...op.call(FN.mseed));
  code.push(...op.end); // used
  code.push(...op.end); // d ≠ 0
  incr(code, i, 1);
  code.push(...op.br(0), ...op.end, ...op.end);
  return code;
}

/**
 * bucketsum(half, bk, used, s, w) → 1 when W was set: W = ∑_j j·bucket_j over the used buckets
 * j = half..1, by running sums S = ∑_{k ≥ j} bucket_k and W = ∑ S (2·half additions at most).
 * Locals: j 5, started 6, wStarted 7.
 */
export function bucketSumBody(): number[] {
  const [half, bk, used, s, w] = [0, 1, 2, 3, 4];
  const [j, started, wStarted] = [5, 6, 7];
  const bucket = [...get(bk), ...get(j), ...op.i32Const(320), ...op.i32Mul, ...op.i32Add];
  const copy = (dst: number[], src: number[]) => [...dst, ...src, ...op.i32Const(320), ...op.memoryCopy];
  const code: number[] = [];
  code.push(...get(half), ...set(j), ...op.i32Const(0), ...set(started), ...op.i32Const(0), ...set(wStarted));
  code.push(...op.block, ...op.loop, ...get(j), ...op.i32Eqz, ...op.brIf(1));
  code.push(...get(used), ...get(j), ...op.i32Add, ...op.i32Load8U(0), ...op.if);
  code.push(...get(started), ...op.if, ...get(s), ...bucket, ...op.call(FN.padd));
  code.push(...op.else, ...copy(get(s), bucket), ...op.i32Const(1), ...set(started), ...op.end);
  code.push(...op.end);
  code.push(...get(started), ...op.if);
  code.push(...get(wStarted), ...op.if, ...get(w), ...get(s), ...op.call(FN.padd));
  code.push(...op.else, ...copy(get(w), get(s)), ...op.i32Const(1), ...set(wStarted), ...op.end);
  code.push(...op.end);
  incr(code, j, -1);
  code.push(...op.br(0), ...op.end, ...op.end);
  code.push(...get(wStarted));
  return code;
}
