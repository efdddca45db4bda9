/** The ristretto255 comb table agrees with noble's multiplication. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ristretto255 } from '@noble/curves/ed25519.js';
import { combTable } from './ristretto-comb.js';

const Point = ristretto255.Point;
const L = Point.Fn.ORDER;

describe('combTable', () => {
  const K = Point.BASE.multiply(123456789n);
  const pow = combTable(K);
  it('e·K for random e, 0, 1, ℓ − 1, ℓ and values above ℓ', () => {
    fc.assert(
      fc.property(fc.bigInt({ min: 1n, max: L - 1n }), (e) => {
        expect(pow(e).equals(K.multiply(e))).toBe(true);
      }),
      { numRuns: 30 },
    );
    expect(pow(0n).equals(Point.ZERO)).toBe(true);
    expect(pow(1n).equals(K)).toBe(true);
    expect(pow(L - 1n).equals(K.negate())).toBe(true);
    expect(pow(L).equals(Point.ZERO)).toBe(true);
    expect(pow(L + 5n).equals(K.multiply(5n))).toBe(true);
    expect(pow(-1n).equals(K.negate())).toBe(true);
  });
});
