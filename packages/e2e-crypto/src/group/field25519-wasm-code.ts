/**
 * The WebAssembly module of field25519-wasm.ts, assembled here byte by byte: arithmetic mod
 * p = 2^255 − 19 on 10 signed 64-bit limbs in radix 2^25.5 (limb i at bit ⌈25.5·i⌉, 26 and 25
 * bits alternately, Bernstein, "Curve25519: new Diffie-Hellman speed records", PKC 2006, §4), so a
 * product is 100 64-bit multiplications: a limb product a_i·b_j sits at bit ⌈25.5i⌉ + ⌈25.5j⌉,
 * which is the position of limb i + j, plus one when i and j are both odd (factor 2); products
 * beyond limb 9 wrap with 2^255 ≡ 19. On top: z^(2^252 − 3) for decoding, and Edwards point
 * additions and doublings (extended coordinates, a = −1) for multi-scalar and comb multiplication.
 *
 * Every function has a fixed sequence of operations for given public parameters (no branch on
 * limb values); 64-bit multiplications are constant time on the CPUs we target.
 * @module
 */
import { I32, I64, op, section, uleb, vec } from './wasm-emitter.js';

/** Bit position of limb i. */
export const POS = [0, 26, 51, 77, 102, 128, 153, 179, 204, 230];
/** Bits of limb i. */
export const WIDTH = [26, 25, 26, 25, 26, 25, 26, 25, 26, 25];

/**
 * Emits the carry chain c0 → c1 → … → c9 → 19·c0 → c1 on accumulator locals C(0..9) (limbs stay
 * non-negative: floor shifts) and stores the limbs at param 0.
 */
function carryAndStore(code: number[], C: (i: number) => number, CARRY: number): void {
  const carry = (from: number, to: number, times19: boolean) => {
    const w = WIDTH[from]!;
    code.push(...op.localGet(C(from)), ...op.i64Const(w), ...op.i64ShrS, ...op.localSet(CARRY));
    code.push(...op.localGet(C(from)), ...op.i64Const((1 << w) - 1), ...op.i64And, ...op.localSet(C(from)));
    code.push(...op.localGet(C(to)), ...op.localGet(CARRY));
    if (times19) code.push(...op.i64Const(19), ...op.i64Mul);
    code.push(...op.i64Add, ...op.localSet(C(to)));
  };
  for (let i = 0; i < 9; i++) carry(i, i + 1, false);
  carry(9, 0, true);
  carry(0, 1, false);
  for (let i = 0; i < 10; i++) code.push(...op.localGet(0), ...op.localGet(C(i)), ...op.i64Store(8 * i));
}

/**
 * Emits c_k = Σ left·right over the (i, j) limb pairs whose product lands in limb k, for
 * k = 0..9, then the carry chain and the store. `pairs(k)` lists the pairs, `operands` names the
 * two locals whose product is a_i·b_j times its coefficient.
 */
function columns(
  code: number[],
  pairs: (k: number) => [number, number][],
  operands: (i: number, j: number) => [number, number],
  C: (i: number) => number,
  CARRY: number,
): void {
  for (let k = 0; k < 10; k++) {
    pairs(k).forEach(([i, j], n) => {
      const [l, r] = operands(i, j);
      code.push(...op.localGet(l), ...op.localGet(r), ...op.i64Mul);
      if (n > 0) code.push(...op.i64Add);
    });
    code.push(...op.localSet(C(k)));
  }
  carryAndStore(code, C, CARRY);
}

/** Emits `local = local(src) · factor`. */
function scaled(code: number[], dst: number, src: number, factor: number): void {
  code.push(...op.localGet(src), ...op.i64Const(factor), ...op.i64Mul, ...op.localSet(dst));
}

/**
 * mul(out, a, b) (function 0): out may alias a or b (all loads first). The factors of a limb
 * product (2 when i and j are both odd, 19 when it wraps) come from precomputed 2·a_i and 19·b_j,
 * so each of the 100 products is one multiplication.
 * Locals: params 0 out, 1 a, 2 b (i32); a0..a9 (3..12), b0..b9 (13..22), c0..c9 (23..32),
 * carry (33), 19·b_j (34..43), 2·a_i (44..53).
 */
