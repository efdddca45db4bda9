/**
 * The WebAssembly module of field25519-wasm.ts, assembled here byte by byte: arithmetic mod
 * p = 2^255 − 19 on 10 signed 64-bit limbs in radix 2^25.5 (limb i at bit ⌈25.5·i⌉, 26 and 25
 * bits alternately, Bernstein, "Curve25519: new Diffie-Hellman speed records", PKC 2006, §4), so a
 * product is 100 64-bit multiplications: a limb product a_i·b_j sits at bit ⌈25.5i⌉ + ⌈25.5j⌉,
 * which is the position of limb i + j, plus one when i and j are both odd (factor 2); products
 * beyond limb 9 wrap with 2^255 ≡ 19. This file holds the field arithmetic (mul, sq, sqn, pow
 * z^(2^252 − 3), add, sub, carry) and assembles the module; the other functions come from
 * field25519-wasm-codec.ts (byte packing, canonical reduction, RFC 9496 helpers, encoding),
 * field25519-wasm-decode.ts (decoding), field25519-wasm-points.ts (Edwards point formulas, normalisation) and
 * field25519-wasm-pippenger.ts (the loops of the multi-scalar multiplication).
 *
 * Timing: the field arithmetic, the RFC 9496 helpers, encoding and the point formulas have a
 * fixed sequence of operations for given public parameters (no branch on limb values; 64-bit
 * multiplications, and the constant shifts and additions that stand for ×19 and ×38, are
 * constant time on the CPUs we target). Decoding (public bytes) returns at
 * the first failed check, and the multi-scalar functions branch on digits and signs (public
 * data only).
 * @module
 */
import {
  cabsBody,
  cselBody,
  encodeBody,
  eqBody,
  freezeBody,
  isnegBody,
  packBody,
  sqrtRatioBody,
  unpackBody,
} from './field25519-wasm-codec.js';
import { decodeBody, decpostBody, decpreBody } from './field25519-wasm-decode.js';
import { TWO_P, WIDTH } from './field25519-wasm-layout.js';
import { bucketsBody, bucketSumBody, recodeBody } from './field25519-wasm-pippenger.js';
import {
  caddBody,
  dblBody,
  invBody,
  maddBody,
  mseedBody,
  normalizeBody,
  paddBody,
  toCachedBody,
} from './field25519-wasm-points.js';
import { I32, I64, op, section, uleb, vec } from './wasm-emitter.js';

