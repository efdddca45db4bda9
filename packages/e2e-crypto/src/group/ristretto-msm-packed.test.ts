/**
 * The multi-scalar multiplication of terms kept as bytes (`Group.msmTerms`) against the plain
 * path (`ristrettoMsm` on points and BigInt scalars, and a sum of single multiplications).
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type Group, msmTerms } from './group.js';
import { ristrettoMsm, ristrettoSum, STRAUS_BELOW } from './ristretto-msm.js';
import { ristretto, type RistrettoPoint } from './ristretto255.js';

const G = ristretto;
const naive = (ps: readonly RistrettoPoint[], es: readonly bigint[]): RistrettoPoint =>
  ps.reduce((acc, p, i) => acc.add(G.exp(p, es[i]!)), G.one);

const scalar = fc.oneof(
  fc.bigInt({ min: 0n, max: G.q - 1n }),
  fc.bigInt({ min: 1n, max: (1n << 128n) - 1n }), // batch weights
  fc.bigInt({ min: -(1n << 400n), max: 1n << 400n }), // unreduced sums of exponents
  fc.constantFrom(0n, 1n, G.q - 1n, G.q, -1n, 2n * G.q + 5n),
  // the edges of the scalar's 64-bit words (each written with as many words as it needs)
  fc.constantFrom(...[64n, 128n, 192n].flatMap((k) => [(1n << k) - 1n, 1n << k, (1n << k) + 1n])),
);
// points both decoded (affine, Z = 1: kept as bytes) and computed (projective), the identity too
const point = fc.tuple(fc.bigInt({ min: 0n, max: G.q - 1n }), fc.boolean()).map(([e, viaBytes]) => {
  const p = G.gExp(e);
  return viaBytes ? G.decode(G.encode(p), 'p') : p.add(G.g).subtract(G.g);
});
/** Up to `max` terms, half the runs at least STRAUS_BELOW (Pippenger on the bytes). */
const terms = (max: number) =>
  fc.oneof(
    fc.array(fc.tuple(point, scalar), { minLength: 0, maxLength: Math.min(max, STRAUS_BELOW) }),
    fc.array(fc.tuple(point, scalar), { minLength: Math.min(max, STRAUS_BELOW), maxLength: max }),
  );

function packed(ts: readonly [RistrettoPoint, bigint][]): RistrettoPoint {
  const t = G.msmTerms!();
  for (const [p, e] of ts) t.add(p, e);
  return t.result();
}

describe('ristretto255 msmTerms (terms as bytes)', () => {
  it('exists with WebAssembly', () => {
    expect(G.msmTerms).toBeDefined();
  });
  it('equals ristrettoMsm and the sum of single multiplications, below and above the Straus threshold', () => {
    fc.assert(
      fc.property(terms(2 * STRAUS_BELOW + 10), (ts) => {
        const ps = ts.map((t) => t[0]);
        const es = ts.map((t) => t[1]);
        const expected = ristrettoMsm(ps, es, false); // BigInt Pippenger: no WebAssembly
        expect(G.equals(packed(ts), expected)).toBe(true);
        if (ts.length <= 24) expect(G.equals(naive(ps, es), expected)).toBe(true);
      }),
      { numRuns: 30, endOnFailure: true }, // no shrinking: each run is ~100 terms
    );
  });
  it('counts only non-zero terms, at the threshold exactly', () => {
    for (const n of [STRAUS_BELOW - 1, STRAUS_BELOW, STRAUS_BELOW + 1]) {
      // decoded (affine) and computed (projective) points
      const ps = Array.from({ length: n }, (_, i) =>
        i % 2 ? G.gExp(BigInt(i + 2)) : G.decode(G.encode(G.gExp(BigInt(i + 2))), 'p'),
      );
      const es = ps.map((_, i) => (i % 5 === 0 ? G.q : (1n << 127n) + BigInt(i))); // every 5th ≡ 0
      const t = G.msmTerms!();
      ps.forEach((p, i) => t.add(p, es[i]!));
      expect(t.size).toBe(ps.filter((_, i) => i % 5 !== 0).length);
      const r = t.result();
      expect(G.equals(r, ristrettoMsm(ps, es, false))).toBe(true);
      // one scalar changed: another result
      const u = G.msmTerms!();
      ps.forEach((p, i) => u.add(p, i === 1 ? es[i]! + 1n : es[i]!));
      expect(G.equals(u.result(), r)).toBe(false);
    }
  });
  it('reuses buffers between terms: big then small, and two at once interleaved', () => {
    fc.assert(
      fc.property(terms(3 * STRAUS_BELOW), terms(3 * STRAUS_BELOW), (a, b) => {
        const expA = ristrettoMsm(
          a.map((t) => t[0]),
          a.map((t) => t[1]),
          false,
        );
        const expB = ristrettoMsm(
          b.map((t) => t[0]),
          b.map((t) => t[1]),
          false,
        );
        expect(G.equals(packed(a), expA)).toBe(true);
        expect(G.equals(packed(b), expB)).toBe(true);
        const ta = G.msmTerms!();
        const tb = G.msmTerms!();
        for (let i = 0; i < Math.max(a.length, b.length); i++) {
          if (a[i]) ta.add(...a[i]!);
          if (b[i]) tb.add(...b[i]!);
        }
        expect(G.equals(tb.result(), expB)).toBe(true);
        expect(G.equals(ta.result(), expA)).toBe(true);
      }),
      { numRuns: 10, endOnFailure: true },
    );
  });
  it('terms whose scalars are all 1 are the sum of their points (one scalar 2: not)', () => {
    for (const n of [1, 2, STRAUS_BELOW - 1, STRAUS_BELOW, 2 * STRAUS_BELOW + 3]) {
      const ps = Array.from({ length: n }, (_, i) =>
        i % 3 ? G.gExp(BigInt(7 * i + 1)) : G.decode(G.encode(G.gExp(BigInt(7 * i + 1))), 'p'),
      );
      const sum = ps.reduce((a, p) => a.add(p), G.one);
      expect(G.equals(ristrettoSum(ps), sum)).toBe(true);
      expect(G.equals(packed(ps.map((p) => [p, 1n])), sum)).toBe(true);
      const twice = ps.map((p, i): [RistrettoPoint, bigint] => [p, i === n - 1 ? 2n : 1n]);
      expect(G.equals(packed(twice), sum.add(ps[n - 1]!))).toBe(true);
      expect(G.equals(packed(twice), sum)).toBe(false);
    }
  });
  it('ends with its result', () => {
    const t = G.msmTerms!();
    t.add(G.g, 3n);
    expect(G.equals(t.result(), G.gExp(3n))).toBe(true);
    expect(() => t.add(G.g, 1n)).toThrow(RangeError);
    expect(() => t.result()).toThrow(RangeError);
  });
  it('the fallback without a profile of its own (arrays and multiExp) agrees', () => {
    const plain: Group<RistrettoPoint> = { ...G, msmTerms: undefined };
    fc.assert(
      fc.property(terms(20), (ts) => {
        const t = msmTerms(plain);
        for (const [p, e] of ts) t.add(p, e);
        expect(t.size).toBe(ts.filter(([, e]) => e % G.q !== 0n).length);
        expect(G.equals(t.result(), packed(ts))).toBe(true);
        expect(() => t.result()).toThrow(RangeError);
      }),
      { numRuns: 15 },
    );
  });
});
