/**
 * Function bodies of the WebAssembly field module (assembled in field25519-wasm-code.ts) for the
 * point arithmetic: Edwards additions and doublings in extended coordinates (madd, padd, dbl:
 * multi-scalar, comb and variable-base multiplication) and, for the multi-scalar multiplication
 * (ristretto-msm.ts): field inversion, batch normalisation of input
 * points to the affine precomputed form (Montgomery's trick, one inversion), seeding a bucket
 * from a precomputed point, and additions of points in "cached" form (Y+X, Y−X, 2d·T, 2Z) for
 * the interleaved-window (Straus) method. Extended coordinates, a = −1 (Hisil–Wong–Carter–Dawson
 * 2008, §3.1). Variable time where noted (public data only).
 * @module
 */
import { type Addr, at, emitter, index, LAYOUT, plus, TWO_P } from './field25519-wasm-layout.js';
import { op } from './wasm-emitter.js';

const N = (k: number) => at(LAYOUT.NORM + 80 * k);
const T = (k: number) => at(LAYOUT.SCRATCH + 80 * k);

/**
 * The common end of the HWCD 2008 additions (a = −1): from A, B, C, D in scratch T(2)..T(5),
 * E = B − A, F = D − C, G = D + C, H = B + A and the result (E·F, G·H, F·G, E·H) into X, Y, Z, T.
 */
function addTail(e: ReturnType<typeof emitter>, X: Addr, Y: Addr, Z: Addr, Tt: Addr): void {
  e.sub(T(6), T(3), T(2)); // E = B − A
  e.sub(T(7), T(5), T(4)); // F = D − C
  e.add(T(8), T(5), T(4)); // G = D + C
  e.add(T(9), T(3), T(2)); // H = B + A
  e.mul(X, T(6), T(7));
  e.mul(Y, T(8), T(9));
  e.mul(Tt, T(6), T(9));
  e.mul(Z, T(7), T(8));
}

/**
 * Emits Y − X + 2p at `diff` and Y + X at `sum` for the extended point at local `r`, limb by limb
 * with no carry (madd's first step, the bucket addition of the multi-scalar multiplication: a
 * carry chain each was a tenth of its time). Bound: X and Y come out of a reduction (limbs within
 * their width, limbs 1 and 5 within 2^25 + 2^15), so each limb of either result is < 3·2^26;
 * each feeds `mul` as its first operand against a reduced second one (a precomputed point), so a
 * column of the product is at most 10 · (3·2^26) · (19·2^26) < 2^61.2, within i64 (limbs and
 * products stay non-negative).
 */
function unreducedDiffSum(code: number[], diff: Addr, sum: Addr, r: number): void {
  for (let i = 0; i < 10; i++) {
    const x = [...op.localGet(r), ...op.i64Load(8 * i)];
    const y = [...op.localGet(r), ...op.i64Load(80 + 8 * i)];
    code.push(
      ...diff,
      ...y,
      ...x,
      ...op.i64Sub,
      ...op.i64Const(TWO_P[i]!),
      ...op.i64Add,
      ...op.i64Store(8 * i),
    );
    code.push(...sum, ...y, ...x, ...op.i64Add, ...op.i64Store(8 * i));
  }
}

/**
 * madd(R, qp, qm, t2d, neg) (function 6): R (extended X,Y,Z,T at R, R+80, R+160, R+240) += ±Q,
 * Q in precomputed form (y+x at qp, y−x at qm, 2d·x·y at t2d); for −Q the caller swaps qp and qm
 * and sets neg (C is negated). HWCD 2008 mixed addition, a = −1.
 */
export function maddBody(): number[] {
  const code: number[] = [];
  const e = emitter(code);
  const X = plus(0, 0),
    Y = plus(0, 80),
    Z = plus(0, 160),
    Tt = plus(0, 240);
  unreducedDiffSum(code, T(0), T(1), 0); // Y1 − X1 + 2p, Y1 + X1
  e.mul(T(2), T(0), op.localGet(2)); // A = (Y1 − X1)(y − x)
  e.mul(T(3), T(1), op.localGet(1)); // B = (Y1 + X1)(y + x)
  e.mul(T(4), Tt, op.localGet(3)); // C = T1 · 2dxy
  code.push(...op.localGet(4), ...op.if);
  e.sub(T(4), at(LAYOUT.ZERO), T(4)); // −C for −Q
  code.push(...op.end);
  e.add(T(5), Z, Z); // D = 2 Z1
  addTail(e, X, Y, Z, Tt);
  return code;
}