export { LAYOUT, POS, WIDTH } from './field25519-wasm-layout.js';

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
function carryAndStore(code: number[], C: (i: number) => number, CARRY: number, store = true): void {
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
 * (limbs within their width, limbs 1 and 5 a carry < 2^15 above), so a column, the products of a
 * multiplication with their coefficients (≤ 38, and 38 only for two odd limbs < 2^25 + 2^15), is
 * below 10·19·2^52·1.002 < 2^57.6; all terms are non-negative, so every partial sum is below
 * that too. Locals from base: a (10), c (10), carry (1), scratch (1): 22.
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
function sqBody(): number[] {
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
function sqnBody(): number[] {
  const code: number[] = [];
  for (let i = 0; i < 10; i++) code.push(...op.localGet(1), ...op.i64Load(8 * i), ...op.localSet(3 + i));
  code.push(...op.loop);
  const { A, C } = squareCode(code, 3, false);
  for (let i = 0; i < 10; i++) code.push(...op.localGet(C(i)), ...op.localSet(A(i)));
  code.push(...op.localGet(2), ...op.i32Const(1), ...op.i32Sub, ...op.localTee(2), ...op.brIf(0), ...op.end);
  for (let i = 0; i < 10; i++) code.push(...op.localGet(0), ...op.localGet(A(i)), ...op.i64Store(8 * i));
  return code;
}

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

/**
 * add(out, a, b) (function 4) and sub(out, a, b) = a − b + 2p (function 5), then the carry chain,
 * all in locals (out may alias a or b). Locals: params 0 out, 1 a, 2 b; limbs 3..12, carry 13.
 */
function addSubBody(sub: boolean): number[] {
  const L = (i: number) => 3 + i;
  const CARRY = 13;
  const code: number[] = [];
  for (let i = 0; i < 10; i++) {
    code.push(...op.localGet(1), ...op.i64Load(8 * i), ...op.localGet(2), ...op.i64Load(8 * i));
    if (sub) code.push(...op.i64Sub, ...op.i64Const(TWO_P[i]!), ...op.i64Add);
    else code.push(...op.i64Add);
    code.push(...op.localSet(L(i)));
  }
  carryAndStore(code, L, CARRY);
  return code;
}

/**
 * The module's bytes. Exports: mul, sq, pow, madd, padd, dbl, add, sub, freeze, pack, unpack,
 * eq, isneg, csel, cabs, sqrtratio, decode, encode, inv, normalize, mseed, cadd, tocached,
 * recode, buckets, bucketsum, mem
 * (function indices: FN in field25519-wasm-layout.ts).
 */
export function moduleBytes(): Uint8Array<ArrayBuffer> {
  const types = [
    [0x60, ...vec([[I32], [I32], [I32]]), 0], // 0: (i32, i32, i32) → ()
    [0x60, ...vec([[I32], [I32]]), 0], // 1: (i32, i32) → ()
    [0x60, ...vec([[I32]]), 0], // 2: (i32) → ()
    [0x60, ...vec([[I32], [I32], [I32], [I32], [I32]]), 0], // 3: 5 × i32 → ()
    [0x60, ...vec([[I32], [I32]]), 1, I32], // 4: (i32, i32) → i32
    [0x60, ...vec([[I32]]), 1, I32], // 5: (i32) → i32
    [0x60, ...vec([[I32], [I32], [I32]]), 1, I32], // 6: (i32, i32, i32) → i32
    [0x60, ...vec([[I32], [I32], [I32], [I32]]), 0], // 7: 4 × i32 → ()
    [0x60, ...vec([[I32], [I32], [I32], [I32], [I32]]), 1, I32], // 8: 5 × i32 → i32
    [0x60, ...vec([[I32], [I32], [I32], [I32], [I32], [I32], [I32]]), 0], // 9: 7 × i32 → ()
  ];
  // 0 mul, 1 sqn, 2 pow, 3 carry, 4 add, 5 sub, 6 madd, 7 padd, 8 dbl, 9 sq, 10 freeze, 11 pack,
  // 12 unpack, 13 eq, 14 isneg, 15 csel, 16 cabs, 17 sqrtratio, 18 decode, 19 encode, 20 inv,
  // 21 normalize, 22 mseed, 23 cadd, 24 tocached, 25 recode, 26 buckets, 27 bucketsum,
  // 28 decpre, 29 decpost
  const funcs = [[0], [0], [1], [2], [0], [0], [3], [1], [1], [1]];
  funcs.push([1], [1], [1], [4], [5], [7], [1], [6], [4], [1], [1], [3], [3], [0], [1], [8], [9], [8]);
  funcs.push([5], [5]);
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
    ...['freeze', 'pack', 'unpack', 'eq', 'isneg', 'csel', 'cabs', 'sqrtratio', 'decode', 'encode'].map(
      (n, i) => [...name(n), 0x00, 10 + i],
    ),
    ...['inv', 'normalize', 'mseed', 'cadd', 'tocached', 'recode', 'buckets', 'bucketsum'].map((n, i) => [
      ...name(n),
      0x00,
      20 + i,
    ]),
    [...name('mem'), 0x02, 0],
  ];
  const body = (locals: number[][], code: number[]) => {
    const b = vec(locals).concat(code, op.end);
    return uleb(b.length).concat(b);
  };
  const code = [
    body([[51, I64]], mulBody()), // a0..a9, b0..b9, c0..c9, carry, 19·b, 2·a
    body([[22, I64]], sqnBody()), // a, c, carry, scratch
    body([], powCode()),
    body([[11, I64]], carryBody()),
    body([[11, I64]], addSubBody(false)), // limbs, carry
    body([[11, I64]], addSubBody(true)),
    body([], maddBody()),
    body([], paddBody()),
    body([], dblBody()),
    body([[22, I64]], sqBody()), // a, c, carry, scratch
    body([[11, I64]], freezeBody()), // limbs, q
    body([], packBody()),
    body([], unpackBody()),
    body([], eqBody()),
    body([], isnegBody()),
    body([[1, I64]], cselBody()), // mask
    body([], cabsBody()),
    body([[3, I32]], sqrtRatioBody()), // correct, flipped, flipped_i
    body([[1, I32]], decodeBody()), // status
    body([[1, I32]], encodeBody()), // rotate
    body([], invBody()),
    body([[1, I32]], normalizeBody()), // i
    body([], mseedBody()),
    body([[2, I32]], caddBody()), // qp, qm
    body([], toCachedBody()),
    body([[6, I32]], recodeBody()), // i, w, carry, d, top, bit
    body([[5, I32]], bucketsBody()), // i, d, q, neg, j
    body([[3, I32]], bucketSumBody()), // j, started, wStarted
    body([], decpreBody()),
    body([[2, I32]], decpostBody()), // correct, flipped
  ];
  return new Uint8Array(
    [0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00].concat(
      section(1, vec(types)),
      section(3, vec(funcs)),
      section(5, [...uleb(1), 0x00, 0x01]),
      section(7, vec(exports)),
      section(10, vec(code)),
    ),
  );
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
