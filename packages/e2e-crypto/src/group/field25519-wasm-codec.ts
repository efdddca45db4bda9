/**
 * Function bodies of the WebAssembly field module (assembled in field25519-wasm-code.ts) for
 * ristretto255 decoding and encoding (RFC 9496 §4.3.1, §4.3.2) entirely in WebAssembly: byte
 * unpacking and packing, the canonical reduction ("freeze"), CT_EQ, IS_NEGATIVE, CT_SELECT,
 * CT_ABS and SQRT_RATIO_M1 (§4.2), and encoding's formula (decoding's: field25519-wasm-decode.ts).
 *
 * Timing: the helpers and `encode` are a fixed sequence of operations for any input (flags become
 * all-ones or all-zero masks; no branch on data), so encoding a secret-derived point stays
 * branch-free. `decode` works on public bytes and returns as soon as a check fails (variable
 * time, as RFC 9496 allows for public data).
 * @module
 */
import { at, emitter, FN, LAYOUT, plus, POS, WIDTH } from './field25519-wasm-layout.js';
import { op } from './wasm-emitter.js';

const slot = (base: number) => (k: number) => at(base + 80 * k);
const CT = slot(LAYOUT.CT);

/** Emits a carry from limb `from` to limb `to` (×19 when wrapping) on limb locals L. */
function carryStep(
  code: number[],
  L: (i: number) => number,
  tmp: number,
  from: number,
  to: number,
  wrap: boolean,
) {
  const w = WIDTH[from]!;
  code.push(...op.localGet(L(from)), ...op.i64Const(w), ...op.i64ShrS, ...op.localSet(tmp));
  code.push(...op.localGet(L(from)), ...op.i64Const((1 << w) - 1), ...op.i64And, ...op.localSet(L(from)));
  if (to < 0) return;
  code.push(...op.localGet(L(to)), ...op.localGet(tmp));
  if (wrap) code.push(...op.i64Const(19), ...op.i64Mul);
  code.push(...op.i64Add, ...op.localSet(L(to)));
}

/**
 * freeze(out, a): the canonical limbs of a mod p (value in [0, p), every limb within its width).
 * After a carry pass h < 2p; q = ⌊(h + 19)/2^255⌋ ∈ {0, 1} by a carry chain over h + 19; then
 * h + 19q − q·2^255 (add 19q, carry, drop bit 255). Locals: limbs 2..11, q/carry 12.
 */
export function freezeBody(): number[] {
  const L = (i: number) => 2 + i;
  const Q = 12;
  const code: number[] = [];
  for (let i = 0; i < 10; i++) code.push(...op.localGet(1), ...op.i64Load(8 * i), ...op.localSet(L(i)));
  for (let i = 0; i < 9; i++) carryStep(code, L, Q, i, i + 1, false);
  carryStep(code, L, Q, 9, 0, true);
  carryStep(code, L, Q, 0, 1, false);
  code.push(
    ...op.localGet(L(0)),
    ...op.i64Const(19),
    ...op.i64Add,
    ...op.i64Const(26),
    ...op.i64ShrS,
    ...op.localSet(Q),
  );
  for (let i = 1; i < 10; i++)
    code.push(
      ...op.localGet(L(i)),
      ...op.localGet(Q),
      ...op.i64Add,
      ...op.i64Const(WIDTH[i]!),
      ...op.i64ShrS,
      ...op.localSet(Q),
    );
  code.push(
    ...op.localGet(L(0)),
    ...op.localGet(Q),
    ...op.i64Const(19),
    ...op.i64Mul,
    ...op.i64Add,
    ...op.localSet(L(0)),
  );
  for (let i = 0; i < 9; i++) carryStep(code, L, Q, i, i + 1, false);
  carryStep(code, L, Q, 9, -1, false); // bit 255 (= q) dropped
  for (let i = 0; i < 10; i++) code.push(...op.localGet(0), ...op.localGet(L(i)), ...op.i64Store(8 * i));
  return code;
}

