/** The ristretto255 comb table agrees with noble's multiplication, in WebAssembly and in BigInt. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ristretto255 } from '@noble/curves/ed25519.js';
import { combTable } from './ristretto-comb.js';
import { pointArena } from './field25519-wasm.js';

const Point = ristretto255.Point;
const L = Point.Fn.ORDER;

describe.each([
  ['WebAssembly', true],
  ['BigInt', false],
])('combTable (%s)', (_name, useWasm) => {
  const K = Point.BASE.multiply(123456789n);
  const pow = combTable(K, useWasm);
  it('e·K for random e, 0, 1, ℓ − 1, ℓ and values above ℓ', () => {
    fc.assert(
      fc.property(fc.bigInt({ min: 1n, max: L - 1n }), (e) => {
        const r = pow(e);
        expect(r.equals(K.multiply(e))).toBe(true);
        expect(r.toHex()).toBe(K.multiply(e).toHex());
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
  it('every digit of every window: e = j·256^i', () => {
    for (let i = 0; i < 32; i += 7) {
      for (const j of [1n, 2n, 127n, 128n, 254n, 255n]) {
        const e = (j << BigInt(8 * i)) % L;
        expect(pow(e).equals(K.multiply(e))).toBe(true);
      }
    }
  });
});

describe('comb tables in WebAssembly', () => {
  it('are in use on Node (the fast path is the tested path)', () => {
    expect(pointArena()).toBeDefined();
  });
  it('two tables do not share memory', () => {
    const A = Point.BASE.multiply(7n);
    const B = Point.BASE.multiply(11n);
    const pa = combTable(A);
    const pb = combTable(B);
    expect(pa(5n).equals(A.multiply(5n))).toBe(true);
    expect(pb(5n).equals(B.multiply(5n))).toBe(true);
    expect(pa(9n).equals(A.multiply(9n))).toBe(true);
  });
});
