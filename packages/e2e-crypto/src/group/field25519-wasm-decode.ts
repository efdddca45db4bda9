/**
 * Function bodies of the WebAssembly field module (assembled in field25519-wasm-code.ts) for
 * ristretto255 decoding (RFC 9496 §4.3.1): the bytes are unpacked, checked and computed in
 * WebAssembly, and x and y come out as canonical 32-byte strings.
 *
 * Decoding's cost is SQRT_RATIO_M1(1, v·u2²): the exponentiation (~254 squarings, the function
 * `pow`) and around it the formulas and checks, specialised here for u = 1 (RFC 9496's decoding
 * always passes u = 1): no product by u, and the comparisons of check = v·r² with 1 and −1 reduce
 * check once and compare its canonical limbs with constants stored canonical (LAYOUT.ONE,
 * NEG_ONE), where CT_EQ would reduce both sides each time.
 *
 * Timing: decoding handles public bytes and returns at the first failed check (variable time, as
 * RFC 9496 allows for public data); the formulas themselves are a fixed sequence of operations.
 * @module
 */
import { type Addr, at, emitter, FN, LAYOUT, plus } from './field25519-wasm-layout.js';
import { op } from './wasm-emitter.js';

/** Decoding's scratch: element k at LAYOUT.DEC + 80k (20 elements). */
const S = (k: number): Addr => at(LAYOUT.DEC + 80 * k);

/** Pushes 1 when the canonical limbs at a and b are equal, else 0 (both already reduced). */
function limbsEqual(code: number[], a: Addr, b: Addr): void {
  for (let i = 0; i < 10; i++) {
    code.push(...a, ...op.i64Load(8 * i), ...b, ...op.i64Load(8 * i), ...op.i64Xor);
    if (i > 0) code.push(...op.i64Or);
  }
  code.push(...op.i64Eqz);
}

/** Pushes `status` and returns when the i32 on the stack is non-zero. */
const failIf = (code: number[], status: number) =>
  code.push(...op.if, ...op.i32Const(status), ...op.return, ...op.end);

/**
 * decpre(in) → status: RFC 9496 §4.3.1 up to the exponentiation, on the 32 bytes at `in`: 0 and
 * z = w⁷ at slot 8, the input of z^((p−5)/8), or status 1 (s not canonical: s ≥ p or bit 255
 * set) or 2 (s negative). Slots: 0 s, 1 s², 2 u1, 3 u2, 4 u2², 5 v, 6 w = v·u2², 7 w³, 8 w⁷; the
 * bytes of s re-encoded at slot 19.
 */
export function decpreBody(): number[] {
  const code: number[] = [];
  const e = emitter(code);
  e.unpack(S(0), op.localGet(0));
  e.pack(S(19), S(0)); // canonical: packing s mod p gives back the input bytes
  for (let k = 0; k < 4; k++) {
    code.push(...op.localGet(0), ...op.i64LoadU(8 * k), ...S(19), ...op.i64LoadU(8 * k), ...op.i64Xor);
    if (k > 0) code.push(...op.i64Or);
  }
  code.push(...op.i64Eqz, ...op.i32Eqz);
  failIf(code, 1);
  code.push(...S(0), ...op.i64Load(0), ...op.i64Const(1), ...op.i64And, ...op.i32WrapI64);
  failIf(code, 2);
  e.sq(S(1), S(0)); // ss = s²
  e.sub(S(2), at(LAYOUT.ONE), S(1)); // u1 = 1 − ss
  e.add(S(3), at(LAYOUT.ONE), S(1)); // u2 = 1 + ss
  e.sq(S(4), S(3)); // u2_sqr
  e.sq(S(5), S(2));
  e.mul(S(5), S(5), at(LAYOUT.D));
  e.sub(S(5), at(LAYOUT.ZERO), S(5));
  e.sub(S(5), S(5), S(4)); // v = −(D·u1²) − u2_sqr
  e.mul(S(6), S(5), S(4)); // w: (was_square, invsqrt) = SQRT_RATIO_M1(1, w)
  e.sq(S(7), S(6));
  e.mul(S(7), S(7), S(6)); // w³ (= u·w³)
  e.sq(S(8), S(7));
  e.mul(S(8), S(8), S(6)); // w⁷ (= u·w⁷)
  code.push(...op.i32Const(0));
  return code;
}

