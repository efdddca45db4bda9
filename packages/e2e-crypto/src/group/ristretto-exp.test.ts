/** Variable-base multiplication in WebAssembly agrees with noble's. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ristretto255 } from '@noble/curves/ed25519.js';
import { ristrettoExp } from './ristretto-exp.js';

const Point = ristretto255.Point;
const L = Point.Fn.ORDER;

describe('ristrettoExp', () => {
  it('runs in WebAssembly on Node', () => {
    expect(ristrettoExp(Point.BASE, 5n)).toBeDefined();
  });
  it('e·P equals noble for random P and e (encodings too)', () => {
    fc.assert(
      fc.property(fc.bigInt({ min: 1n, max: L - 1n }), fc.bigInt({ min: 1n, max: L - 1n }), (k, e) => {
        const P = Point.BASE.multiply(k);
        const r = ristrettoExp(P, e)!;
        expect(r.toHex()).toBe(P.multiply(e).toHex());
      }),
      { numRuns: 40 },
    );
  });
  it('edge scalars: 0, 1, 15, 16, ℓ − 1, ℓ, ℓ + 2, −1, 2^255', () => {
    const P = Point.BASE.multiply(987654321n);
    expect(ristrettoExp(P, 0n)!.equals(Point.ZERO)).toBe(true);
    expect(ristrettoExp(P, L)!.equals(Point.ZERO)).toBe(true);
    for (const e of [1n, 15n, 16n, 255n, L - 1n, L + 2n, -1n, 1n << 255n]) {
      const m = ((e % L) + L) % L;
      expect(ristrettoExp(P, e)!.equals(m === 0n ? Point.ZERO : P.multiply(m))).toBe(true);
    }
  });
  it('the identity and the base point as P', () => {
    expect(ristrettoExp(Point.ZERO, 12345n)!.equals(Point.ZERO)).toBe(true);
    expect(ristrettoExp(Point.BASE, 12345n)!.equals(Point.BASE.multiply(12345n))).toBe(true);
  });
});