/** pack(out, a): the 32 little-endian bytes of a mod p (canonical) at byte offset out. */
export function packBody(): number[] {
  const code: number[] = [];
  const e = emitter(code);
  e.freeze(CT(0), op.localGet(1));
  for (let k = 0; k < 4; k++) {
    code.push(...op.localGet(0));
    let first = true;
    for (let i = 0; i < 10; i++) {
      const lo = POS[i]!;
      const hi = lo + WIDTH[i]!;
      if (hi <= 64 * k || lo >= 64 * (k + 1)) continue;
      code.push(...op.i32Const(LAYOUT.CT), ...op.i64Load(8 * i));
      if (lo >= 64 * k) {
        if (lo > 64 * k) code.push(...op.i64Const(lo - 64 * k), ...op.i64Shl);
      } else code.push(...op.i64Const(64 * k - lo), ...op.i64ShrU);
      if (!first) code.push(...op.i64Or);
      first = false;
    }
    code.push(...op.i64StoreU(8 * k));
  }
  return code;
}

/**
 * unpack(out, in): limbs of the 32 little-endian bytes at `in`, bit 255 ignored (the value is
 * then < 2^255, not necessarily < p). Reads 8 bytes at in + 28: the 4 bytes after the string
 * must be readable memory (their bits are masked off).
 */
export function unpackBody(): number[] {
  const code: number[] = [];
  for (let i = 0; i < 10; i++) {
    code.push(...op.localGet(0), ...op.localGet(1), ...op.i64LoadU(POS[i]! >> 3));
    if (POS[i]! & 7) code.push(...op.i64Const(POS[i]! & 7), ...op.i64ShrU);
    code.push(...op.i64Const((1 << WIDTH[i]!) - 1), ...op.i64And, ...op.i64Store(8 * i));
  }
  return code;
}

/** eq(a, b) → 1 when a ≡ b (mod p), else 0 (CT_EQ): both frozen, limbs compared by XOR/OR. */
export function eqBody(): number[] {
  const code: number[] = [];
  const e = emitter(code);
  e.freeze(CT(1), op.localGet(0));
  e.freeze(CT(2), op.localGet(1));
  for (let i = 0; i < 10; i++) {
    code.push(...op.i32Const(LAYOUT.CT + 80), ...op.i64Load(8 * i));
    code.push(...op.i32Const(LAYOUT.CT + 160), ...op.i64Load(8 * i), ...op.i64Xor);
    if (i > 0) code.push(...op.i64Or);
  }
  code.push(...op.i64Eqz);
  return code;
}

/** isneg(a) → IS_NEGATIVE(a): the low bit of a's canonical value (RFC 9496 §4.1). */
export function isnegBody(): number[] {
  const code: number[] = [];
  emitter(code).freeze(CT(3), op.localGet(0));
  code.push(
    ...op.i32Const(LAYOUT.CT + 240),
    ...op.i64Load(0),
    ...op.i64Const(1),
    ...op.i64And,
    ...op.i32WrapI64,
  );
  return code;
}

/**
 * csel(out, a, b, flag) → CT_SELECT(a IF flag ELSE b) for flag ∈ {0, 1}: out = b ⊕ ((a ⊕ b) ∧ −flag),
 * limb by limb (out may alias a or b). Local 4: the mask.
 */
export function cselBody(): number[] {
  const code: number[] = [
    ...op.i64Const(0),
    ...op.localGet(3),
    ...op.i64ExtendI32U,
    ...op.i64Sub,
    ...op.localSet(4),
  ];
  for (let i = 0; i < 10; i++) {
    code.push(...op.localGet(0), ...op.localGet(2), ...op.i64Load(8 * i));
    code.push(...op.localGet(1), ...op.i64Load(8 * i), ...op.localGet(2), ...op.i64Load(8 * i), ...op.i64Xor);
    code.push(...op.localGet(4), ...op.i64And, ...op.i64Xor, ...op.i64Store(8 * i));
  }
  return code;
}

/** cabs(out, a) → CT_ABS(a): −a if IS_NEGATIVE(a), else a (out may alias a). */
export function cabsBody(): number[] {
  const code: number[] = [];
  const e = emitter(code);
  e.sub(CT(4), at(LAYOUT.ZERO), op.localGet(1));
  code.push(...op.localGet(0), ...CT(4), ...op.localGet(1));
  e.isneg(op.localGet(1));
  code.push(...op.call(FN.csel));
  return code;
}

