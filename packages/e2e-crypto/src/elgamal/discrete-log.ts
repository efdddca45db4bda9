/**
 * Discrete logarithms of small exponents by baby-step giant-step (spec/crypto.md §5.3).
 *
 * A tally decrypts to K^t for a count t that is at most the number of ballots. `discreteLog`
 * finds t in [0, bound] with about 2·√bound group operations and a table of √bound entries,
 * built once per (group, base, bound) and cached.
 * @module
 */
import type { Group } from '../group/group.js';

/** Solves base^t = y for t in [0, bound]; `undefined` when there is no such t. */
export type DiscreteLogSolver<E> = (y: E) => number | undefined;

const cache = new WeakMap<object, Map<string, DiscreteLogSolver<unknown>>>();

/**
 * A solver for logarithms to `base` of exponents in [0, bound].
 * @param bound - the largest exponent to search, at most 2^40
 * @throws {RangeError} if `bound` is not a non-negative safe integer ≤ 2^40
 */
export function discreteLog<E>(G: Group<E>, base: E, bound: number): DiscreteLogSolver<E> {
  if (!Number.isSafeInteger(bound) || bound < 0 || bound > 2 ** 40) {
    throw new RangeError('discreteLog: bound must be an integer in [0, 2^40]');
  }
  let perGroup = cache.get(G);
  if (!perGroup) cache.set(G, (perGroup = new Map()));
  const cacheKey = `${G.key(base)}:${bound}`;
  const hit = perGroup.get(cacheKey);
  if (hit) return hit as DiscreteLogSolver<E>;

  const m = Math.max(1, Math.ceil(Math.sqrt(bound + 1)));
  const baby = new Map<string, number>();
  let x = G.one;
  for (let j = 0; j < m; j++) {
    if (!baby.has(G.key(x))) baby.set(G.key(x), j);
    x = G.mul(x, base);
  }
  const giant = G.inv(x); // base^-m
  const solver: DiscreteLogSolver<E> = (y) => {
    let gamma = y;
    for (let i = 0; i * m <= bound; i++) {
      const j = baby.get(G.key(gamma));
      if (j !== undefined) {
        const t = i * m + j;
        return t <= bound ? t : undefined;
      }
      gamma = G.mul(gamma, giant);
    }
    return undefined;
  };
  perGroup.set(cacheKey, solver as DiscreteLogSolver<unknown>);
  return solver;
}
