/**
 * Batch verification of proofs in commitment form by a random linear combination
 * (spec/crypto.md §4.4).
 *
 * Each proof equation has the form T = ∏ B_i^e_i with public T, B_i, e_i. The batch draws a
 * random 128-bit weight z_k per equation from the CSPRNG and checks the single equation
 * ∏_k (T_k ∏_i B_{k,i}^{-e_{k,i}})^{z_k} = 1 with one multi-exponentiation, merging equal
 * bases (g and K appear in every equation). A false equation passes with probability ≤ 2^-128.
 * A failed batch says only that some equation is false: callers re-check one by one to name it.
 * @module
 */
import { bytesToBigint } from '../bytes.js';
import type { Group } from '../group/group.js';
import { mod } from '../group/scalar.js';
import { randomBytes } from '@noble/hashes/utils.js';

/** Accumulates equations T = ∏ B_i^e_i and checks them all at once. */
export interface Batch<E> {
  /** Adds the claim target = ∏ bases[i]^exps[i]. */
  add(target: E, bases: readonly E[], exps: readonly bigint[]): void;
  /** Number of equations added. */
  readonly size: number;
  /** True when every added equation holds (with probability ≥ 1 − 2^-128). */
  check(): boolean;
}

/** A new, empty batch. */
export function createBatch<E>(G: Group<E>): Batch<E> {
  const coeff = new Map<string, { base: E; e: bigint }>();
  let size = 0;
  const put = (base: E, e: bigint): void => {
    const k = G.key(base);
    const cur = coeff.get(k);
    if (cur) cur.e = mod(cur.e + e, G.q);
    else coeff.set(k, { base, e: mod(e, G.q) });
  };
  return {
    add(target, bases, exps) {
      if (bases.length !== exps.length) throw new RangeError('Batch.add: lengths differ');
      const z = bytesToBigint(randomBytes(16)) | 1n;
      // (T ∏ B_i^-e_i)^z: the target keeps the short 128-bit weight, which a signed-digit
      // multi-exponentiation processes at half the cost of a full scalar
      put(target, z);
      for (let i = 0; i < bases.length; i++) put(bases[i]!, -exps[i]! * z);
      size++;
    },
    get size() {
      return size;
    },
    check() {
      if (size === 0) return true;
      const terms = [...coeff.values()].filter((t) => t.e !== 0n);
      const r = G.multiExp(
        terms.map((t) => t.base),
        terms.map((t) => t.e),
      );
      return G.equals(r, G.one);
    },
  };
}

/**
 * Checks target = ∏ bases^exps now, or adds it to `batch` when one is given.
 * @returns false only when checked now and false
 */
export function checkOrDefer<E>(
  G: Group<E>,
  batch: Batch<E> | undefined,
  target: E,
  bases: readonly E[],
  exps: readonly bigint[],
): boolean {
  if (batch) {
    batch.add(target, bases, exps);
    return true;
  }
  return G.equals(G.multiExp(bases, exps), target);
}