/**
 * sqrtratio(out, u, v) → was_square: SQRT_RATIO_M1(u, v) of RFC 9496 §4.2, r at out
 * (non-negative). Branch-free. Locals: correct 3, flipped 4, flipped_i 5 (i32).
 */
export function sqrtRatioBody(): number[] {
  const S = slot(LAYOUT.SQRT);
  const [out, u, v] = [op.localGet(0), op.localGet(1), op.localGet(2)];
  const code: number[] = [];
  const e = emitter(code);
  e.sq(S(0), v);
  e.mul(S(0), S(0), v); // v³
  e.sq(S(1), S(0));
  e.mul(S(1), S(1), v); // v⁷
  e.mul(S(2), u, S(1));
  e.pow(S(2), S(2)); // (u·v⁷)^((p−5)/8)
  e.mul(S(3), u, S(0));
  e.mul(S(4), S(3), S(2)); // r = (u·v³)·(u·v⁷)^((p−5)/8)
  e.sq(S(5), S(4));
  e.mul(S(5), S(5), v); // check = v·r²
  e.eq(S(5), u);
  code.push(...op.localSet(3)); // correct
  e.sub(S(6), at(LAYOUT.ZERO), u);
  e.eq(S(5), S(6));
  code.push(...op.localSet(4)); // flipped_sign_sqrt
  e.mul(S(7), S(6), at(LAYOUT.SQRT_M1));
  e.eq(S(5), S(7));
  code.push(...op.localSet(5)); // flipped_sign_sqrt_i
  e.mul(S(6), S(4), at(LAYOUT.SQRT_M1)); // r' = SQRT_M1·r
  e.csel(S(4), S(6), S(4), [...op.localGet(4), ...op.localGet(5), ...op.i32Or]);
  e.cabs(out, S(4));
  code.push(...op.localGet(3), ...op.localGet(4), ...op.i32Or);
  return code;
}

/**
 * encode(out, p): RFC 9496 §4.3.2 of the extended point (X0, Y0, Z0, T0) at p; 32 bytes at out.
 * A fixed sequence of operations (flags as masks). Local 2: rotate (i32).
 */
export function encodeBody(): number[] {
  const E = slot(LAYOUT.CODEC);
  const [X0, Y0, Z0, T0] = [plus(1, 0), plus(1, 80), plus(1, 160), plus(1, 240)];
  const code: number[] = [];
  const e = emitter(code);
  e.add(E(0), Z0, Y0);
  e.sub(E(1), Z0, Y0);
  e.mul(E(2), E(0), E(1)); // u1 = (Z0 + Y0)·(Z0 − Y0)
  e.mul(E(3), X0, Y0); // u2
  e.sq(E(4), E(3));
  e.mul(E(4), E(4), E(2));
  e.sqrtratio(E(5), at(LAYOUT.ONE), E(4)); // invsqrt (u1·u2² is always square)
  code.push(...op.drop);
  e.mul(E(6), E(5), E(2)); // den1
  e.mul(E(7), E(5), E(3)); // den2
  e.mul(E(8), E(6), E(7));
  e.mul(E(8), E(8), T0); // z_inv
  e.mul(E(9), X0, at(LAYOUT.SQRT_M1)); // ix0
  e.mul(E(10), Y0, at(LAYOUT.SQRT_M1)); // iy0
  e.mul(E(11), E(6), at(LAYOUT.INVSQRT_A_MINUS_D)); // enchanted_denominator
  e.mul(E(0), T0, E(8));
  e.isneg(E(0));
  code.push(...op.localSet(2)); // rotate
  e.csel(E(0), E(10), X0, op.localGet(2)); // x
  e.csel(E(1), E(9), Y0, op.localGet(2)); // y
  e.csel(E(2), E(11), E(7), op.localGet(2)); // den_inv
  e.mul(E(3), E(0), E(8));
  e.sub(E(4), at(LAYOUT.ZERO), E(1));
  code.push(...E(1), ...E(4), ...E(1));
  e.isneg(E(3));
  code.push(...op.call(FN.csel)); // y = −y IF IS_NEGATIVE(x·z_inv)
  e.sub(E(3), Z0, E(1));
  e.mul(E(3), E(2), E(3)); // den_inv·(z − y)
  e.cabs(E(3), E(3));
  e.pack(op.localGet(0), E(3));
  return code;
}
