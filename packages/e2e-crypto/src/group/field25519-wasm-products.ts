/**
 * The products of the WebAssembly field module (assembled in field25519-wasm-code.ts, whose header
 * describes the representation): mul (function 0), sqn (function 1) and sq (function 9), and the
 * carry chain that additions and subtractions share with them. Fixed sequences of operations for
 * given public parameters (no branch on limb values).
 * @module
 */
import { WIDTH } from './field25519-wasm-layout.js';
import { op } from './wasm-emitter.js';

/**
 * The carries of a reduction, as two interleaved chains (c0 → c1 → … → c4 → c5 and c4 → c5 → … →
 * c9 → 19·c0, then c0 → c1 and the second c4 → c5), so that consecutive steps do not wait on each
 * other: in a run of squarings (decoding's exponentiation) each result is the next input, and a
 * single chain of 11 dependent steps was most of a squaring's latency. Afterwards every limb is
 * within its width except limbs 1 and 5, which may exceed it by a small carry (< 2^15), as limb 1
 * did after the single chain; additions, subtractions (which add 2p) and products allow that.
 */
const CARRIES: readonly [from: number, to: number][] = [
  [0, 1],
  [4, 5],
  [1, 2],
  [5, 6],
  [2, 3],
  [6, 7],
  [3, 4],
  [7, 8],
  [4, 5],
  [8, 9],
  [9, 0],
  [0, 1],
];

/**
 * Emits the carries ({@link CARRIES}) on accumulator locals C(0..9) (limbs stay non-negative:
 * floor shifts; the carry out of limb 9 re-enters limb 0 times 19) and, unless `store` is false,
 * stores the limbs at param 0.
 */
export function carryAndStore(code: number[], C: (i: number) => number, CARRY: number, store = true): void {
  const carry = (from: number, to: number, times19: boolean) => {
    const w = WIDTH[from]!;
    code.push(...op.localGet(C(from)), ...op.i64Const(w), ...op.i64ShrS, ...op.localSet(CARRY));
    code.push(...op.localGet(C(from)), ...op.i64Const((1 << w) - 1), ...op.i64And, ...op.localSet(C(from)));
    code.push(...op.localGet(C(to)), ...(times19 ? timesConst(CARRY, 19) : op.localGet(CARRY)));
    code.push(...op.i64Add, ...op.localSet(C(to)));
  };
  for (const [from, to] of CARRIES) carry(from, to, from === 9);
  if (store)
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
  store = true,
): void {
  for (let k = 0; k < 10; k++) {
    pairs(k).forEach(([i, j], n) => {
      const [l, r] = operands(i, j);
      code.push(...op.localGet(l), ...op.localGet(r), ...op.i64Mul);
      if (n > 0) code.push(...op.i64Add);
    });
    code.push(...op.localSet(C(k)));
  }
  carryAndStore(code, C, CARRY, store);
}

/** Emits `local = local(src) · factor`. */
function scaled(code: number[], dst: number, src: number, factor: number): void {
  code.push(...timesConst(src, factor), ...op.localSet(dst));
}

/**
 * Pushes local(src) · factor. Factors with few bits set (2, 4, 19 = 16 + 2 + 1, 38) become shifts
 * and additions: a squaring is bound by the one port that does 64-bit multiplications, and 19 and
 * 38 were a fifth of its multiplications. 19x is x + 2·(x + 8x): two `lea` on x64.
 */
export function timesConst(src: number, factor: number): number[] {
  if (factor === 19) {
    const x = op.localGet(src);
    return [
      ...x,
      ...x,
      ...x,
      ...op.i64Const(3),
      ...op.i64Shl,
      ...op.i64Add,
      ...op.i64Const(1),
      ...op.i64Shl,
      ...op.i64Add,
    ];
  }
  const bits: number[] = [];
  for (let b = 0; b < 8; b++) if ((factor >> b) & 1) bits.push(b);
  if (factor >= 256 || bits.length > 3) return [...op.localGet(src), ...op.i64Const(factor), ...op.i64Mul];
  const code: number[] = [];
  bits.forEach((b, n) => {
    code.push(...op.localGet(src));
    if (b > 0) code.push(...op.i64Const(b), ...op.i64Shl);
    if (n > 0) code.push(...op.i64Add);
  });
  return code;
}

/**
 * mul(out, a, b) (function 0): out may alias a or b (all loads first). The factors of a limb
 * product (2 when i and j are both odd, 19 when it wraps) come from precomputed 2·a_i and 19·b_j,
 * so each of the 100 products is one multiplication.
 * Locals: params 0 out, 1 a, 2 b (i32); a0..a9 (3..12), b0..b9 (13..22), c0..c9 (23..32),
 * carry (33), 19·b_j (34..43), 2·a_i (44..53).
 */
