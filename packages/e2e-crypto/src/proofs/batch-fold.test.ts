/**
 * Batch.fold and shared bases (spec/crypto.md §4.4): folding a batch's terms at any points, with
 * any shared bases, gives the answer of the batch without folds and of the equations one by one.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { eg4096 } from '../group/eg-4096.js';
import type { Group } from '../group/group.js';
import { mod } from '../group/scalar.js';
import { ristretto, type RistrettoPoint } from '../group/ristretto255.js';
import { createBatch } from './batch.js';

const G = ristretto;
const q = G.q;

/** An equation target = g^a · base^b over bases of known logarithm. */
interface Eq {
  target: RistrettoPoint;
  bases: RistrettoPoint[];
  exps: bigint[];
  holds: boolean;
}

const logs = fc.array(fc.bigInt({ min: 1n, max: q - 1n }), { minLength: 1, maxLength: 6 });

/**
 * Ballots of equations: each ballot has decoded bases of its own (an aggregate of them aliased
 * to them), K shared by all, and one base reused from the first ballot; `bad` names an equation
 * made false (-1: none).
 */
const scenario = fc
  .record({
    k: fc.bigInt({ min: 1n, max: q - 1n }),
    ballots: fc.array(
      fc.record({
        own: logs,
        eqs: fc.array(
          fc.tuple(fc.nat(7), fc.bigInt({ min: 0n, max: q - 1n }), fc.bigInt({ min: 0n, max: q - 1n })),
          { minLength: 1, maxLength: 6 },
        ),
      }),
      { minLength: 1, maxLength: 5 },
    ),
    bad: fc.integer({ min: -1, max: 20 }),
    folds: fc.array(fc.boolean(), { minLength: 5, maxLength: 5 }),
  })
  .map(({ k, ballots, bad, folds }) => {
    const K = G.gExp(k); // computed: projective
    const reused = G.decode(G.encode(G.gExp(ballots[0]!.own[0]!)), 'reused');
    let n = 0;
    const out = ballots.map((b) => {
      const own = b.own.map((x) => G.decode(G.encode(G.gExp(x)), 'own'));
      const aggLog = b.own.reduce((a, x) => a + x, 0n);
      const agg = own.reduce((a, p) => G.mul(a, p), G.one); // computed from its parts
      // base choice: 0..own-1 own, then K, the reused base, the aggregate
      const choices: [RistrettoPoint, bigint][] = [
        ...own.map((p, i): [RistrettoPoint, bigint] => [p, b.own[i]!]),
        [K, k],
        [reused, ballots[0]!.own[0]!],
        [agg, aggLog],
      ];
      const eqs: Eq[] = b.eqs.map(([c, a, e]) => {
        const [B, logB] = choices[c % choices.length]!;
        const holds = n++ !== bad;
        const t = mod(a + e * logB + (holds ? 0n : 1n), q);
        return { target: G.decode(G.encode(G.gExp(t)), 'target'), bases: [G.g, B], exps: [a, e], holds };
      });
      return { own, agg, K, eqs };
    });
    return { K, ballots: out, folds };
  });

describe('Batch.fold', () => {
  it('any folds and shared bases give the answer of the batch without folds and of the equations', () => {
    fc.assert(
      fc.property(scenario, ({ K, ballots, folds }) => {
        const truth = ballots.every((b) => b.eqs.every((e) => e.holds));
        const run = (fold: boolean, shared: RistrettoPoint[]): boolean => {
          const batch = createBatch(G, shared);
          ballots.forEach((b, i) => {
            batch.alias(b.agg, b.own);
            for (const e of b.eqs) batch.add(e.target, e.bases, e.exps);
            if (fold && folds[i]) batch.fold();
          });
          return batch.check();
        };
        expect(run(false, [])).toBe(truth);
        expect(run(true, [K])).toBe(truth);
        expect(run(true, [])).toBe(truth);
        expect(run(false, [K])).toBe(truth);
      }),
      { numRuns: 40, endOnFailure: true },
    );
  });
  it('an aliased point used after the fold that resolved its alias counts as its value', () => {
    const x = 5n;
    const y = 7n;
    const X = G.decode(G.encode(G.gExp(x)), 'X');
    const Y = G.decode(G.encode(G.gExp(y)), 'Y');
    const XY = G.mul(X, Y);
    for (const wrong of [0n, 1n]) {
      const batch = createBatch(G);
      batch.alias(XY, [X, Y]);
      batch.add(G.gExp(3n * (x + y)), [XY], [3n]);
      batch.fold();
      batch.add(G.gExp(4n * (x + y) + wrong), [XY], [4n]); // XY itself now: no alias
      expect(batch.check()).toBe(wrong === 0n);
    }
  });
  it('check ends the batch: the same answer again, no more equations', () => {
    const batch = createBatch(G);
    batch.add(G.gExp(6n), [G.g], [5n]); // false
    expect(batch.check()).toBe(false);
    expect(batch.check()).toBe(false);
    expect(() => batch.add(G.gExp(5n), [G.g], [5n])).toThrow(RangeError);
    expect(() => batch.fold()).toThrow(RangeError);
    expect(() => batch.alias(G.g, [G.g])).toThrow(RangeError);
  });
  it('eg-4096 (no terms of its own: arrays and multiExp) folds alike', () => {
    const E: Group<bigint> = eg4096;
    const K = E.gExp(123n);
    for (const wrong of [0n, 1n]) {
      const batch = createBatch(E, [K]);
      batch.add(E.gExp(2n + 3n * 123n), [E.g, K], [2n, 3n]);
      batch.fold();
      batch.add(E.mul(E.gExp(4n + 5n * 123n), E.gExp(wrong)), [E.g, K], [4n, 5n]);
      batch.fold();
      expect(batch.check()).toBe(wrong === 0n);
    }
  });
});