/**
 * decpost(xy) → status: the rest of RFC 9496 §4.3.1 once slot 9 holds w⁷^((p−5)/8): SQRT_RATIO_M1
 * (§4.2) with u = 1, the coordinates and the checks; status 0 and x, y (32 canonical bytes each)
 * at xy, or 3 (not square), 4 (t negative), 5 (y = 0). SQRT_RATIO_M1 also multiplies r by √−1
 * when check = −u·√−1 (flipped_sign_sqrt_i), but then was_square is false and decoding fails
 * with status 3 whatever r is: that case needs no comparison here. Locals: correct 1, flipped 2.
 */
export function decpostBody(): number[] {
  const code: number[] = [];
  const e = emitter(code);
  e.mul(S(10), S(7), S(9)); // r = (u·w³)·(u·w⁷)^((p−5)/8)
  e.sq(S(11), S(10));
  e.mul(S(11), S(11), S(6)); // check = w·r²
  e.freeze(S(12), S(11));
  limbsEqual(code, S(12), at(LAYOUT.ONE));
  code.push(...op.localSet(1)); // correct_sign_sqrt: check = u
  limbsEqual(code, S(12), at(LAYOUT.NEG_ONE));
  code.push(...op.localSet(2)); // flipped_sign_sqrt: check = −u
  e.mul(S(14), S(10), at(LAYOUT.SQRT_M1)); // r' = SQRT_M1·r
  e.csel(S(10), S(14), S(10), op.localGet(2)); // (flipped_sign_sqrt_i: see above)
  e.cabs(S(15), S(10)); // invsqrt = CT_ABS(r)
  code.push(...op.localGet(1), ...op.localGet(2), ...op.i32Or, ...op.i32Eqz);
  failIf(code, 3); // was_square = correct ∨ flipped
  e.mul(S(16), S(15), S(3)); // den_x = invsqrt·u2
  e.mul(S(17), S(15), S(16));
  e.mul(S(17), S(17), S(5)); // den_y = invsqrt·den_x·v
  e.add(S(18), S(0), S(0));
  e.mul(S(18), S(18), S(16));
  e.cabs(S(18), S(18)); // x = CT_ABS(2·s·den_x)
  e.mul(S(19), S(2), S(17)); // y = u1·den_y
  e.mul(S(11), S(18), S(19)); // t = x·y
  e.isneg(S(11));
  failIf(code, 4);
  e.freeze(S(12), S(19));
  limbsEqual(code, S(12), at(LAYOUT.ZERO));
  failIf(code, 5);
  e.pack(op.localGet(0), S(18));
  e.pack(plus(0, 32), S(19));
  code.push(...op.i32Const(0));
  return code;
}

/**
 * decode(xy, in) → status: RFC 9496 §4.3.1 of the 32 bytes at `in` (reads 4 bytes past them):
 * status 0 and x, y (32 canonical bytes each) at xy, or 1 (s not canonical: s ≥ p or bit 255
 * set), 2 (s negative), 3 (not square), 4 (t negative), 5 (y = 0).
 */
export function decodeBody(): number[] {
  const code: number[] = [...op.localGet(1), ...op.call(FN.decpre), ...op.localTee(2)];
  code.push(...op.if, ...op.localGet(2), ...op.return, ...op.end);
  code.push(...at(LAYOUT.DEC + 720), ...at(LAYOUT.DEC + 640), ...op.call(FN.pow)); // slot 9 = slot 8^((p−5)/8)
  code.push(...op.localGet(0), ...op.call(FN.decpost));
  return code;
}