export function mulBody(): number[] {
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
 * The limb products a_i·a_j (i ≤ j) of column k of a squaring, grouped by their coefficient
 * 2^e·19^wrap: e counts the factor 2 of i ≠ j (a_i·a_j and a_j·a_i are one product doubled) and
 * the factor 2 of two odd limbs; wrap is i + j ≥ 10.
 */
function squareGroups(k: number): Map<string, { e: number; wrap: boolean; pairs: [number, number][] }> {
  const groups = new Map<string, { e: number; wrap: boolean; pairs: [number, number][] }>();
  for (let i = 0; i < 10; i++)
    for (let j = i; j < 10; j++) {
      if ((i + j) % 10 !== k) continue;
      const e = (i === j ? 0 : 1) + ((i % 2) & (j % 2));
      const wrap = i + j >= 10;
      const key = `${e}:${wrap}`;
      if (!groups.has(key)) groups.set(key, { e, wrap, pairs: [] });
      groups.get(key)!.pairs.push([i, j]);
    }
  return groups;
}

/**
 * Pushes Σ_e 2^e·sum_e as nested x + (y << d) from the highest exponent down (on x64, V8 makes
 * each one `lea` when d ≤ 3).
 */
function shiftSum(parts: Map<number, number[]>): number[] {
  const es = [...parts.keys()].sort((x, y) => y - x);
  let code = parts.get(es[0]!)!;
  let prev = es[0]!;
  for (const e of es.slice(1)) {
    const shifted = prev > e ? [...code, ...op.i64Const(prev - e), ...op.i64Shl] : code;
    code = [...parts.get(e)!, ...shifted, ...op.i64Add];
    prev = e;
  }
  return prev > 0 ? [...code, ...op.i64Const(prev), ...op.i64Shl] : code;
}

/**
 * Pushes column k of the square of the limbs in locals A(0..9): each group's plain products
 * summed, the wrapped groups joined and multiplied by 19 once, as h + 2·(h + 8h) (two `lea`, not
 * a multiplication: a run of squarings is bound by the one port that multiplies), then the
 * unwrapped groups and the shifts. No scaled copies of the limbs (2a, 4a, 19a, 38a) are held:
 * with them V8 had more live values than registers, and a third of a squaring's instructions
 * were spills. T is a scratch local.
 */
function squareColumn(k: number, A: (i: number) => number, T: number): number[] {
  const low = new Map<number, number[]>();
  const high = new Map<number, number[]>();
  for (const { e, wrap, pairs } of squareGroups(k).values()) {
    const sum: number[] = [];
    pairs.forEach(([i, j], n) => {
      sum.push(...op.localGet(A(i)), ...op.localGet(A(j)), ...op.i64Mul);
      if (n > 0) sum.push(...op.i64Add);
    });
    (wrap ? high : low).set(e, sum);
  }
  if (high.size === 0) return shiftSum(low);
  const e0 = Math.min(...high.keys());
  const h = shiftSum(new Map([...high].map(([e, c]) => [e - e0, c])));
  const h19 = [...h, ...op.localSet(T), ...timesConst(T, 19)];
  low.set(e0, low.has(e0) ? [...low.get(e0)!, ...h19, ...op.i64Add] : h19);
  return shiftSum(low);
}

/**
 * Emits a squaring of the limbs in locals A(0..9) = base.. into C(0..9), carried (stored at
 * param 0 when `store`); 55 products instead of 100 (squareColumn). Bound: the input is reduced
 * (limbs within their width, limbs 1 and 5 a carry < 2^15 above), so a column — the 10 products
 * a_i·a_j (j = k − i mod 10) of a multiplication with their coefficients: 19·a_i·a_j < 19·2^52
 * when it wraps, 38 only for two odd limbs, 38·(2^25 + 2^15)² < 9.6·2^52 — is below 190·2^52 <
 * 2^59.6; all terms are non-negative, so every partial sum (each group's sum, the wrapped sum
 * before and after ×19) is below that too. Locals from base: a (10), c (10), carry (1), scratch
 * (1): 22.
 */
function squareCode(
  code: number[],
  base: number,
  store: boolean,
): { A: (i: number) => number; C: (i: number) => number } {
  const A = (i: number) => base + i;
  const C = (i: number) => base + 10 + i;
  for (let k = 0; k < 10; k++) code.push(...squareColumn(k, A, base + 21), ...op.localSet(C(k)));
  carryAndStore(code, C, base + 20, store);
  return { A, C };
}

/** sq(out, a) (function 9): out = a², out may alias a. Locals: params 0 out, 1 a; then 22. */
export function sqBody(): number[] {
  const code: number[] = [];
  for (let i = 0; i < 10; i++) code.push(...op.localGet(1), ...op.i64Load(8 * i), ...op.localSet(2 + i));
  squareCode(code, 2, true);
  return code;
}

/**
 * sqn(out, a, n) (function 1): out = a^(2^n) (n ≥ 1), out may alias a; the limbs stay in locals
 * from one squaring to the next (the exponentiation of decoding is 250 squarings in such runs).
 * Locals: params 0 out, 1 a, 2 n; then 22.
 */
export function sqnBody(): number[] {
  const code: number[] = [];
  for (let i = 0; i < 10; i++) code.push(...op.localGet(1), ...op.i64Load(8 * i), ...op.localSet(3 + i));
  code.push(...op.loop);
  const { A, C } = squareCode(code, 3, false);
  for (let i = 0; i < 10; i++) code.push(...op.localGet(C(i)), ...op.localSet(A(i)));
  code.push(...op.localGet(2), ...op.i32Const(1), ...op.i32Sub, ...op.localTee(2), ...op.brIf(0), ...op.end);
  for (let i = 0; i < 10; i++) code.push(...op.localGet(0), ...op.localGet(A(i)), ...op.i64Store(8 * i));
  return code;
}
