/**
 * Field arithmetic mod p = 2^255 − 19 and Edwards point operations in WebAssembly (module
 * assembled in field25519-wasm-code.ts), for what dominates ristretto255 here: decoding and
 * encoding (RFC 9496 §4.3.1–4.3.2, entirely in WebAssembly: field25519-wasm-codec.ts), the
 * multi-scalar multiplication (normalisation, bucket passes, Straus additions:
 * field25519-wasm-points.ts, field25519-wasm-pippenger.ts), comb and variable-base
 * multiplication (ristretto-comb.ts, ristretto-exp.ts). BigInt spends most of its time
 * allocating and dividing.
 *
 * One shared instance ({@link sharedArena}) serves decoding, encoding and multi-scalar
 * multiplication (its memory from LAYOUT.POINTS up is their scratch space); each comb table gets
 * an instance of its own ({@link pointArena}), whose memory holds the table, so that tables never
 * collide with scratch space and are freed with their owner.
 *
 * When WebAssembly is unavailable (or refuses to compile synchronously, as a browser's main
 * thread does for modules over 4 KB) every export here is undefined and callers keep BigInt.
 * @module
 */
import { LAYOUT, moduleBytes } from './field25519-wasm-code.js';

export { LAYOUT } from './field25519-wasm-code.js';

const P = (1n << 255n) - 19n;
const M64 = (1n << 64n) - 1n;
/** d of edwards25519; the full addition uses k = 2d */
const D = 37095705934669439343138083508754565189542113879843219016388785533085940283555n;
/** The constants of RFC 9496 §4.1 that decoding and encoding use (checked in the tests). */
const SQRT_M1 = 19681161376707505956807079304988542015446066515923890162744021073123829784752n;
const INVSQRT_A_MINUS_D = 54469307008909316920995813868745141605393597292927456921205312896311721017578n;
/** x^(p−2) mod p in BigInt (Fermat; for constants and the odd single inversion). */
export function invertBig(x: bigint): bigint {
  let r = 1n;
  let b = x % P;
  for (let e = P - 2n; e > 0n; e >>= 1n) {
    if (e & 1n) r = (r * b) % P;
    b = (b * b) % P;
  }
  return r;
}
const INV_D = invertBig(D);

/** The module's functions; offsets are byte offsets into `mem`. */
export interface Exports {
  mul(out: number, a: number, b: number): void;
  sq(out: number, a: number): void;
  pow(out: number, z: number): void;
  madd(r: number, qp: number, qm: number, t2d: number, neg: number): void;
  padd(r: number, s: number): void;
  dbl(r: number, n: number): void;
  /** out = a + b, limbs normalised (not necessarily < p) */
  add(out: number, a: number, b: number): void;
  /** out = a − b + 2p, limbs normalised (not necessarily < p) */
  sub(out: number, a: number, b: number): void;
  /** out = a mod p, canonical limbs */
  freeze(out: number, a: number): void;
  /** the 32 little-endian bytes of a mod p at byte offset out */
  pack(out: number, a: number): void;
  /** limbs of the 32 little-endian bytes at `in` (bit 255 ignored; reads 4 bytes past the end) */
  unpack(out: number, bytes: number): void;
  /** 1 when a ≡ b (mod p) (RFC 9496 CT_EQ) */
  eq(a: number, b: number): number;
  /** IS_NEGATIVE(a) of RFC 9496 §4.1 */
  isneg(a: number): number;
  /** out = flag ? a : b, branch-free (CT_SELECT) */
  csel(out: number, a: number, b: number, flag: number): void;
  /** out = CT_ABS(a) */
  cabs(out: number, a: number): void;
  /** SQRT_RATIO_M1(u, v) of RFC 9496 §4.2: r at out, returns was_square */
  sqrtratio(out: number, u: number, v: number): number;
  /** RFC 9496 §4.3.1 of the 32 bytes at `in`: 0 and x, y (32 bytes each) at xy, or a failure status 1–5 */
  decode(xy: number, bytes: number): number;
  /** RFC 9496 §4.3.2 of the extended point at p: 32 bytes at out */
  encode(out: number, p: number): void;
  /** out = a^(p−2) */
  inv(out: number, a: number): void;
  /** batch normalisation to precomputed form (field25519-wasm-points.ts) */
  normalize(n: number, src: number, dst: number, prefix: number, affine: number): void;
  /** r ← ±Q (precomputed form) as an extended point */
  mseed(r: number, qp: number, qm: number, t2d: number, neg: number): void;
  /** R ← R ± Q, Q in cached form at q */
  cadd(r: number, q: number, neg: number): void;
  /** cached form of the extended point at p */
  tocached(out: number, p: number): void;
  /** signed base-2^c digits of n scalars (field25519-wasm-pippenger.ts); returns the top window */
  recode(n: number, sc: number, digits: number, c: number, windows: number): number;
  /** Pippenger's bucket pass of one window */
  buckets(
    n: number,
    digits: number,
    windows: number,
    win: number,
    pts: number,
    bk: number,
    used: number,
  ): void;
  /** W = ∑ j·bucket_j; returns 1 when some bucket was used */
  bucketsum(half: number, bk: number, used: number, s: number, w: number): number;
  mem: WebAssembly.Memory;
}

