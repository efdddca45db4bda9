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
import { type Group, msmTerms } from '../group/group.js';
import { mod } from '../group/scalar.js';

/** Accumulates equations T = ∏ B_i^e_i and checks them all at once. */
export interface Batch<E> {
  /** Adds the claim target = ∏ bases[i]^exps[i]. */
  add(target: E, bases: readonly E[], exps: readonly bigint[]): void;
  /**
   * Declares `point` = ∏ parts (e.g. a contest's product of selection ciphertexts): its summed
   * exponent goes to each part instead when the batch is checked or folded, so the
   * multi-exponentiation has one base fewer (and bases that are all decoded, affine, points). The
   * caller vouches for the product: `point` must have been computed from `parts`, never read
   * from the record; no part may itself be an aliased point.
   */
  alias(point: E, parts: readonly E[]): void;
  /**
   * Says that the equations added so far are complete for their bases (e.g. a ballot's, once its
   * proofs are added): their merged exponents become terms of the multi-exponentiation now
   * (`Group.msmTerms`: for ristretto255 bytes), and the batch keeps no element or exponent of
   * them; only the shared bases given to {@link createBatch} stay merged to the end. Merging is by
   * identity and only a saving: a base named again after a fold is a term twice, the same
   * product, so a fold never changes the answer.
   */
  fold(): void;
  /** Number of equations added. */
  readonly size: number;
  /**
   * True when every added equation holds (with probability ≥ 1 − 2^-128). Ends the batch: a
   * later check gives the same answer, a later add, alias or fold throws.
   */
  check(): boolean;
}

/** Offset of a 64-bit word's least significant byte in its 8 bytes (typed arrays: the platform's order). */
const LOW_BYTE = new Uint8Array(new BigUint64Array([1n]).buffer)[0] === 1 ? 0 : 7;

/** Weights per fill of the pool: 64 KiB, the most one `crypto.getRandomValues` call gives. */
export const POOL_WEIGHTS = 4096;

/**
 * CSPRNG words drawn 64 KiB at a time into one array kept for the thread (one
 * `crypto.getRandomValues` call per 4,096 weights instead of one per equation: a ballot adds ~44
 * equations, and each call costs as much as a hash; filled in place, no new array per fill), read
 * as 64-bit words so that a weight is two BigInt reads, a shift and an or (no hex): the low word
 * is made odd in its bytes before it is read, one BigInt operation fewer per equation. Every word
 * is used once and zeroed after use.
 */
const pool = new BigUint64Array(2 * POOL_WEIGHTS);
const poolBytes = new Uint8Array(pool.buffer);
let poolAt = pool.length; // empty: filled on first use

/** A fresh odd 128-bit weight from the CSPRNG (exported for the tests). */
export function batchWeight(): bigint {
  if (poolAt + 2 > pool.length) {
    globalThis.crypto.getRandomValues(pool); // the platform's CSPRNG (Node: OpenSSL)
    poolAt = 0;
  }
  poolBytes[8 * poolAt + 8 + LOW_BYTE]! |= 1; // the low word odd
  const z = (pool[poolAt]! << 64n) | pool[poolAt + 1]!;
  pool[poolAt] = pool[poolAt + 1] = 0n;
  poolAt += 2;
  return z;
}

/**
 * A new, empty batch.
 * @param shared - bases that occur in many equations across folds (g, K): merged until the batch
 *   is checked; `G.g` always is
 */
export function createBatch<E>(G: Group<E>, shared: readonly E[] = []): Batch<E> {
  const terms = msmTerms(G);
  // exponents are summed unreduced and reduced once, when folded or checked; the shared bases'
  // entries live to the end, the others to the next fold
  const merged = new Map<E, { e: bigint }>();
  const kept = new Map<E, { e: bigint }>([[G.g, { e: 0n }]]);
  for (const b of shared) kept.set(b, { e: 0n });
  let aliases = new Map<E, readonly E[]>();
  let size = 0;
  let verdict: boolean | undefined;
  const open = (): void => {
    if (verdict !== undefined) throw new RangeError('Batch: already checked');
  };
  const addTo = (base: E, e: bigint): void => {
    const cur = kept.get(base) ?? merged.get(base);
    if (cur) cur.e += e;
    else merged.set(base, { e });
  };
  // B^-e: one BigInt for the difference rather than one for −e and one for the sum
  const subFrom = (base: E, e: bigint): void => {
    const cur = kept.get(base) ?? merged.get(base);
    if (cur) cur.e -= e;
    else merged.set(base, { e: -e });
  };
  const fold = (): void => {
    // an aliased point's summed exponent goes to each of its parts once (a contest's product:
    // one sum per part, not L+1)
    for (const [point, parts] of aliases) {
      const t = merged.get(point);
      if (!t) continue;
      merged.delete(point);
      for (const p of parts) addTo(p, t.e);
    }
    if (aliases.size > 0) aliases = new Map();
    for (const [base, t] of merged) terms.add(base, mod(t.e, G.q));
    merged.clear();
  };
  return {
    alias(point, parts) {
      open();
      if (parts.length === 0) throw new RangeError('Batch.alias: no parts');
      aliases.set(point, parts.slice());
    },
    add(target, bases, exps) {
      open();
      if (bases.length !== exps.length) throw new RangeError('Batch.add: lengths differ');
      const z = batchWeight();
      // (T ∏ B_i^-e_i)^z: the target keeps the short 128-bit weight (already in Z_q), which a
      // signed-digit multi-exponentiation processes at half the cost of a full scalar; it is a
      // proof's own commitment, so it is a term at once (merging would find nothing to merge; a
      // repeated one is only a base twice: same product)
      if (aliases.size > 0 && aliases.has(target))
        addTo(target, z); // given its parts when folded
      else terms.add(target, z);
      for (let i = 0; i < bases.length; i++) subFrom(bases[i]!, exps[i]! * z);
      size++;
    },
    fold() {
      open();
      fold();
    },
    get size() {
      return size;
    },
    check() {
      if (verdict !== undefined) return verdict;
      if (size === 0) return (verdict = true);
      fold();
      for (const [base, t] of kept) terms.add(base, mod(t.e, G.q));
      return (verdict = G.equals(terms.result(), G.one));
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
