/**
 * Schnorr, Chaum–Pedersen and range proofs in both forms: honest proofs verify; changing any single
 * component, the statement or the context hash makes verification fail (spec/crypto.md §4).
 */
import { randomBytes } from '@noble/hashes/utils.js';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { PROFILES } from '../../test/profiles.js';
import { encrypt, publicKey } from '../elgamal/elgamal.js';
import type { Group } from '../group/group.js';
import { mod, randomScalar } from '../group/scalar.js';
import { domain, H } from '../hash/hash.js';
import { POOL_WEIGHTS, batchWeight, createBatch } from './batch.js';
import { proveChaumPedersen, verifyChaumPedersen, type DleqStatement } from './chaum-pedersen.js';
import { proveRange, verifyRange, type RangeProof } from './range-proof.js';
import { proveSchnorr, verifySchnorr } from './schnorr.js';

/** Every variant of `obj` with exactly one component changed (scalars +1, elements ·g). */
function tamperings<E, T extends object>(G: Group<E>, obj: T): T[] {
  const out: T[] = [];
  const bump = (x: unknown): unknown => (typeof x === 'bigint' ? mod(x + 1n, G.q) : G.mul(x as E, G.g));
  for (const [k, v] of Object.entries(obj)) {
    if (Array.isArray(v)) {
      v.forEach((_, i) => out.push({ ...obj, [k]: v.map((x, j) => (j === i ? bump(x) : x)) }));
    } else if (v !== undefined) {
      out.push({ ...obj, [k]: bump(v) });
    }
  }
  return out;
}