function mulBody(): number[] {
  const A = (i: number) => 3 + i;
  const B = (i: number) => 13 + i;
  const C = (i: number) => 23 + i;
  const CARRY = 33;
  const B19 = (j: number) => 34 + j;
  const A2 = (i: number) => 44 + i;
  const code: number[] = [];
  for (let i = 0; i < 10; i++) code.push(...op.localGet(1), ...op.i64Load(8 * i), ...op.localSet(A(i)));
  for (let i = 0; i < 10; i++) code.push(...op.localGet(2), ...op.i64Load(8 * i), ...op.localSet(B(i)));
  for (let j = 1; j < 10; j++) scaled(code, B19(j), B(j), 19);
  for (let i = 1; i < 10; i += 2) scaled(code, A2(i), A(i), 2);
  const pairs = (k: number): [number, number][] => {
    const out: [number, number][] = [];
    for (let i = 0; i < 10; i++) for (const j of [k - i, k - i + 10]) if (j >= 0 && j <= 9) out.push([i, j]);
    return out;
  };
  const operands = (i: number, j: number): [number, number] => [
    i % 2 === 1 && j % 2 === 1 ? A2(i) : A(i),
    i + j >= 10 ? B19(j) : B(j),
  ];
  columns(code, pairs, operands, C, CARRY);
  return code;
}

/**
 * sq(out, a) (function 9): out = a², out may alias a; 55 products instead of 100 (a_i·a_j and
 * a_j·a_i are one product doubled). Coefficient of a_i·a_j: 2 (i ≠ j) × 2 (both odd) × 19 (wraps).
 * Locals: params 0 out, 1 a; a0..a9 (2..11), 2·a_i (12..21), 19·a_i (22..31), 38·a_i (32..41),
 * c0..c9 (42..51), carry (52), 4·a_i (53..62).
 */
function sqBody(): number[] {
  const A = (i: number) => 2 + i;
  const A2 = (i: number) => 12 + i;
  const A19 = (i: number) => 22 + i;
  const A38 = (i: number) => 32 + i;
  const C = (i: number) => 42 + i;
  const CARRY = 52;
  const A4 = (i: number) => 53 + i;
  const code: number[] = [];
  for (let i = 0; i < 10; i++) code.push(...op.localGet(1), ...op.i64Load(8 * i), ...op.localSet(A(i)));
  for (let i = 0; i < 10; i++) {
    scaled(code, A2(i), A(i), 2);
    scaled(code, A4(i), A(i), 4);
    scaled(code, A19(i), A(i), 19);
    scaled(code, A38(i), A(i), 38);
  }
  const pairs = (k: number): [number, number][] => {
    const out: [number, number][] = [];
    for (let i = 0; i < 10; i++) for (let j = i; j < 10; j++) if ((i + j) % 10 === k) out.push([i, j]);
    return out;
  };
  // operands (left, right) whose product is a_i·a_j (i ≤ j) times its coefficient
  const operands = (i: number, j: number): [number, number] => {
    const c = (i === j ? 1 : 2) * (i % 2 === 1 && j % 2 === 1 ? 2 : 1) * (i + j >= 10 ? 19 : 1);
    const byCoefficient: Record<number, [number, number]> = {
      1: [A(i), A(j)],
      2: [A2(i), A(j)],
      4: [A4(i), A(j)],
      19: [A(i), A19(j)],
      38: [A2(i), A19(j)],
      76: [A2(i), A38(j)],
    };
    return byCoefficient[c]!;
  };
  columns(code, pairs, operands, C, CARRY);
  return code;
}

/** sqn(out, a, n): out = a^(2^n) (n ≥ 1); out may alias a. Function 9 is sq. */
function sqnBody(): number[] {
  // params 0 out, 1 a, 2 n; first square a into out, then square out in place n − 1 times
  return [
    ...op.localGet(0),
    ...op.localGet(1),
    ...op.call(9),
    ...op.block,
    ...op.loop,
    ...op.localGet(2),
    ...op.i32Const(1),
    ...op.i32Sub,
    ...op.localTee(2),
    ...op.i32Eqz,
    ...op.brIf(1),
    ...op.localGet(0),
    ...op.localGet(0),
    ...op.call(9),
    ...op.br(0),
    ...op.end,
    ...op.end,
  ];
}

/** Memory layout (bytes): pow I/O 0–240, pow scratch 1024–1344, constants, point scratch, points. */
export const LAYOUT = { ZERO: 1536, K2D: 1616, SCRATCH: 2048, POINTS: 4096 } as const;
/** 2p in limbs (a − b + 2p keeps every limb non-negative for normalised b). */
const TWO_P = WIDTH.map((w, i) => (i === 0 ? 2 * ((1 << 26) - 19) : 2 * ((1 << w) - 1)));

/** carry(x): normalises x in place (locals 1..10 limbs, 11 carry). Function 3. */
function carryBody(): number[] {
  const L = (i: number) => 1 + i;
  const code: number[] = [];
  for (let i = 0; i < 10; i++) code.push(...op.localGet(0), ...op.i64Load(8 * i), ...op.localSet(L(i)));
  const step = (from: number, to: number, times19: boolean) => {
    const w = WIDTH[from]!;
    code.push(...op.localGet(L(from)), ...op.i64Const(w), ...op.i64ShrS, ...op.localSet(11));
    code.push(...op.localGet(L(from)), ...op.i64Const((1 << w) - 1), ...op.i64And, ...op.localSet(L(from)));
    code.push(...op.localGet(L(to)), ...op.localGet(11));
    if (times19) code.push(...op.i64Const(19), ...op.i64Mul);
    code.push(...op.i64Add, ...op.localSet(L(to)));
  };
  for (let i = 0; i < 9; i++) step(i, i + 1, false);
  step(9, 0, true);
  step(0, 1, false);
  for (let i = 0; i < 10; i++) code.push(...op.localGet(0), ...op.localGet(L(i)), ...op.i64Store(8 * i));
  return code;
}

