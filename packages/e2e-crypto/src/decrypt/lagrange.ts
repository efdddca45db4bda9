/**
 * Lagrange coefficients for the set U of available guardians (EG 2.0 §3.6.2 eq 67;
 * spec/key-ceremony.md §8).
 * @module
 */
import { invMod, mod } from '../group/scalar.js';

/**
 * w_i = ∏_{ℓ ∈ U∖{i}} ℓ / (ℓ − i) mod q for every i ∈ U (eq 67).
 * @param U - the coordinates of the available guardians: distinct positive integers
 * @returns a map from coordinate to w_i
 * @throws {RangeError} if U is empty or has a repeated or non-positive coordinate
 */
export function lagrangeCoefficients(q: bigint, U: readonly number[]): Map<number, bigint> {
  if (U.length === 0) throw new RangeError('lagrangeCoefficients: U is empty');
  const seen = new Set<number>();
  for (const i of U) {
    if (!Number.isSafeInteger(i) || i < 1) throw new RangeError(`lagrangeCoefficients: bad coordinate ${i}`);
    if (seen.has(i)) throw new RangeError(`lagrangeCoefficients: coordinate ${i} repeated`);
    seen.add(i);
  }
  const w = new Map<number, bigint>();
  for (const i of U) {
    let num = 1n;
    let den = 1n;
    for (const l of U) {
      if (l === i) continue;
      num = mod(num * BigInt(l), q);
      den = mod(den * BigInt(l - i), q);
    }
    w.set(i, mod(num * invMod(den, q), q));
  }
  return w;
}
