/**
 * Fixed-base multiplication for ristretto255 by a comb table (spec/crypto.md §1.3).
 *
 * For a base B the table holds T[i][j] = j·2^(8i)·B for 32 windows i and digits 0 ≤ j < 256
 * (8,192 points). e·B is then the sum of T[i][e_i] over the 32 base-256 digits e_i of e: always
 * 32 additions, none skipped (T[i][0] is the identity and Edwards addition is complete).
 *
 * With WebAssembly (field25519-wasm.ts) the table lives in an instance of its own, in affine
 * "precomputed" form (y+x, y−x, 2d·x·y; 240 bytes a point, 1.9 MB a table), and each addition is
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
import { ed25519, ristretto255 } from '@noble/curves/ed25519.js';
import { LAYOUT, pointArena, type PointArena } from './field25519-wasm.js';

type RistrettoPoint = InstanceType<typeof ristretto255.Point>;
const Point = ristretto255.Point;
const EdPoint = ed25519.Point;
const L = Point.Fn.ORDER;
const P = (1n << 255n) - 19n;
const D2 = (2n * ed25519.Point.CURVE().d) % P;
const WINDOWS = Math.ceil(L.toString(2).length / 8); // 32
const ENTRY = 240; // bytes of a precomputed point
const TABLE = LAYOUT.POINTS;
const RESULT = TABLE + WINDOWS * 256 * ENTRY;

/** e·B for e reduced into [0, ℓ), from B's comb table. */
export type CombPow = (e: bigint) => RistrettoPoint;

/** The Edwards representative (noble keeps it in the protected field `ep`). */
const edwardsOf = (p: RistrettoPoint): { X: bigint; Y: bigint; Z: bigint; T: bigint } =>
  (p as unknown as { ep: { X: bigint; Y: bigint; Z: bigint; T: bigint } }).ep;

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

/** x^(p−2) mod p (Fermat inverse). */
function invert(x: bigint): bigint {
  let r = 1n;
  let b = x % P;
  for (let e = P - 2n; e > 0n; e >>= 1n) {
    if (e & 1n) r = (r * b) % P;
    b = (b * b) % P;
  }
  return r;
}

/** Writes every point of `rows` in precomputed affine form into the arena (one inversion). */
function storeTable(arena: PointArena, rows: readonly RistrettoPoint[][]): void {
  const pts = rows.flat().map(edwardsOf);
  const n = pts.length;
  const prefix: bigint[] = new Array<bigint>(n);
  let acc = 1n;
  for (let i = 0; i < n; i++) {
    prefix[i] = acc;
    acc = (acc * pts[i]!.Z) % P;
  }
  let inv = invert(acc);
  for (let i = n - 1; i >= 0; i--) {
    const { X, Y, Z } = pts[i]!;
    const zi = (inv * prefix[i]!) % P;
    inv = (inv * Z) % P;
    const x = (X * zi) % P;
    const y = (Y * zi) % P;
    const at = TABLE + i * ENTRY;
    arena.store(at, (y + x) % P);
    arena.store(at + 80, (y - x + P) % P);
    arena.store(at + 160, (((x * y) % P) * D2) % P);
  }
}

/** The 32 base-256 digits of e mod ℓ, least significant first. */
function digits(e: bigint): Uint8Array {
  let x = e % L;
  if (x < 0n) x += L;
  const hex = x.toString(16).padStart(2 * WINDOWS, '0');
  const d = new Uint8Array(WINDOWS);
  for (let i = 0; i < WINDOWS; i++) d[i] = parseInt(hex.slice(hex.length - 2 * i - 2, hex.length - 2 * i), 16);
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
    const X = arena.load(RESULT);
    const Y = arena.load(RESULT + 80);
    const Z = arena.load(RESULT + 160);
    const T = arena.load(RESULT + 240);
    return new Point(new EdPoint(X, Y, Z, T));
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
  const rows = tableRows(base);
  const arena = useWasm ? pointArena(RESULT + 320) : undefined;
  if (!arena) return bigintPow(rows);
  storeTable(arena, rows);
  return wasmPow(arena);
}
