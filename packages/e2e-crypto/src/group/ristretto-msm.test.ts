/**
 * The multi-scalar multiplication (Straus and Pippenger in WebAssembly, Pippenger in BigInt)
 * against a sum of single multiplications.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { LAYOUT, sharedArena } from './field25519-wasm.js';
import { signedDigits, windowFor, windowForScalars, wnaf } from './ristretto-msm-digits.js';
import { ristrettoMsm, ristrettoSum, STRAUS_BELOW } from './ristretto-msm.js';
import { product } from '../elgamal/elgamal.js';
import { ristretto, type RistrettoPoint } from './ristretto255.js';

const G = ristretto;
const naive = (ps: readonly RistrettoPoint[], es: readonly bigint[]): RistrettoPoint =>
  ps.reduce((acc, p, i) => acc.add(G.exp(p, es[i]!)), G.one);

const scalar = fc.oneof(
  fc.bigInt({ min: 0n, max: G.q - 1n }),
  fc.bigInt({ min: 0n, max: (1n << 128n) - 1n }), // batch weights
  fc.constantFrom(0n, 1n, G.q - 1n, G.q, -1n, 2n * G.q + 5n),
);
// points both decoded (affine, Z = 1) and computed (projective), the identity included
const point = fc.tuple(fc.bigInt({ min: 0n, max: G.q - 1n }), fc.boolean()).map(([e, viaBytes]) => {
  const p = G.gExp(e);
  return viaBytes ? G.decode(G.encode(p), 'p') : p.add(G.g).subtract(G.g);
});

describe('ristrettoMsm', () => {
  it('equals the sum of single multiplications (any sizes, zero and out-of-range scalars, repeated points)', () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(point, scalar), { minLength: 0, maxLength: 24 }), (terms) => {
        const ps = terms.map((t) => t[0]);
        const es = terms.map((t) => t[1]);
        if (ps.length > 1) {
          ps.push(ps[0]!); // a repeated base
          es.push(es[0]! + 7n);
        }
        const expected = naive(ps, es);
        expect(G.equals(ristrettoMsm(ps, es), expected)).toBe(true); // the default choice
        expect(G.equals(ristrettoMsm(ps, es, 'straus'), expected)).toBe(true);
        expect(G.equals(ristrettoMsm(ps, es, 'pippenger'), expected)).toBe(true); // WebAssembly buckets
        expect(G.equals(ristrettoMsm(ps, es, false), expected)).toBe(true); // BigInt buckets
      }),
      { numRuns: 25 },
    );
  });
  it('takes a large window on a large input (300 points) and still agrees', () => {
    const ps = Array.from({ length: 300 }, (_, i) => G.gExp(BigInt(i * 7919 + 3)));
    const es = ps.map((_, i) => (i % 2 ? (1n << 127n) + BigInt(i) : G.q - BigInt(i + 1)));
    const expected = G.gExp(ps.reduce((acc, _, i) => acc + BigInt(i * 7919 + 3) * es[i]!, 0n));
    expect(300).toBeGreaterThanOrEqual(STRAUS_BELOW); // the default is Pippenger here
    for (const method of [true, 'straus', false] as const)
      expect(G.equals(ristrettoMsm(ps, es, method), expected)).toBe(true);
    // one changed scalar changes the result
    es[5] = es[5]! + 1n;
    expect(G.equals(ristrettoMsm(ps, es), expected)).toBe(false);
    expect(G.equals(ristrettoMsm(ps, es, 'straus'), expected)).toBe(false);
  });
  it('normalises projective inputs (one inversion) and affine ones (none) alike, at the size where the method changes', () => {
    for (const n of [STRAUS_BELOW - 1, STRAUS_BELOW]) {
      const ks = Array.from({ length: n }, (_, i) => BigInt(i) * 1000003n + 17n);
      const es = ks.map((_, i) => G.q - BigInt(3 * i + 1));
      const expected = G.gExp(ks.reduce((acc, k, i) => acc + k * es[i]!, 0n));
      const projective = ks.map((k) => G.gExp(k).add(G.g).subtract(G.g));
      const affine = projective.map((p) => G.decode(G.encode(p), 'p'));
      const mixed = projective.map((p, i) => (i % 3 ? p : affine[i]!));
      for (const ps of [projective, affine, mixed]) {
        expect(G.equals(ristrettoMsm(ps, es), expected)).toBe(true);
        expect(G.equals(ristrettoMsm(ps, es, 'pippenger'), expected)).toBe(true);
      }
    }
  });
  it('the WebAssembly recoding gives the same signed digits as the JavaScript one', () => {
    const A = sharedArena!;
    fc.assert(
      fc.property(
        fc.array(
          scalar.map((e) => ((e % G.q) + G.q) % G.q),
          { minLength: 1, maxLength: 12 },
        ),
        fc.integer({ min: 2, max: 14 }),
        (sc, c) => {
          const { digits, windows, top } = signedDigits(sc, c);
          const SC = LAYOUT.POINTS;
          const DIG = SC + 40 * sc.length + 8;
          A.reserve(DIG + 4 * digits.length);
          A.bytes.fill(0, SC, DIG);
          sc.forEach((e, i) => A.storeBytes(SC + 40 * i, e));
          expect(A.fn.recode(sc.length, SC, DIG, c, windows)).toBe(top);
          expect(new Int32Array(A.fn.mem.buffer, DIG, digits.length)).toEqual(digits);
          // the digits represent the scalars
          sc.forEach((e, i) => {
            let v = 0n;
            for (let w = windows - 1; w >= 0; w--) v = (v << BigInt(c)) + BigInt(digits[i * windows + w]!);
            expect(v).toBe(e);
          });
        },
      ),
      { numRuns: 60 },
    );
  });
  it('width-5 NAFs represent the scalars with odd digits below 16 and four zeros after each', () => {
    fc.assert(
      fc.property(
        fc.array(fc.bigInt({ min: 0n, max: (1n << 256n) - 1n }), { minLength: 1, maxLength: 6 }),
        (sc) => {
          const { digits, bits, top } = wnaf(sc, 5);
          let highest = 0;
          sc.forEach((e, i) => {
            let v = 0n;
            let lastNonZero = -5;
            for (let b = 0; b < bits; b++) {
              const d = digits[i * bits + b]!;
              if (d === 0) continue;
              expect(Math.abs(d) % 2).toBe(1);
              expect(Math.abs(d)).toBeLessThan(16);
              expect(b - lastNonZero).toBeGreaterThanOrEqual(5);
              lastNonZero = b;
              highest = Math.max(highest, b + 1);
            }
            for (let b = bits - 1; b >= 0; b--) v = 2n * v + BigInt(digits[i * bits + b]!);
            expect(v).toBe(e);
          });
          expect(top).toBe(highest);
        },
      ),
      { numRuns: 100 },
    );
  });
  it('G.multiExp uses it and throws RangeError on different lengths', () => {
    expect(() => G.multiExp([G.g], [1n, 2n])).toThrow(RangeError);
    expect(() => ristrettoMsm([G.g], [])).toThrow(RangeError);
    expect(G.equals(G.multiExp([G.g, G.g], [2n, 3n]), G.gExp(5n))).toBe(true);
  });
});

describe('windowForScalars (Pippenger window by cost model)', () => {
  const batchLike = (ballots: number): bigint[] =>
    Array.from({ length: 66 * ballots }, (_, i) =>
      i % 3 === 2 ? G.q - BigInt(i) : (1n << 127n) + BigInt(i),
    );
  it('takes a narrower window than log2(n) − 2 for a batch of 128-bit weights and full scalars', () => {
    const sc = batchLike(128); // a chunk of 128 ballots: 8,448 points
    expect(windowFor(sc.length)).toBe(11);
    expect(windowForScalars(sc)).toBe(10);
  });
  it('widens with the number of points, narrows with shorter scalars, and stays within 3..14', () => {
    expect(windowForScalars(batchLike(512))).toBeGreaterThan(windowForScalars(batchLike(8)));
    const full = Array.from({ length: 5000 }, (_, i) => G.q - BigInt(i + 1));
    const short = full.map((_, i) => BigInt(i + 1)); // below 2^64
    expect(windowForScalars(short)).toBeLessThan(windowForScalars(full));
    expect(windowForScalars([1n, 1n])).toBe(3);
    expect(windowForScalars([0n])).toBe(3);
    expect(windowForScalars(Array.from({ length: 1 << 20 }, () => G.q - 1n))).toBe(14);
  });
});

describe('ristrettoSum (G.mulMany)', () => {
  it('equals repeated addition: any sizes, the identity, repeated and projective points', () => {
    fc.assert(
      fc.property(fc.array(point, { minLength: 0, maxLength: 40 }), (ps) => {
        const want = ps.reduce((a, p) => a.add(p), G.one);
        expect(ristrettoSum(ps).equals(want)).toBe(true);
        expect(product(G, ps).equals(want)).toBe(true);
      }),
      { numRuns: 40 },
    );
  });
  it('a sum of many copies of one point is that point times their number', () => {
    const p = G.gExp(12345n);
    expect(ristrettoSum(Array.from({ length: 130 }, () => p)).equals(G.exp(p, 130n))).toBe(true);
  });
  it('a different point changes the sum', () => {
    const ps = Array.from({ length: 20 }, (_, i) => G.gExp(BigInt(i + 1)));
    const a = ristrettoSum(ps);
    ps[7] = G.gExp(99n);
    expect(ristrettoSum(ps).equals(a)).toBe(false);
  });
});