/** padd(R, S) (function 7): R += S, both extended; add-2008-hwcd-3 with k = 2d. */
export function paddBody(): number[] {
  const code: number[] = [];
  const e = emitter(code);
  const X1 = plus(0, 0),
    Y1 = plus(0, 80),
    Z1 = plus(0, 160),
    T1 = plus(0, 240);
  const X2 = plus(1, 0),
    Y2 = plus(1, 80),
    Z2 = plus(1, 160),
    T2 = plus(1, 240);
  e.sub(T(0), Y1, X1);
  e.sub(T(1), Y2, X2);
  e.mul(T(2), T(0), T(1)); // A
  e.add(T(0), Y1, X1);
  e.add(T(1), Y2, X2);
  e.mul(T(3), T(0), T(1)); // B
  e.mul(T(0), T1, at(LAYOUT.K2D));
  e.mul(T(4), T(0), T2); // C
  e.mul(T(0), Z1, Z2);
  e.add(T(5), T(0), T(0)); // D
  addTail(e, X1, Y1, Z1, T1);
  return code;
}

/** dbl(R, n) (function 8): R ← 2^n R (n ≥ 0); dbl-2008-hwcd with a = −1. */
export function dblBody(): number[] {
  const code: number[] = [];
  const e = emitter(code);
  const X = plus(0, 0),
    Y = plus(0, 80),
    Z = plus(0, 160),
    Tt = plus(0, 240);
  code.push(...op.localGet(1), ...op.i32Eqz, ...op.if, ...op.return, ...op.end, ...op.loop);
  e.sq(T(0), X); // A
  e.sq(T(1), Y); // B
  e.sq(T(2), Z);
  e.add(T(2), T(2), T(2)); // C = 2 Z1²
  e.add(T(3), X, Y);
  e.sq(T(3), T(3)); // (X1 + Y1)²
  e.add(T(4), T(0), T(1)); // A + B
  e.sub(T(5), T(3), T(4)); // E = (X1 + Y1)² − A − B
  e.sub(T(6), T(1), T(0)); // G = D + B = B − A
  e.sub(T(7), T(6), T(2)); // F = G − C
  e.sub(T(8), at(LAYOUT.ZERO), T(4)); // H = D − B = −(A + B)
  e.mul(X, T(5), T(7));
  e.mul(Y, T(6), T(8));
  e.mul(Z, T(7), T(6));
  code.push(...op.localGet(1), ...op.i32Const(1), ...op.i32Sub, ...op.localTee(1), ...op.brIf(0), ...op.end);
  e.mul(Tt, T(5), T(8)); // T only after the last doubling: doublings do not read it
  return code;
}

/** inv(out, a): a^(p−2) = (a^(2^252−3))^8 · a³ (p − 2 = 8·(2^252 − 3) + 3); 0 for a = 0. */
export function invBody(): number[] {
  const code: number[] = [];
  const e = emitter(code);
  e.pow(N(7), op.localGet(1));
  e.sqn(N(7), N(7), op.i32Const(3));
  e.sq(N(8), op.localGet(1));
  e.mul(N(8), N(8), op.localGet(1));
  e.mul(op.localGet(0), N(7), N(8));
  return code;
}

/**
 * normalize(n, src, dst, prefix, affine): for points i < n given as 32-byte little-endian X, Y, Z
 * at src + 96i (+0, +32, +64), writes the affine precomputed form (y+x, y−x, 2d·x·y) at
 * dst + 240i; prefix is scratch for n elements. Z's are inverted together (Montgomery's trick);
 * with affine ≠ 0 every Z is 1 and is not read. Locals: i 5 (i32).
 */
