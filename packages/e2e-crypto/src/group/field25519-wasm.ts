/**
 * Field arithmetic mod p = 2^255 − 19 and Edwards point additions in WebAssembly (module in
 * field25519-wasm-code.ts), for the operations that dominate ristretto255 here: the square root
 * of decoding (z^(2^252 − 3), RFC 9496 §4.2 SQRT_RATIO_M1), the bucket additions of the
 * multi-scalar multiplication (ristretto-msm.ts) and the additions of comb multiplication
 * (ristretto-comb.ts). BigInt spends most of its time allocating and dividing.
 *
 * One shared instance serves decoding and multi-scalar multiplication (its memory above
 * LAYOUT.POINTS is their scratch space); each comb table gets an instance of its own
 * ({@link pointArena}), whose memory holds the table, so that tables never collide with scratch
 * space and are freed with their owner.
 *
 * When WebAssembly is unavailable (or refuses to compile synchronously, as a browser's main
 * thread does for modules over 4 KB) every export here is undefined and callers keep BigInt.
 * @module
 */
import { LAYOUT, moduleBytes, POS, WIDTH } from './field25519-wasm-code.js';

export { LAYOUT } from './field25519-wasm-code.js';

const P = (1n << 255n) - 19n;
const MASK26 = (1n << 26n) - 1n;
const MASK25 = (1n << 25n) - 1n;
/** d of edwards25519; the full addition uses k = 2d */
const D = 37095705934669439343138083508754565189542113879843219016388785533085940283555n;

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
 * +0, +80, +160, +240: 320 bytes).
 */
export class PointArena {
  readonly fn: Exports;
  private limbs: BigInt64Array;

  constructor(fn: Exports) {
    this.fn = fn;
    this.limbs = new BigInt64Array(fn.mem.buffer);
    this.store(LAYOUT.ZERO, 0n);
    this.store(LAYOUT.K2D, (2n * D) % P);
  }

  /** Makes the memory at least `bytes` long. */
  reserve(bytes: number): void {
    const have = this.fn.mem.buffer.byteLength;
    if (bytes > have) {
      this.fn.mem.grow(Math.ceil((bytes - have) / 65536));
      this.limbs = new BigInt64Array(this.fn.mem.buffer);
    }
  }

  /** Stores x (0 ≤ x < 2^255) as limbs at byte offset `at`. */
  store(at: number, x: bigint): void {
    const l = this.limbs;
    const base = at / 8;
    for (let i = 0; i < 10; i++) l[base + i] = (x >> BigInt(POS[i]!)) & (WIDTH[i] === 26 ? MASK26 : MASK25);
  }

  /** The element at byte offset `at`, reduced mod p. */
  load(at: number): bigint {
    const l = this.limbs;
    const base = at / 8;
    let x = 0n;
    for (let i = 9; i >= 0; i--) x += l[base + i]! << BigInt(POS[i]!);
    return x % P;
  }

  /** Sets the extended point at `at` to the identity (0, 1, 1, 0). */
  identity(at: number): void {
    this.store(at, 0n);
    this.store(at + 80, 1n);
    this.store(at + 160, 1n);
    this.store(at + 240, 0n);
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

/** Stores x (0 ≤ x < 2^255) as limbs at byte offset `at` of the shared instance. */
export function store(at: number, x: bigint): void {
  shared!.store(at, x);
}

/** The element at byte offset `at` of the shared instance, reduced mod p. */
export function load(at: number): bigint {
  return shared!.load(at);
}

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

/** Point operations on extended coordinates in the shared instance (ristretto-msm.ts), or undefined. */
export const points = shared
  ? {
      madd: shared.fn.madd,
      padd: shared.fn.padd,
      dbl: shared.fn.dbl,
      reserve: (bytes: number) => shared.reserve(bytes),
      identity: (at: number) => shared.identity(at),
      copy: (to: number, from: number) => shared.copy(to, from),
    }
  : undefined;