/** add(out, a, b) (function 4) and sub(out, a, b) = a − b + 2p (function 5), then carry. */
function addSubBody(sub: boolean): number[] {
  const code: number[] = [];
  for (let i = 0; i < 10; i++) {
    code.push(
      ...op.localGet(0),
      ...op.localGet(1),
      ...op.i64Load(8 * i),
      ...op.localGet(2),
      ...op.i64Load(8 * i),
    );
    if (sub) code.push(...op.i64Sub, ...op.i64Const(TWO_P[i]!), ...op.i64Add);
    else code.push(...op.i64Add);
    code.push(...op.i64Store(8 * i));
  }
  code.push(...op.localGet(0), ...op.call(3));
  return code;
}

/** Helpers to emit calls of mul (0), add (4), sub (5), sq (9) on i32 offsets given as emitters. */
type Addr = number[];
const at = (n: number): Addr => op.i32Const(n);
const plus = (local: number, off: number): Addr => [
  ...op.localGet(local),
  ...op.i32Const(off),
  0x6a /* i32.add */,
];
function emitter(code: number[]) {
  const call3 = (f: number) => (o: Addr, a: Addr, b: Addr) => code.push(...o, ...a, ...b, ...op.call(f));
  const sq = (o: Addr, a: Addr) => code.push(...o, ...a, ...op.call(9));
  return { mul: call3(0), add: call3(4), sub: call3(5), sq };
}
const T = (k: number): Addr => at(LAYOUT.SCRATCH + 80 * k);

/**
 * madd(R, qp, qm, t2d, neg) (function 6): R (extended X,Y,Z,T at R, R+80, R+160, R+240) += ±Q,
 * Q in precomputed form (y+x at qp, y−x at qm, 2d·x·y at t2d); for −Q the caller swaps qp and qm
 * and sets neg (C is negated). HWCD 2008 mixed addition, a = −1.
 */
function maddBody(): number[] {
  const code: number[] = [];
  const e = emitter(code);
  const X = plus(0, 0),
    Y = plus(0, 80),
    Z = plus(0, 160),
    Tt = plus(0, 240);
  e.sub(T(0), Y, X); // Y1 − X1
  e.add(T(1), Y, X); // Y1 + X1
  e.mul(T(2), T(0), op.localGet(2)); // A = (Y1 − X1)(y − x)
  e.mul(T(3), T(1), op.localGet(1)); // B = (Y1 + X1)(y + x)
  e.mul(T(4), Tt, op.localGet(3)); // C = T1 · 2dxy
  code.push(...op.localGet(4), ...op.if);
  e.sub(T(4), at(LAYOUT.ZERO), T(4)); // −C for −Q
  code.push(...op.end);
  e.add(T(5), Z, Z); // D = 2 Z1
  e.sub(T(6), T(3), T(2)); // E = B − A
  e.sub(T(7), T(5), T(4)); // F = D − C
  e.add(T(8), T(5), T(4)); // G = D + C
  e.add(T(9), T(3), T(2)); // H = B + A
  e.mul(X, T(6), T(7));
  e.mul(Y, T(8), T(9));
  e.mul(Tt, T(6), T(9));
  e.mul(Z, T(7), T(8));
  return code;
}

/** padd(R, S) (function 7): R += S, both extended; add-2008-hwcd-3 with k = 2d. */
function paddBody(): number[] {
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
  e.sub(T(6), T(3), T(2)); // E
  e.sub(T(7), T(5), T(4)); // F
  e.add(T(8), T(5), T(4)); // G
  e.add(T(9), T(3), T(2)); // H
  e.mul(X1, T(6), T(7));
  e.mul(Y1, T(8), T(9));
  e.mul(T1, T(6), T(9));
  e.mul(Z1, T(7), T(8));
  return code;
}

/** dbl(R, n) (function 8): R ← 2^n R; dbl-2008-hwcd with a = −1. */
function dblBody(): number[] {
  const code: number[] = [];
  const e = emitter(code);
  const X = plus(0, 0),
    Y = plus(0, 80),
    Z = plus(0, 160),
    Tt = plus(0, 240);
  code.push(...op.block, ...op.loop, ...op.localGet(1), ...op.i32Eqz, ...op.brIf(1));
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
  e.mul(Tt, T(5), T(8));
  e.mul(Z, T(7), T(6));
  code.push(
    ...op.localGet(1),
    ...op.i32Const(1),
    ...op.i32Sub,
    ...op.localSet(1),
    ...op.br(0),
    ...op.end,
    ...op.end,
  );
  return code;
}

