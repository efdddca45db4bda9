/**
 * Fixed-base multiplication for ristretto255 by a comb table (spec/crypto.md §1.3).
 *
 * For a base B the table holds T[i][j] = j·2^(8i)·B for 32 windows i and digits 0 ≤ j < 256
 * (8,192 points, built with 8,160 additions, ~55 ms). e·B is then the sum of T[i][e_i] over the
 * 32 base-256 digits e_i of e: always 32 additions, none skipped (T[i][0] is the identity and
 * Edwards addition is complete), about twice as fast as noble's windowed multiplication here.
 * Algorithmically constant time like noble's precomputed multiplication: a fixed sequence of
 * operations, table entries read at secret-digit indices; BigInt arithmetic itself is not
 * constant time (spec/crypto.md §7).
 * @module
 */
import { ristretto255 } from '@noble/curves/ed25519.js';

type RistrettoPoint = InstanceType<typeof ristretto255.Point>;
const Point = ristretto255.Point;
const L = Point.Fn.ORDER;
const WINDOWS = Math.ceil(L.toString(2).length / 8); // 32

/** e·B for e reduced into [0, ℓ), from B's comb table. */
export type CombPow = (e: bigint) => RistrettoPoint;

/** Builds the comb table of `base` and returns its multiplication. */
export function combTable(base: RistrettoPoint): CombPow {
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
  return (e: bigint): RistrettoPoint => {
    let x = e % L;
    if (x < 0n) x += L;
    let r = Point.ZERO;
    for (let i = 0; i < WINDOWS; i++) {
      r = r.add(rows[i]![Number(x & 0xffn)]!);
      x >>= 8n;
    }
    return r;
  };
}