function compile(): WebAssembly.Module | undefined {
  try {
    if (typeof WebAssembly !== 'object') return undefined;
    return new WebAssembly.Module(moduleBytes());
  } catch {
    return undefined;
  }
}
let wasmModule = compile();

/**
 * Installs a module compiled asynchronously (`ready()`, wasm-ready.ts) when the synchronous
 * compilation above failed: arenas created from now on use it; earlier ones keep BigInt.
 */
export function installModule(m: WebAssembly.Module): void {
  wasmModule ??= m;
}

/** True when new arenas get WebAssembly. */
export function hasModule(): boolean {
  return wasmModule !== undefined;
}

/**
 * A WebAssembly instance with its own memory, and BigInt ↔ limb conversions on that memory.
 * Byte offsets address 10-limb field elements (80 bytes) and extended points (X, Y, Z, T at
 * +0, +80, +160, +240: 320 bytes). A BigInt crosses as four 64-bit words (DataView) that
 * WebAssembly splits into limbs (`unpack`) or joins from canonical limbs (`pack`): about ten
 * BigInt operations per element instead of thirty.
 */
export class PointArena {
  readonly fn: Exports;
  private limbs: BigInt64Array;
  /** The memory as bytes (renewed when the memory grows: read it after `reserve`). */
  bytes: Uint8Array;
  private view: DataView;

  constructor(fn: Exports) {
    this.fn = fn;
    this.limbs = new BigInt64Array(fn.mem.buffer);
    this.bytes = new Uint8Array(fn.mem.buffer);
    this.view = new DataView(fn.mem.buffer);
    this.store(LAYOUT.ZERO, 0n);
    this.store(LAYOUT.K2D, (2n * D) % P);
    this.store(LAYOUT.ONE, 1n);
    this.store(LAYOUT.TWO, 2n);
    this.store(LAYOUT.D, D);
    this.store(LAYOUT.INV_D, INV_D);
    this.store(LAYOUT.SQRT_M1, SQRT_M1);
    this.store(LAYOUT.NEG_ONE, P - 1n);
    this.store(LAYOUT.INVSQRT_A_MINUS_D, INVSQRT_A_MINUS_D);
  }

  /** Makes the memory at least `bytes` long. */
  reserve(bytes: number): void {
    const have = this.fn.mem.buffer.byteLength;
    if (bytes > have) {
      this.fn.mem.grow(Math.ceil((bytes - have) / 65536));
      this.limbs = new BigInt64Array(this.fn.mem.buffer);
      this.bytes = new Uint8Array(this.fn.mem.buffer);
      this.view = new DataView(this.fn.mem.buffer);
    }
  }

