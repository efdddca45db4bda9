/**
 * Variable-base multiplication e·P for ristretto255 in WebAssembly (spec/crypto.md §1.3): the
 * `exp` of the profile — partial decryptions α^s, Chaum–Pedersen commitments, shared secrets.
 *
 * Fixed 4-bit windows: the table T[j] = j·P, j = 0..15, is built with 14 additions; then
 * R = T[e_63] and, for each lower digit, R ← 16·R + T[e_i]: always 252 doublings and 63 additions
 * (T[0] is the identity and the formulas are complete, so no digit is skipped), in extended
 * coordinates in WebAssembly (field25519-wasm.ts). About ten times noble's `multiply` here.
 *
 * Timing: the same property as the comb tables (ristretto-comb.ts) — a fixed sequence of
 * operations whatever the scalar, table entries read at secret-digit indices (cache timing), and
 * the digits and the result pass through BigInt (spec/crypto.md §7).
 * @module
 */
import { ristretto255 } from '@noble/curves/ed25519.js';
import { LAYOUT, pointArena, type PointArena } from './field25519-wasm.js';
import { loadPoint, storePoint } from './ristretto-edwards.js';

type RistrettoPoint = InstanceType<typeof ristretto255.Point>;
const Point = ristretto255.Point;
const L = Point.Fn.ORDER;
const DIGITS = 64; // 4-bit digits of a scalar < 2^256
const TABLE = LAYOUT.POINTS; // T[j] at TABLE + 320·j
const R = TABLE + 16 * 320;
const BYTES = R + 320;

let arena: PointArena | undefined | null = null;

/** The 64 hexadecimal digits of e mod ℓ, most significant first. */
function nibbles(e: bigint): string {
  let x = e % L;
  if (x < 0n) x += L;
  return x.toString(16).padStart(DIGITS, '0');
}

/** e·P in WebAssembly. */
function expWasm(a: PointArena, p: RistrettoPoint, e: bigint): RistrettoPoint {
  const { padd, dbl } = a.fn;
  a.identity(TABLE);
  storePoint(a, TABLE + 320, p);
  for (let j = 2; j < 16; j++) {
    a.copy(TABLE + 320 * j, TABLE + 320 * (j - 1));
    padd(TABLE + 320 * j, TABLE + 320);
  }
  const d = nibbles(e);
  a.copy(R, TABLE + 320 * parseInt(d[0]!, 16));
  for (let i = 1; i < DIGITS; i++) {
    dbl(R, 4);
    padd(R, TABLE + 320 * parseInt(d[i]!, 16));
  }
  return loadPoint(a, R);
}

/**
 * e·P for any bigint e (reduced mod ℓ; 0 gives the identity) in WebAssembly, or undefined when
 * WebAssembly is unavailable (callers use noble's `multiply`).
 */
export function ristrettoExp(p: RistrettoPoint, e: bigint): RistrettoPoint | undefined {
  if (arena === null) arena = pointArena(BYTES);
  return arena ? expWasm(arena, p, e) : undefined;
}
