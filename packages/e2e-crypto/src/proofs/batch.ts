/**
 * Batch verification of proofs in commitment form by a random linear combination
 * (spec/crypto.md §4.4).
 *
 * Each proof equation has the form T = ∏ B_i^e_i with public T, B_i, e_i. The batch draws a
 * random 128-bit weight z_k per equation from the CSPRNG and checks the single equation
 * ∏_k (T_k ∏_i B_{k,i}^{-e_{k,i}})^{z_k} = 1 with one multi-exponentiation, merging repeated
 * bases (g and K appear in every equation, a ciphertext in each equation of its proof). A base is
 * recognised by identity (by value for BigInt elements): merging is only a saving, and identity
 * costs nothing where a key would encode every point. A false equation passes with probability
 * ≤ 2^-128.
 * A failed batch says only that some equation is false: callers re-check one by one to name it.
 * @module
 */
import type { Group } from '../group/group.js';
import { mod } from '../group/scalar.js';
import { randomBytes } from '@noble/hashes/utils.js';

/** Accumulates equations T = ∏ B_i^e_i and checks them all at once. */
export interface Batch<E> {
  /** Adds the claim target = ∏ bases[i]^exps[i]. */
  add(target: E, bases: readonly E[], exps: readonly bigint[]): void;
  /**
   * Declares `point` = ∏ parts (e.g. a contest's product of selection ciphertexts): its summed
   * exponent goes to each part instead when the batch is checked, so the multi-exponentiation has
   * one base fewer (and bases that are all decoded, affine, points). The caller vouches for the
   * product: `point` must have been computed from `parts`, never read from the record; no part
   * may itself be an aliased point.
   */
  alias(point: E, parts: readonly E[]): void;
  /** Number of equations added. */
  readonly size: number;
  /** True when every added equation holds (with probability ≥ 1 − 2^-128). */
  check(): boolean;
}

/**
 * CSPRNG words drawn 4 KiB at a time (one `randomBytes` call per 256 weights instead of one per
 * equation: a ballot adds ~44 equations, and each call costs as much as a hash), read as 64-bit
 * words so that a weight is two BigInt reads, a shift and an or (no hex). Every word is used once
 * and zeroed after use.
 */
let pool = new BigUint64Array(0);
let poolAt = 0;

/** A fresh odd 128-bit weight from the CSPRNG (exported for the tests). */
export function batchWeight(): bigint {
  if (poolAt + 2 > pool.length) {
    const bytes = randomBytes(4096); // crypto.getRandomValues (@noble/hashes)
    pool = new BigUint64Array(512); // copied: a word view needs an aligned buffer of its own
    new Uint8Array(pool.buffer).set(bytes);
    bytes.fill(0);
    poolAt = 0;
  }
  const z = (pool[poolAt]! << 64n) | pool[poolAt + 1]! | 1n;
  pool[poolAt] = pool[poolAt + 1] = 0n;
  poolAt += 2;
  return z;
}

/** A new, empty batch. */
export function createBatch<E>(G: Group<E>): Batch<E> {
  // exponents are summed unreduced and reduced once, in check()
  const coeff = new Map<E, { base: E; e: bigint }>();
  const aliases = new Map<E, readonly E[]>();
  // each equation's target with its weight, as they come: a target is a proof's own commitment,
  // so merging would find nothing to merge (a repeated one is only a base twice: same product)
  const targets: E[] = [];
  const weights: bigint[] = [];
  let size = 0;
  const addTo = (base: E, e: bigint): void => {
    const cur = coeff.get(base);
    if (cur) cur.e += e;
    else coeff.set(base, { base, e });
  };
  // B^-e: one BigInt for the difference rather than one for −e and one for the sum
  const subFrom = (base: E, e: bigint): void => {
    const cur = coeff.get(base);
    if (cur) cur.e -= e;
    else coeff.set(base, { base, e: -e });
  };
  return {
    alias(point, parts) {
      if (parts.length === 0) throw new RangeError('Batch.alias: no parts');
      aliases.set(point, parts.slice());
    },
    add(target, bases, exps) {
      if (bases.length !== exps.length) throw new RangeError('Batch.add: lengths differ');
      const z = batchWeight();
      // (T ∏ B_i^-e_i)^z: the target keeps the short 128-bit weight, which a signed-digit
      // multi-exponentiation processes at half the cost of a full scalar
      if (aliases.size > 0 && aliases.has(target))
        addTo(target, z); // given its parts in check()
      else {
        targets.push(target);
        weights.push(z);
      }
      for (let i = 0; i < bases.length; i++) subFrom(bases[i]!, exps[i]! * z);
      size++;
    },
    get size() {
      return size;
    },
    check() {
      if (size === 0) return true;
      // an aliased point's summed exponent goes to each of its parts once, here, rather than
      // each equation's exponent to every part (a contest's product: one sum per part, not L+1)
      for (const [point, parts] of aliases) {
        const t = coeff.get(point);
        if (!t) continue;
        coeff.delete(point);
        for (const p of parts) addTo(p, t.e);
      }
      // the targets' weights are odd 128-bit numbers, already in Z_q
      const bases = targets.slice();
      const exps = weights.slice();
      for (const t of coeff.values()) {
        const e = mod(t.e, G.q);
        if (e !== 0n) {
          bases.push(t.base);
          exps.push(e);
        }
      }
      return G.equals(G.multiExp(bases, exps), G.one);
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