  /** Writes x (0 ≤ x < 2^256) as 32 little-endian bytes at byte offset `at`. */
  storeBytes(at: number, x: bigint): void {
    const v = this.view;
    v.setBigUint64(at, x & M64, true);
    v.setBigUint64(at + 8, (x >> 64n) & M64, true);
    v.setBigUint64(at + 16, (x >> 128n) & M64, true);
    v.setBigUint64(at + 24, x >> 192n, true);
  }

  /** The integer of the 32 little-endian bytes at byte offset `at`. */
  loadBytes(at: number): bigint {
    const v = this.view;
    return (
      v.getBigUint64(at, true) |
      (v.getBigUint64(at + 8, true) << 64n) |
      (v.getBigUint64(at + 16, true) << 128n) |
      (v.getBigUint64(at + 24, true) << 192n)
    );
  }

  /** Stores x (0 ≤ x < 2^255) as limbs at byte offset `at`. */
  store(at: number, x: bigint): void {
    this.storeBytes(LAYOUT.IO, x);
    this.fn.unpack(at, LAYOUT.IO);
  }

  /** The element at byte offset `at`, reduced mod p. */
  load(at: number): bigint {
    this.fn.pack(LAYOUT.IO, at);
    return this.loadBytes(LAYOUT.IO);
  }

  /** Sets the extended point at `at` to the identity (0, 1, 1, 0). */
  identity(at: number): void {
    const l = this.limbs;
    l.copyWithin(at / 8, LAYOUT.ZERO / 8, LAYOUT.ZERO / 8 + 10);
    l.copyWithin(at / 8 + 10, LAYOUT.ONE / 8, LAYOUT.ONE / 8 + 10);
    l.copyWithin(at / 8 + 20, LAYOUT.ONE / 8, LAYOUT.ONE / 8 + 10);
    l.copyWithin(at / 8 + 30, LAYOUT.ZERO / 8, LAYOUT.ZERO / 8 + 10);
  }

  /** Copies the extended point at `from` to `to`. */
  copy(to: number, from: number): void {
    this.limbs.copyWithin(to / 8, from / 8, from / 8 + 40);
  }
}

/**
 * A new instance with its own memory of at least `bytes` bytes, or undefined without
 * WebAssembly. Memory below LAYOUT.POINTS is the instance's constants and scratch space.
 */
export function pointArena(bytes = 0): PointArena | undefined {
  if (!wasmModule) return undefined;
  try {
    const arena = new PointArena(new WebAssembly.Instance(wasmModule, {}).exports as unknown as Exports);
    arena.reserve(bytes);
    return arena;
  } catch {
    return undefined; // e.g. out of memory: callers fall back to BigInt
  }
}

const shared = pointArena();

/**
 * The instance shared by decoding, encoding and multi-scalar multiplication (ristretto-decode.ts,
 * ristretto-msm.ts; memory from LAYOUT.POINTS up is the caller's scratch), or undefined without
 * WebAssembly. Single-threaded use only, like everything on one JavaScript thread.
 */
export const sharedArena: PointArena | undefined = shared;

/**
 * z^(2^252 − 3) mod p for 0 ≤ z < 2^255, in WebAssembly; undefined when WebAssembly is not
 * available (then use BigInt).
 */
export const pow22523: ((z: bigint) => bigint) | undefined = shared
  ? (z) => {
      shared.store(0, z);
      shared.fn.pow(80, 0);
      return shared.load(80);
    }
  : undefined;

/** a·b mod p in WebAssembly (for tests); undefined without WebAssembly. */
export const mulWasm: ((a: bigint, b: bigint) => bigint) | undefined = shared
  ? (a, b) => {
      shared.store(0, a);
      shared.store(80, b);
      shared.fn.mul(160, 0, 80);
      return shared.load(160);
    }
  : undefined;

/** a² mod p in WebAssembly (for tests); undefined without WebAssembly. */
export const sqWasm: ((a: bigint) => bigint) | undefined = shared
  ? (a) => {
      shared.store(0, a);
      shared.fn.sq(160, 0);
      return shared.load(160);
    }
  : undefined;