for (const { G: G0, runs } of PROFILES) {
  const G = G0 as Group<unknown>;
  const key = randomBytes(32);
  const otherKey = randomBytes(32);

  describe(`${G.name}: Schnorr proofs (${G.proofForm} form)`, () => {
    const a = randomScalar(G.q);
    const A = G.gExp(a);
    const ch = (k: Uint8Array) => (h: unknown) => H(k, domain(0x10), G.encode(A), G.encode(h));
    const proof = proveSchnorr(G, a, ch(key));
    it('honest proofs verify, in the profile’s form', () => {
      expect(verifySchnorr(G, A, proof, ch(key))).toBe(true);
      expect(
        G.proofForm === 'challenge'
          ? proof.c !== undefined && proof.h === undefined
          : proof.h !== undefined && proof.c === undefined,
      ).toBe(true);
    });
    it('any changed component, statement or context fails', () => {
      for (const t of tamperings(G, proof)) expect(verifySchnorr(G, A, t, ch(key))).toBe(false);
      expect(verifySchnorr(G, G.mul(A, G.g), proof, ch(key))).toBe(false);
      expect(verifySchnorr(G, A, proof, ch(otherKey))).toBe(false);
      expect(verifySchnorr(G, A, { ...proof, v: G.q }, ch(key))).toBe(false);
    });
    it('a proof for a wrong secret fails', () => {
      expect(verifySchnorr(G, A, proveSchnorr(G, a + 1n, ch(key)), ch(key))).toBe(false);
    });
  });

  describe(`${G.name}: Chaum–Pedersen proofs`, () => {
    const s = randomScalar(G.q);
    const A = G.gExp(randomScalar(G.q));
    const st: DleqStatement<unknown> = { g1: G.g, X1: G.gExp(s), g2: A, X2: G.exp(A, s) };
    const ch =
      (k: Uint8Array, stmt = st) =>
      (a: unknown, b: unknown) =>
        H(k, domain(0x30), G.encode(stmt.X1), G.encode(stmt.g2), G.encode(stmt.X2), G.encode(a), G.encode(b));
    const proof = proveChaumPedersen(G, st, s, ch(key));
    it('honest proofs verify', () => {
      expect(verifyChaumPedersen(G, st, proof, ch(key))).toBe(true);
    });
    it('any changed component, statement element or context fails', () => {
      for (const t of tamperings(G, proof)) expect(verifyChaumPedersen(G, st, t, ch(key))).toBe(false);
      for (const bad of tamperings(G, st))
        expect(verifyChaumPedersen(G, bad, proof, ch(key, bad))).toBe(false);
      expect(verifyChaumPedersen(G, st, proof, ch(otherKey))).toBe(false);
    });
    it('a false statement (X2 = A^(s+1)) cannot be proved', () => {
      const bad = { ...st, X2: G.exp(A, s + 1n) };
      expect(verifyChaumPedersen(G, bad, proveChaumPedersen(G, bad, s, ch(key, bad)), ch(key, bad))).toBe(
        false,
      );
    });
  });

  describe(`${G.name}: range proofs 0..R (EG 2.0 §3.3.5)`, () => {
    const pk = publicKey(G, G.gExp(randomScalar(G.q)));
    it('honest proofs verify for every ℓ in 0..R', () => {
      fc.assert(
        fc.property(fc.integer({ min: 0, max: 3 }), fc.integer({ min: 0, max: 3 }), (R, l0) => {
          const ell = Math.min(l0, R);
          const xi = randomScalar(G.q);
          const ct = encrypt(G, pk, ell, xi);
          const proof = proveRange(G, key, pk, ct, ell, xi, R);
          expect(verifyRange(G, key, pk, ct, R, proof)).toBe(true);
          expect(verifyRange(G, key, pk, ct, R + 1, proof)).toBe(false);
        }),
        { numRuns: Math.max(2, runs / 4) },
      );
    });
    it('any changed component, the ciphertext, the key or H_E fails', () => {
      const xi = randomScalar(G.q);
      const ct = encrypt(G, pk, 1, xi);
      const proof = proveRange(G, key, pk, ct, 1, xi, 2);
      for (const t of tamperings(G, proof)) expect(verifyRange(G, key, pk, ct, 2, t)).toBe(false);
      for (const t of tamperings(G, ct)) expect(verifyRange(G, key, pk, t, 2, proof)).toBe(false);
      expect(verifyRange(G, otherKey, pk, ct, 2, proof)).toBe(false);
      expect(verifyRange(G, key, publicKey(G, G.mul(pk.K, G.g)), ct, 2, proof)).toBe(false);
      // c_j + q keeps every equation: rejected because Evident requires c_j < q
      const shifted: RangeProof<unknown> = { ...proof, c: proof.c.map((c, j) => (j === 0 ? c + G.q : c)) };
      expect(verifyRange(G, key, pk, ct, 2, shifted)).toBe(false);
      expect(verifyRange(G, key, pk, ct, 2, { ...proof, c: proof.c.slice(1) })).toBe(false);
    });
    it('an encryption of R + 1 cannot be proved in 0..R', () => {
      const xi = randomScalar(G.q);
      const ct = encrypt(G, pk, 2, xi);
      // the prover lies about ℓ: the equations for j = ℓ no longer hold
      const forged = proveRange(G, key, pk, ct, 1, xi, 1);
      expect(verifyRange(G, key, pk, ct, 1, forged)).toBe(false);
      expect(() => proveRange(G, key, pk, ct, 2, xi, 1)).toThrow(RangeError);
    });
  });

  if (G.proofForm === 'commitment') {
    describe(`${G.name}: batch verification`, () => {
      const pk = publicKey(G, G.gExp(randomScalar(G.q)));
      const make = (v: number) => {
        const xi = randomScalar(G.q);
        const ct = encrypt(G, pk, v, xi);
        return { ct, proof: proveRange(G, key, pk, ct, Math.min(v, 1), xi, 1) };
      };
      it('accepts a batch of honest proofs and rejects a batch with one bad equation', () => {
        const items = Array.from({ length: 20 }, (_, i) => make(i % 2));
        const batch = createBatch(G);
        for (const { ct, proof } of items) expect(verifyRange(G, key, pk, ct, 1, proof, batch)).toBe(true);
        expect(batch.size).toBe(80); // 2(R + 1) equations per proof
        expect(batch.check()).toBe(true);

        // a proof whose commitment a_0 was replaced after hashing: only the equations catch it
        const bad = make(2); // encrypts 2, proof claims 1
        const batch2 = createBatch(G);
        for (const { ct, proof } of items) verifyRange(G, key, pk, ct, 1, proof, batch2);
        expect(verifyRange(G, key, pk, bad.ct, 1, bad.proof, batch2)).toBe(true); // deferred
        expect(batch2.check()).toBe(false);
        expect(verifyRange(G, key, pk, bad.ct, 1, bad.proof)).toBe(false); // named one by one
      });
      it('alias: the exponent of an aggregate goes to its parts; the batch holds exactly when their product is the aggregate', () => {
        const xi = randomScalar(G.q);
        const agg = encrypt(G, pk, 1, xi); // stands for the product; its proof is honest
        const proof = proveRange(G, key, pk, agg, 1, xi, 2);
        // three ciphertexts whose product is agg (c3 chosen to make it so)
        const c1 = encrypt(G, pk, 0, randomScalar(G.q));
        const c2 = encrypt(G, pk, 1, randomScalar(G.q));
        const c3 = {
          alpha: G.div(G.div(agg.alpha, c1.alpha), c2.alpha),
          beta: G.div(G.div(agg.beta, c1.beta), c2.beta),
        };
        const run = (parts: { alpha: unknown; beta: unknown }[]): boolean => {
          const batch = createBatch(G);
          batch.alias(
            agg.alpha,
            parts.map((p) => p.alpha),
          );
          batch.alias(
            agg.beta,
            parts.map((p) => p.beta),
          );
          expect(verifyRange(G, key, pk, agg, 2, proof, batch)).toBe(true);
          return batch.check();
        };
        expect(run([c1, c2, c3])).toBe(true);
        expect(run([c1, c2])).toBe(false); // parts whose product is not the point: caught
        expect(run([c1, c2, { alpha: G.mul(c3.alpha, G.g), beta: c3.beta }])).toBe(false);
        expect(() => createBatch(G).alias(agg.alpha, [])).toThrow(RangeError);
      });
      it('a target repeated, or aliased before or after its equation, counts as its value', () => {
        const x = randomScalar(G.q);
        const y = randomScalar(G.q);
        const X = G.gExp(x);
        const Y = G.gExp(y);
        const XY = G.mul(X, Y); // the aggregate: computed from its parts
        const run = (claims: [target: unknown, e: bigint][], aliasFirst: boolean | undefined) => {
          const batch = createBatch(G);
          if (aliasFirst) batch.alias(XY, [X, Y]);
          for (const [t, e] of claims) batch.add(t, [G.g], [e]);
          if (aliasFirst === false) batch.alias(XY, [X, Y]);
          return batch.check();
        };
        for (const aliasFirst of [true, false, undefined]) {
          // XY = g^(x+y) as a target, twice, with X = g^x beside it
          const honest: [unknown, bigint][] = [
            [XY, mod(x + y, G.q)],
            [XY, mod(x + y, G.q)],
            [X, x],
          ];
          expect(run(honest, aliasFirst)).toBe(true);
          // one of the two copies of the repeated target claims a wrong exponent
          expect(run([...honest.slice(0, 1), [XY, mod(x + y + 1n, G.q)], [X, x]], aliasFirst)).toBe(false);
          expect(run([...honest.slice(0, 2), [X, mod(x + 1n, G.q)]], aliasFirst)).toBe(false);
        }
      });
    });
  }
}

describe('batch weights', () => {
  it('are odd, below 2^128, distinct, and use all 128 bits, across refills of the pool', () => {
    const ws = Array.from({ length: 2 * POOL_WEIGHTS + 500 }, () => batchWeight()); // refills twice
    for (const w of ws) {
      expect(w & 1n).toBe(1n);
      expect(w > 0n && w < 1n << 128n).toBe(true);
    }
    expect(new Set(ws).size).toBe(ws.length);
    // each of the two 64-bit words is random: its top bit is set in about half the weights
    for (const bit of [127n, 63n]) {
      const set = ws.filter((w) => (w >> bit) & 1n).length;
      expect(set).toBeGreaterThan(0.45 * ws.length);
      expect(set).toBeLessThan(0.55 * ws.length);
    }
  });
});
