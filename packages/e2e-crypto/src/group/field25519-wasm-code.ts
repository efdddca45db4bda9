/**
 * The WebAssembly module of field25519-wasm.ts, assembled here byte by byte: arithmetic mod
 * p = 2^255 − 19 on 10 signed 64-bit limbs in radix 2^25.5 (limb i at bit ⌈25.5·i⌉, 26 and 25
 * bits alternately, Bernstein, "Curve25519: new Diffie-Hellman speed records", PKC 2006, §4), so a
 * product is 100 64-bit multiplications: a limb product a_i·b_j sits at bit ⌈25.5i⌉ + ⌈25.5j⌉,
 * which is the position of limb i + j, plus one when i and j are both odd (factor 2); products
 * beyond limb 9 wrap with 2^255 ≡ 19. This file holds the rest of the field arithmetic (pow
 * z^(2^252 − 3), add, sub, carry) and assembles the module; the other functions come from
 * field25519-wasm-products.ts (mul, sq, sqn and the carry chain), field25519-wasm-codec.ts (byte packing, canonical reduction, RFC 9496 helpers, encoding),
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
import { carryAndStore, mulBody, sqBody, sqnBody } from './field25519-wasm-products.js';
import { I32, I64, op, section, uleb, vec } from './wasm-emitter.js';

export { LAYOUT, POS, WIDTH } from './field25519-wasm-layout.js';

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
