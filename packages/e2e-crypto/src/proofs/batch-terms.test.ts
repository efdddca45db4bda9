/**
 * The terms a batch hands to the multi-scalar multiplication (spec/crypto.md §4.4) are those of the
 * textbook formulas: each commitment with its weight z, each base with −Σ e·z mod q. Checked for
 * range proofs (whose w_j = v_j − j·c_j a batch takes unreduced) against the formulas in BigInt,
 * from the weights the batch drew (recorded from its commitments' terms).
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { encrypt, publicKey } from '../elgamal/elgamal.js';
import { type Group, type MsmTerms, msmTerms } from '../group/group.js';
import { ristretto, type RistrettoPoint } from '../group/ristretto255.js';
import { mod, randomScalar } from '../group/scalar.js';
import { createBatch } from './batch.js';
import { proveRange, verifyRange } from './range-proof.js';

const q = ristretto.q;
const hE = new Uint8Array(32).fill(7);

/** ristretto255 whose terms are also recorded, reduced mod q, in order. */
function recording(): { G: Group<RistrettoPoint>; terms: [RistrettoPoint, bigint][] } {
  const terms: [RistrettoPoint, bigint][] = [];
  const { msmTerms: _, ...plain } = ristretto; // arrays and multiExp
  const G: Group<RistrettoPoint> = {
    ...ristretto,
    msmTerms: (): MsmTerms<RistrettoPoint> => {
      const t = msmTerms(plain);
      return {
        add(base, e) {
          terms.push([base, mod(e, q)]);
          t.add(base, e);
        },
        get size() {
          return t.size;
        },
        result: () => t.result(),
      };
    },
  };
  return { G, terms };
}

describe('batch terms of range proofs', () => {
  it('are the commitments with their weights and each base with −Σ e·z mod q (w_j = v_j − j·c_j)', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 4 }),
        fc.nat(4),
        fc.boolean(),
        fc.boolean(),
        (R, ellRaw, fold, tamper) => {
          const { G, terms } = recording();
          const pk = publicKey(G, G.gExp(randomScalar(q)));
          const ell = ellRaw % (R + 1);
          const xi = randomScalar(q);
          const ct = encrypt(G, pk, ell, xi);
          const p = proveRange(G, hE, pk, ct, ell, xi, R);
          // a response changed after hashing: the same terms by the formulas, a false batch
          const v = tamper ? p.v.map((x, j) => (j === R ? mod(x + 1n, q) : x)) : p.v;
          const proof = { ...p, v };
          const batch = createBatch(G, [pk.K]);
          expect(verifyRange(G, hE, pk, ct, R, proof, batch)).toBe(true);
          if (fold) batch.fold();
          expect(batch.check()).toBe(!tamper);

          const got = new Map<RistrettoPoint, bigint>();
          for (const [b, e] of terms) got.set(b, mod((got.get(b) ?? 0n) + e, q));
          const za = p.a!.map((a) => got.get(a)!);
          const zb = p.b!.map((b) => got.get(b)!);
          for (const z of [...za, ...zb]) expect(z < 1n << 128n && (z & 1n) === 1n).toBe(true);
          let g = 0n;
          let alpha = 0n;
          let K = 0n;
          let beta = 0n;
          for (let j = 0; j <= R; j++) {
            const w = mod(v[j]! - BigInt(j) * p.c[j]!, q);
            g -= v[j]! * za[j]!;
            alpha -= p.c[j]! * za[j]!;
            K -= w * zb[j]!;
            beta -= p.c[j]! * zb[j]!;
          }
          expect(got.get(G.g)).toBe(mod(g, q));
          expect(got.get(pk.K)).toBe(mod(K, q));
          expect(got.get(ct.alpha)).toBe(mod(alpha, q));
          expect(got.get(ct.beta)).toBe(mod(beta, q));
          // nothing else: the 2(R + 1) commitments and the four bases, each once
          expect(terms.length).toBe(2 * (R + 1) + 4);
          expect(got.size).toBe(2 * (R + 1) + 4);
        },
      ),
      { numRuns: 25 },
    );
  });
});