/** The module's bytes. Exports: mul, sq, pow, madd, padd, dbl, add, sub, mem. */
export function moduleBytes(): Uint8Array<ArrayBuffer> {
  const types = [
    [0x60, ...vec([[I32], [I32], [I32]]), 0], // 0: (i32, i32, i32) → ()
    [0x60, ...vec([[I32], [I32]]), 0], // 1: (i32, i32) → ()
    [0x60, ...vec([[I32]]), 0], // 2: (i32) → ()
    [0x60, ...vec([[I32], [I32], [I32], [I32], [I32]]), 0], // 3: 5 × i32 → ()
  ];
  // 0 mul, 1 sqn, 2 pow, 3 carry, 4 add, 5 sub, 6 madd, 7 padd, 8 dbl, 9 sq
  const funcs = [[0], [0], [1], [2], [0], [0], [3], [1], [1], [1]];
  const name = (n: string) => [...uleb(n.length), ...n.split('').map((c) => c.charCodeAt(0))];
  const exports = [
    [...name('mul'), 0x00, 0],
    [...name('sq'), 0x00, 9],
    [...name('pow'), 0x00, 2],
    [...name('madd'), 0x00, 6],
    [...name('padd'), 0x00, 7],
    [...name('dbl'), 0x00, 8],
    [...name('add'), 0x00, 4],
    [...name('sub'), 0x00, 5],
    [...name('mem'), 0x02, 0],
  ];
  const body = (locals: number[][], code: number[]) => {
    const b = [...vec(locals), ...code, ...op.end];
    return [...uleb(b.length), ...b];
  };
  const code = [
    body([[51, I64]], mulBody()), // a0..a9, b0..b9, c0..c9, carry, 19·b, 2·a
    body([], sqnBody()),
    body([], powCode()),
    body([[11, I64]], carryBody()),
    body([], addSubBody(false)),
    body([], addSubBody(true)),
    body([], maddBody()),
    body([], paddBody()),
    body([], dblBody()),
    body([[61, I64]], sqBody()), // a, 2a, 19a, 38a, c, carry, 4a
  ];
  return new Uint8Array([
    0x00,
    0x61,
    0x73,
    0x6d,
    0x01,
    0x00,
    0x00,
    0x00,
    ...section(1, vec(types)),
    ...section(3, vec(funcs)),
    ...section(5, [...uleb(1), 0x00, 0x01]),
    ...section(7, vec(exports)),
    ...section(10, vec(code)),
  ]);
}

/** pow(out, z) with params 0 out, 1 z (i32 offsets). */
function powCode(): number[] {
  const T = (k: number) => 1024 + 80 * k;
  const code: number[] = [];
  const mul = (o: number, a: number, b: number) =>
    code.push(...op.i32Const(o), ...op.i32Const(a), ...op.i32Const(b), ...op.call(0));
  const sqn = (o: number, a: number, n: number) =>
    code.push(...op.i32Const(o), ...op.i32Const(a), ...op.i32Const(n), ...op.call(1));
  const Z = T(3);
  for (let i = 0; i < 10; i++)
    code.push(...op.i32Const(Z), ...op.localGet(1), ...op.i64Load(8 * i), ...op.i64Store(8 * i));
  const [t0, t1, t2] = [T(0), T(1), T(2)];
  sqn(t0, Z, 1); // z^2
  sqn(t1, t0, 2); // z^8
  mul(t1, Z, t1); // z^9
  mul(t0, t0, t1); // z^11
  sqn(t0, t0, 1); // z^22
  mul(t0, t1, t0); // z^(2^5 − 1)
  sqn(t1, t0, 5);
  mul(t0, t1, t0); // z^(2^10 − 1)
  sqn(t1, t0, 10);
  mul(t1, t1, t0); // z^(2^20 − 1)
  sqn(t2, t1, 20);
  mul(t1, t2, t1); // z^(2^40 − 1)
  sqn(t1, t1, 10);
  mul(t0, t1, t0); // z^(2^50 − 1)
  sqn(t1, t0, 50);
  mul(t1, t1, t0); // z^(2^100 − 1)
  sqn(t2, t1, 100);
  mul(t1, t2, t1); // z^(2^200 − 1)
  sqn(t1, t1, 50);
  mul(t0, t1, t0); // z^(2^250 − 1)
  sqn(t0, t0, 2); // z^(2^252 − 4)
  // out = t0 · z  = z^(2^252 − 3)
  code.push(...op.localGet(0), ...op.i32Const(t0), ...op.i32Const(Z), ...op.call(0));
  return code;
}
