/**
 * What the parts of the WebAssembly field module share (field25519-wasm-code.ts assembles it;
 * field25519-wasm-codec.ts and field25519-wasm-points.ts emit some of its functions): the limb
 * positions, the memory layout, the function indices and emitters of calls between functions.
 * @module
 */
import { op } from './wasm-emitter.js';

/** Bit position of limb i. */
export const POS = [0, 26, 51, 77, 102, 128, 153, 179, 204, 230];
/** Bits of limb i. */
export const WIDTH = [26, 25, 26, 25, 26, 25, 26, 25, 26, 25];
/** 2p in limbs (a − b + 2p keeps every limb non-negative for normalised b). */
export const TWO_P = WIDTH.map((w, i) => (i === 0 ? 2 * ((1 << 26) - 19) : 2 * ((1 << w) - 1)));

/**
 * Memory layout (byte offsets). A field element is 10 limbs (80 bytes), an extended point 4
 * elements (320 bytes). Below POINTS: I/O of the test wrappers (0–240), pow's scratch
 * (1024–1344), constants (stored by PointArena), the point formulas' scratch (SCRATCH, 10
 * elements), the scratch of the constant-time helpers (CT), of SQRT_RATIO_M1 (SQRT), of
 * decoding/encoding (CODEC), of batch normalisation (NORM), byte staging for BigInt conversions
 * (IO), decoding input (IN, 32 bytes) and encoding output (ENC, 32 bytes), a point slot (OUT)
 * for decoded and to-be-encoded points, decoding's bytes out (XY: x, y, then the input) and
 * decoding's scratch (DEC). Callers own POINTS and above.
 */
export const LAYOUT = {
  ZERO: 1536,
  K2D: 1616,
  NEG_ONE: 1696, // p − 1, canonical limbs
  SCRATCH: 2048,
  ONE: 4096,
  D: 4176,
  SQRT_M1: 4256,
  INVSQRT_A_MINUS_D: 4336,
  TWO: 4416,
  INV_D: 4496,
  CT: 4608, // 5 elements
  SQRT: 5120, // 8 elements
  CODEC: 5760, // 13 elements
  NORM: 6800, // 9 elements
  IO: 7536, // 32 bytes (+ 8 bytes read past the end by unpack)
  IN: 7616, // 32 bytes (+ 8)
  ENC: 7680, // 32 bytes
  OUT: 7744, // one extended point
  XY: 8064, // decoding's output bytes: x, y, the input (96 bytes, + 8 read past the end)
  DEC: 8192, // decoding's scratch (20 elements)
  POINTS: 10240,
} as const;

/** Function indices, in the order of the code section. */
export const FN = {
  mul: 0,
  sqn: 1,
  pow: 2,
  carry: 3,
  add: 4,
  sub: 5,
  madd: 6,
  padd: 7,
  dbl: 8,
  sq: 9,
  freeze: 10,
  pack: 11,
  unpack: 12,
  eq: 13,
  isneg: 14,
  csel: 15,
  cabs: 16,
  sqrtratio: 17,
  decode: 18,
  encode: 19,
  inv: 20,
  normalize: 21,
  mseed: 22,
  cadd: 23,
  tocached: 24,
  recode: 25,
  buckets: 26,
  bucketsum: 27,
  decpre: 28,
  decpost: 29,
} as const;

/** An instruction sequence that pushes one i32 (an address or a flag). */
export type Addr = number[];
/** A constant address. */
export const at = (n: number): Addr => op.i32Const(n);
/** local + offset. */
export const plus = (local: number, off: number): Addr =>
  off === 0 ? op.localGet(local) : [...op.localGet(local), ...op.i32Const(off), ...op.i32Add];
/** local·stride + local(base) + offset, for arrays indexed by a loop counter. */
export const index = (i: number, stride: number, base: number, off: number): Addr => [
  ...op.localGet(i),
  ...op.i32Const(stride),
  ...op.i32Mul,
  ...op.localGet(base),
  ...op.i32Add,
  ...(off === 0 ? [] : [...op.i32Const(off), ...op.i32Add]),
];

/** Emitters of calls on `code`: each pushes its arguments and calls; i32 results stay on the stack. */
export function emitter(code: number[]) {
  const call =
    (f: number) =>
    (...args: Addr[]): void => {
      for (const a of args) code.push(...a);
      code.push(...op.call(f));
    };
  return {
    mul: call(FN.mul) as (o: Addr, a: Addr, b: Addr) => void,
    sq: call(FN.sq) as (o: Addr, a: Addr) => void,
    sqn: call(FN.sqn) as (o: Addr, a: Addr, n: Addr) => void,
    add: call(FN.add) as (o: Addr, a: Addr, b: Addr) => void,
    sub: call(FN.sub) as (o: Addr, a: Addr, b: Addr) => void,
    pow: call(FN.pow) as (o: Addr, z: Addr) => void,
    freeze: call(FN.freeze) as (o: Addr, a: Addr) => void,
    pack: call(FN.pack) as (o: Addr, a: Addr) => void,
    unpack: call(FN.unpack) as (o: Addr, a: Addr) => void,
    eq: call(FN.eq) as (a: Addr, b: Addr) => void,
    isneg: call(FN.isneg) as (a: Addr) => void,
    csel: call(FN.csel) as (o: Addr, a: Addr, b: Addr, flag: Addr) => void,
    cabs: call(FN.cabs) as (o: Addr, a: Addr) => void,
    sqrtratio: call(FN.sqrtratio) as (o: Addr, u: Addr, v: Addr) => void,
    inv: call(FN.inv) as (o: Addr, a: Addr) => void,
    /** out = a (a copy through `add a 0`, which also normalises the limbs) */
    copy: (o: Addr, a: Addr): void => call(FN.add)(o, a, at(LAYOUT.ZERO)),
  };
}
