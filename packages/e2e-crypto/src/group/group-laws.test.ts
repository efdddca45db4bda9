/** Group laws, encodings and membership checks, for both profiles (spec/crypto.md §1). */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { PROFILES } from '../../test/profiles.js';
import { InvalidDataError } from '../errors.js';
import { randomScalar } from './scalar.js';

for (const { G, runs } of PROFILES) {
  const scalar = fc.bigInt({ min: 0n, max: G.q - 1n });
  describe(`${G.name}: group laws`, () => {
    it('g^a · g^b = g^(a+b), (g^a)^b = g^(ab), g^q = 1', () => {
      fc.assert(
        fc.property(scalar, scalar, (a, b) => {
          expect(G.equals(G.mul(G.gExp(a), G.gExp(b)), G.gExp(a + b))).toBe(true);
          expect(G.equals(G.exp(G.gExp(a), b), G.gExp(a * b))).toBe(true);
        }),
        { numRuns: runs },
      );
      expect(G.equals(G.gExp(G.q), G.one)).toBe(true);
      expect(G.equals(G.exp(G.g, 0n), G.one)).toBe(true);
    });
    it('inverse, division and identity', () => {
      fc.assert(
        fc.property(scalar, scalar, (a, b) => {
          const x = G.gExp(a);
          const y = G.gExp(b);
          expect(G.equals(G.mul(x, G.inv(x)), G.one)).toBe(true);
          expect(G.equals(G.div(G.mul(x, y), y), x)).toBe(true);
          expect(G.equals(G.mul(x, G.one), x)).toBe(true);
        }),
        { numRuns: runs },
      );
    });
    it('fixed-base tables and multi-exponentiation agree with exp', () => {
      const K = G.gExp(randomScalar(G.q));
      const table = G.fixedBase(K);
      fc.assert(
        fc.property(scalar, scalar, (a, b) => {
          expect(G.equals(table.pow(a), G.exp(K, a))).toBe(true);
          const m = G.multiExp([G.g, K], [a, b]);
          expect(G.equals(m, G.mul(G.gExp(a), G.exp(K, b)))).toBe(true);
        }),
        { numRuns: runs },
      );
      const bases = [1, 2, 3, 4, 5].map(() => G.gExp(randomScalar(G.q)));
      const exps = bases.map(() => randomScalar(G.q));
      const expected = bases.reduce((acc, b, i) => G.mul(acc, G.exp(b, exps[i]!)), G.one);
      expect(G.equals(G.multiExp(bases, exps), expected)).toBe(true);
      expect(G.equals(G.multiExp([], []), G.one)).toBe(true);
      expect(() => G.multiExp([G.g], [])).toThrow(RangeError);
    });
    it('encode/decode round-trips at the fixed length; key() identifies equal elements', () => {
      fc.assert(
        fc.property(scalar, (a) => {
          const x = G.gExp(a);
          const bytes = G.encode(x);
          expect(bytes.length).toBe(G.elementLength);
          const y = G.decode(bytes, 'x');
          expect(G.equals(x, y)).toBe(true);
          expect(G.key(x)).toBe(G.key(y));
        }),
        { numRuns: runs },
      );
    });
    it('decode rejects wrong lengths with an InvalidDataError naming the field', () => {
      for (const len of [0, 1, G.elementLength - 1, G.elementLength + 1]) {
        let err: unknown;
        try {
          G.decode(new Uint8Array(len), 'ballot.alpha');
        } catch (e) {
          err = e;
        }
        expect(err).toBeInstanceOf(InvalidDataError);
        expect((err as InvalidDataError).code).toBe('ENCODING');
        expect((err as InvalidDataError).field).toBe('ballot.alpha');
      }
    });
    it('hashToElement is deterministic, domain-separated and not the identity', () => {
      const seed = new Uint8Array([1, 2, 3]);
      const h1 = G.hashToElement(seed, 'evident test');
      expect(G.equals(h1, G.hashToElement(seed, 'evident test'))).toBe(true);
      expect(G.equals(h1, G.hashToElement(seed, 'evident other'))).toBe(false);
      expect(G.equals(h1, G.hashToElement(new Uint8Array([1, 2, 4]), 'evident test'))).toBe(false);
      expect(G.equals(h1, G.one)).toBe(false);
      expect(G.equals(G.decode(G.encode(h1), 'h'), h1)).toBe(true);
    });
  });
}
