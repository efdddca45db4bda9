/**
 * A whole quorum decryption in one process: every guardian's two rounds and the combiner's
 * (spec/key-ceremony.md §9). For tests, benchmarks and demos; real guardians run their rounds on
 * their own machines (the trustee CLI).
 * @module
 */
import { discreteLog } from '../elgamal/discrete-log.js';
import type { Ciphertext } from '../elgamal/elgamal.js';
import type { Group } from '../group/group.js';
import { randomScalar } from '../group/scalar.js';
import type { ChaumPedersenProof } from '../proofs/chaum-pedersen.js';
import type { DecryptionTarget } from './decryption-target.js';
import { type PartialDecryptionSet, partialDecrypt, respondToChallenge } from './partial-decryption.js';
import { type Exclusion, type QuorumSetup, combineRound1, combineRound2 } from './quorum-decryption.js';

/** A guardian available for decryption: its coordinate and key share P(i). */
export interface DecryptingGuardian {
  readonly i: number;
  readonly Pi: bigint;
}

/** Outcome of {@link decryptWithQuorum}. */
export type QuorumDecryption<E> =
  | {
      readonly ok: true;
      readonly U: readonly number[];
      readonly excluded: readonly Exclusion[];
      readonly decryptions: readonly { M: E; proof: ChaumPedersenProof<E> }[];
    }
  | { readonly ok: false; readonly excluded: readonly Exclusion[]; readonly reason: string };

/**
 * Runs both rounds for the given guardians; a guardian whose partial decryptions or responses fail
 * is left out and the decryption is retried while a quorum remains.
 * @param tamper - test hook: may replace a guardian's round-1 output
 */
export function decryptWithQuorum<E>(
  G: Group<E>,
  setup: QuorumSetup<E>,
  targets: readonly DecryptionTarget<E>[],
  guardians: readonly DecryptingGuardian[],
  tamper?: (i: number, pds: PartialDecryptionSet<E>) => PartialDecryptionSet<E>,
): QuorumDecryption<E> {
  const excluded: Exclusion[] = [];
  let active = [...guardians];
  for (;;) {
    const nonces = new Map<number, bigint[]>();
    const partials = new Map<number, PartialDecryptionSet<E>>();
    for (const g of active) {
      const us = targets.map(() => randomScalar(G.q));
      nonces.set(g.i, us);
      const pds = partialDecrypt(G, setup.ctx, g.i, g.Pi, targets, us);
      partials.set(g.i, tamper ? tamper(g.i, pds) : pds);
    }
    const r1 = combineRound1(G, setup, targets, partials);
    excluded.push(...r1.excluded);
    if (!r1.ok) return { ok: false, excluded, reason: r1.reason };
    const responses = new Map<number, bigint[]>();
    for (const i of r1.U) {
      const g = active.find((x) => x.i === i)!;
      const cs = r1.challenges.get(i)!;
      responses.set(
        i,
        nonces.get(i)!.map((u, x) => respondToChallenge(G.q, u, cs[x]!, g.Pi)),
      );
    }
    const r2 = combineRound2(G, setup, targets, r1, partials, responses);
    if (r2.ok) return { ok: true, U: r1.U, excluded, decryptions: r2.decryptions };
    excluded.push(...r2.bad);
    const badSet = new Set(r2.bad.map((b) => b.i));
    active = active.filter((g) => r1.U.includes(g.i) && !badSet.has(g.i));
  }
}

/**
 * T = B·M^-1 and the small t with T = K^t (EG 2.0 eq 64).
 * @param bound - the largest possible t (number of ballots)
 * @returns t, or undefined when no t ≤ bound fits
 */
export function selectionValue<E>(
  G: Group<E>,
  K: E,
  ct: Ciphertext<E>,
  M: E,
  bound: number,
): { T: E; t: number | undefined } {
  const T = G.div(ct.beta, M);
  return { T, t: discreteLog(G, K, bound)(T) };
}