export function normalizeBody(): number[] {
  const [n, src, dst, prefix, affine, i] = [0, 1, 2, 3, 4, 5];
  const code: number[] = [];
  const e = emitter(code);
  const inc = (d: number) => code.push(...op.localGet(i), ...op.i32Const(d), ...op.i32Add, ...op.localSet(i));
  // prefix products and their inverse
  code.push(...op.localGet(affine), ...op.i32Eqz, ...op.if);
  e.copy(N(0), at(LAYOUT.ONE));
  code.push(...op.i32Const(0), ...op.localSet(i), ...op.block, ...op.loop);
  code.push(...op.localGet(i), ...op.localGet(n), ...op.i32GeU, ...op.brIf(1));
  e.copy(index(i, 80, prefix, 0), N(0)); // prefix[i] = Z_0 ⋯ Z_{i−1}
  e.unpack(N(1), index(i, 96, src, 64));
  e.mul(N(0), N(0), N(1));
  inc(1);
  code.push(...op.br(0), ...op.end, ...op.end);
  e.inv(N(3), N(0)); // (Z_0 ⋯ Z_{n−1})^−1
  code.push(...op.end);
  // from the last point down: Z_i^−1 = inv·prefix[i], then inv ← inv·Z_i
  code.push(...op.localGet(n), ...op.localSet(i), ...op.block, ...op.loop);
  code.push(...op.localGet(i), ...op.i32Eqz, ...op.brIf(1));
  inc(-1);
  e.unpack(N(4), index(i, 96, src, 0));
  e.unpack(N(5), index(i, 96, src, 32));
  code.push(...op.localGet(affine), ...op.i32Eqz, ...op.if);
  e.unpack(N(1), index(i, 96, src, 64));
  e.mul(N(2), N(3), index(i, 80, prefix, 0));
  e.mul(N(3), N(3), N(1));
  e.mul(N(4), N(4), N(2)); // x
  e.mul(N(5), N(5), N(2)); // y
  code.push(...op.end);
  e.add(index(i, 240, dst, 0), N(5), N(4));
  e.sub(index(i, 240, dst, 80), N(5), N(4));
  e.mul(N(6), N(4), N(5));
  e.mul(index(i, 240, dst, 160), N(6), at(LAYOUT.K2D));
  code.push(...op.br(0), ...op.end, ...op.end);
  return code;
}

/**
 * mseed(r, qp, qm, t2d, neg): r ← ±Q as an extended point, Q in precomputed form (the first
 * point of an empty bucket; a mixed addition to the identity would cost 7 multiplications):
 * (qp − qm, qp + qm, 2, t2d/d) = (2x, 2y, 2, 2xy); for −Q the caller swaps qp and qm (as for
 * madd) and sets neg, which negates T. Branches on neg (public).
 */
export function mseedBody(): number[] {
  const code: number[] = [];
  const e = emitter(code);
  e.sub(op.localGet(0), op.localGet(1), op.localGet(2));
  e.add(plus(0, 80), op.localGet(1), op.localGet(2));
  e.copy(plus(0, 160), at(LAYOUT.TWO));
  e.mul(plus(0, 240), op.localGet(3), at(LAYOUT.INV_D));
  code.push(...op.localGet(4), ...op.if);
  e.sub(plus(0, 240), at(LAYOUT.ZERO), plus(0, 240));
  code.push(...op.end);
  return code;
}

/**
 * cadd(r, q, neg): R ← R ± Q with Q in cached form at q (Y+X, Y−X, 2d·T, 2Z at +0, +80, +160,
 * +240): add-2008-hwcd-3 with the Q-side sums precomputed, 8 multiplications. For −Q the roles
 * of Y+X and Y−X swap and C is negated. Branches on neg (public). Locals: qp 3, qm 4 (i32).
 */
export function caddBody(): number[] {
  const [r, q, neg, qp, qm] = [0, 1, 2, 3, 4];
  const code: number[] = [];
  const e = emitter(code);
  // qp = neg ? q + 80 : q; qm = neg ? q : q + 80
  code.push(...plus(q, 80), ...op.localGet(q), ...op.localGet(neg), ...op.select, ...op.localSet(qp));
  code.push(...op.localGet(q), ...plus(q, 80), ...op.localGet(neg), ...op.select, ...op.localSet(qm));
  const [X, Y, Z, Tt] = [plus(r, 0), plus(r, 80), plus(r, 160), plus(r, 240)];
  e.sub(T(0), Y, X);
  e.add(T(1), Y, X);
  e.mul(T(2), T(0), op.localGet(qm)); // A
  e.mul(T(3), T(1), op.localGet(qp)); // B
  e.mul(T(4), Tt, plus(q, 160)); // C = T1·2d·T2
  code.push(...op.localGet(neg), ...op.if);
  e.sub(T(4), at(LAYOUT.ZERO), T(4));
  code.push(...op.end);
  e.mul(T(5), Z, plus(q, 240)); // D = Z1·2Z2
  addTail(e, X, Y, Z, Tt);
  return code;
}

/** tocached(out, p): the cached form (Y+X, Y−X, 2d·T, 2Z) of the extended point at p. */
export function toCachedBody(): number[] {
  const code: number[] = [];
  const e = emitter(code);
  const [X, Y, Z, Tt] = [plus(1, 0), plus(1, 80), plus(1, 160), plus(1, 240)];
  e.add(op.localGet(0), Y, X);
  e.sub(plus(0, 80), Y, X);
  e.mul(plus(0, 160), Tt, at(LAYOUT.K2D));
  e.add(plus(0, 240), Z, Z);
  return code;
}
