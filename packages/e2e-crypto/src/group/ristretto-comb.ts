/**
 * Fixed-base multiplication for ristretto255 by a comb table (spec/crypto.md §1.3).
 *
 * For a base B the table holds T[i][j] = j·2^(8i)·B for 32 windows i and digits 0 ≤ j < 256
 * (8,192 points). e·B is then the sum of T[i][e_i] over the 32 base-256 digits e_i of e: always
 * 32 additions, none skipped (T[i][0] is the identity and Edwards addition is complete).
 *
 * With WebAssembly (field25519-wasm.ts) the table is built and kept in an instance of its own, in
 * affine "precomputed" form (y+x, y−x, 2d·x·y; 240 bytes a point, 1.9 MB a table; one inversion
 * per window), and each addition is
 * a mixed addition of 7 field multiplications in WebAssembly; the result is converted back to a
 * noble point once. Without WebAssembly the table holds noble points and the additions are
 * noble's (BigInt).
 *
 * Timing: a fixed sequence of 32 additions whatever the scalar; the WebAssembly additions have no
 * branch on data and use 64-bit multiplications; but the table entries are read at secret-digit
 * indices (cache timing), and the scalar's digits and the result pass through BigInt, which is
 * not constant time (spec/crypto.md §7).
 * @module
 */
import { ristretto255 } from '@noble/curves/ed25519.js';
import { invertBig, LAYOUT, pointArena, type PointArena } from './field25519-wasm.js';
import { loadPoint, storePoint } from './ristretto-edwards.js';

type RistrettoPoint = InstanceType<typeof ristretto255.Point>;
const Point = ristretto255.Point;
const L = Point.Fn.ORDER;
const WINDOWS = Math.ceil(L.toString(2).length / 8); // 32
const ENTRY = 240; // bytes of a precomputed point
const TABLE = LAYOUT.POINTS;
const RESULT = TABLE + WINDOWS * 256 * ENTRY;

/** e·B for e reduced into [0, ℓ), from B's comb table. */
export type CombPow = (e: bigint) => RistrettoPoint;

/** The rows j·2^(8i)·B, j = 0..255, as noble points. */
function tableRows(base: RistrettoPoint): RistrettoPoint[][] {
  const rows: RistrettoPoint[][] = [];
  let b = base;
  for (let i = 0; i < WINDOWS; i++) {
    const row: RistrettoPoint[] = new Array<RistrettoPoint>(256);
    row[0] = Point.ZERO;
    row[1] = b;
    for (let j = 2; j < 256; j++) row[j] = row[j - 1]!.add(b);
    rows.push(row);
    b = row[255]!.add(b); // 2^(8(i+1))·B
  }
  return rows;
}

/** Scratch space of the WebAssembly build, after the result slot: one window at a time. */
const ROW = RESULT + 320; // 256 extended points
const PREFIX = ROW + 256 * 320; // 256 prefix products
const BASE = PREFIX + 256 * 80; // the window's base 2^(8i)·B, extended
const INV = BASE + 320; // field element scratch
const ZI = INV + 80;
const AX = ZI + 80;
const AY = AX + 80;
const XY = AY + 80;
const ARENA_BYTES = XY + 80;

/**
 * Builds the table in the arena: per window, the 256 multiples by additions in extended
 * coordinates, then their affine precomputed form with one inversion (Montgomery's trick).
 */
function buildTable(arena: PointArena, base: RistrettoPoint): void {
  const { padd, mul, add, sub } = arena.fn;
  storePoint(arena, BASE, base);
  for (let i = 0; i < WINDOWS; i++) {
    const slot = (j: number) => ROW + 320 * j;
    arena.identity(slot(0));
    arena.copy(slot(1), BASE);
    for (let j = 2; j < 256; j++) {
      arena.copy(slot(j), slot(j - 1));
      padd(slot(j), BASE);
    }
    // prefix[j] = Z_0 ⋯ Z_{j−1}; INV = (Z_0 ⋯ Z_255)^−1
    arena.store(PREFIX, 1n);
    for (let j = 1; j < 256; j++) mul(PREFIX + 80 * j, PREFIX + 80 * (j - 1), slot(j - 1) + 160);
    mul(INV, PREFIX + 80 * 255, slot(255) + 160);
    arena.store(INV, invertBig(arena.load(INV)));
    for (let j = 255; j >= 0; j--) {
      const q = slot(j);
      mul(ZI, INV, PREFIX + 80 * j); // Z_j^−1
      mul(INV, INV, q + 160); // (Z_0 ⋯ Z_{j−1})^−1
      mul(AX, q, ZI);
      mul(AY, q + 80, ZI);
      const at = TABLE + (i * 256 + j) * ENTRY;
      add(at, AY, AX);
      sub(at + 80, AY, AX);
      mul(XY, AX, AY);
      mul(at + 160, XY, LAYOUT.K2D);
    }
    // next window's base: 256·2^(8i)·B = 255·2^(8i)·B + 2^(8i)·B
    padd(slot(255), BASE);
    arena.copy(BASE, slot(255));
  }
}

/** The 32 base-256 digits of e mod ℓ, least significant first. */
function digits(e: bigint): Uint8Array {
  let x = e % L;
  if (x < 0n) x += L;
  const hex = x.toString(16).padStart(2 * WINDOWS, '0');
  const d = new Uint8Array(WINDOWS);
  for (let i = 0; i < WINDOWS; i++)
    d[i] = parseInt(hex.slice(hex.length - 2 * i - 2, hex.length - 2 * i), 16);
  return d;
}

/** Multiplication from a table in WebAssembly memory. */
function wasmPow(arena: PointArena): CombPow {
  const { madd } = arena.fn;
  return (e: bigint): RistrettoPoint => {
    const d = digits(e);
    arena.identity(RESULT);
    for (let i = 0; i < WINDOWS; i++) {
      const q = TABLE + (i * 256 + d[i]!) * ENTRY;
      madd(RESULT, q, q + 80, q + 160, 0);
    }
    return loadPoint(arena, RESULT);
  };
}

/** Multiplication from a table of noble points. */
function bigintPow(rows: readonly RistrettoPoint[][]): CombPow {
  return (e: bigint): RistrettoPoint => {
    const d = digits(e);
    let r = Point.ZERO;
    for (let i = 0; i < WINDOWS; i++) r = r.add(rows[i]![d[i]!]!);
    return r;
  };
}

/**
 * Builds the comb table of `base` and returns its multiplication.
 * @param useWasm - additions in WebAssembly when available (default); false: noble (BigInt)
 */
export function combTable(base: RistrettoPoint, useWasm = true): CombPow {
  const arena = useWasm ? pointArena(ARENA_BYTES) : undefined;
  if (!arena) return bigintPow(tableRows(base));
  buildTable(arena, base);
  return wasmPow(arena);
}
