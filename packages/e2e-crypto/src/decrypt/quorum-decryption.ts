/**
 * The combiner's side of a quorum decryption, in two rounds (EG 2.0 §3.6.2–3.6.4;
 * spec/key-ceremony.md §9): round 1 checks each guardian's partial decryptions, leaves out and
 * names those whose proofs fail, fixes the quorum U and computes the challenges; round 2 checks
 * the responses and assembles the published proofs.
 * @module
 */
import type { Group } from '../group/group.js';
import type { ChaumPedersenProof } from '../proofs/chaum-pedersen.js';
import { type DecryptionContext, type DecryptionTarget } from './decryption-target.js';
import { type CombinedCommitment, combineCommitments, guardianChallenge, jointProof } from './joint-proof.js';
import { badResponses } from './response-check.js';
import { lagrangeCoefficients } from './lagrange.js';
import { type PartialDecryptionSet, verifyPartialDecryptions } from './partial-decryption.js';

/** Public values the combiner needs. */
export interface QuorumSetup<E> {
  readonly ctx: DecryptionContext<E>;
  /** the quorum k */
  readonly k: number;
  /** g^{P(i)} for every guardian coordinate i (from `keyShareCommitment`) */
  readonly keyShareCommitments: ReadonlyMap<number, E>;
}

/** A guardian left out, and why. */
export interface Exclusion {
  readonly i: number;
  readonly reason: string;
}

/** Round-1 outcome. */
export type Round1<E> =
  | {
      readonly ok: true;
      /** the quorum actually used, sorted */
      readonly U: readonly number[];
      readonly excluded: readonly Exclusion[];
      /** per target: M, a, b, c */
      readonly combined: readonly CombinedCommitment<E>[];
      /** per guardian in U: c_i for each target */
      readonly challenges: ReadonlyMap<number, readonly bigint[]>;
    }
  | {
      readonly ok: false;
      readonly U: readonly number[];
      readonly excluded: readonly Exclusion[];
      readonly reason: string;
    };

/**
 * Round 1: verifies the partial decryptions, drops bad guardians, computes M and the challenges.
 * All valid guardians take part even when more than k are available (EG 2.0 §3.6.2).
 * @param partials - guardian coordinate → its partial decryptions, in target order
 */
export function combineRound1<E>(
  G: Group<E>,
  setup: QuorumSetup<E>,
  targets: readonly DecryptionTarget<E>[],
  partials: ReadonlyMap<number, PartialDecryptionSet<E>>,
): Round1<E> {
  const excluded: Exclusion[] = [];
  const U: number[] = [];
  for (const [i, pds] of [...partials].sort((x, y) => x[0] - y[0])) {
    const Ki = setup.keyShareCommitments.get(i);
    if (!Ki) {
      excluded.push({ i, reason: 'not a guardian of this election' });
      continue;
    }
    if (pds.items.length !== targets.length) {
      excluded.push({
        i,
        reason: `has ${pds.items.length} partial decryptions for ${targets.length} ciphertexts`,
      });
      continue;
    }
    if (!verifyPartialDecryptions(G, setup.ctx, i, Ki, targets, pds))
      excluded.push({ i, reason: 'partial decryptions fail their proof' });
    else U.push(i);
  }
  if (U.length < setup.k) {
    return { ok: false, U, excluded, reason: `only ${U.length} valid guardians, quorum is ${setup.k}` };
  }
  const w = lagrangeCoefficients(G.q, U);
  const combined = targets.map((t, idx) =>
    combineCommitments(
      G,
      setup.ctx,
      t,
      U.map((i) => ({ w: w.get(i)!, ...partials.get(i)!.items[idx]! })),
    ),
  );
  const challenges = new Map(
    U.map((i) => [i, combined.map((cc) => guardianChallenge(G.q, cc.c, w.get(i)!))]),
  );
  return { ok: true, U, excluded, combined, challenges };
}

/** Round-2 outcome: the published decryptions, or the guardians whose responses failed. */
export type Round2<E> =
  | { readonly ok: true; readonly decryptions: readonly { M: E; proof: ChaumPedersenProof<E> }[] }
  | { readonly ok: false; readonly bad: readonly Exclusion[] };

/**
 * Round 2: checks each response (eq 74–75) and forms the proofs (eq 76). When a guardian's
 * response fails, it is named; the others must then start again from round 1 (their nonces are
 * spent), without it.
 * @param responses - guardian coordinate → v_i per target, for every i ∈ U
 */
export function combineRound2<E>(
  G: Group<E>,
  setup: QuorumSetup<E>,
  targets: readonly DecryptionTarget<E>[],
  round1: Extract<Round1<E>, { ok: true }>,
  partials: ReadonlyMap<number, PartialDecryptionSet<E>>,
  responses: ReadonlyMap<number, readonly bigint[]>,
): Round2<E> {
  const bad: Exclusion[] = [];
  const toCheck: number[] = [];
  for (const i of round1.U) {
    const vs = responses.get(i);
    if (!vs) bad.push({ i, reason: 'sent no response' });
    else if (vs.length !== targets.length)
      bad.push({ i, reason: `has ${vs.length} responses for ${targets.length} ciphertexts` });
    else toCheck.push(i);
  }
  // eq 74–75 for every guardian and target: one batch in commitment form (./response-check.ts)
  const idx = badResponses(
    G,
    targets,
    toCheck.map((i) => ({
      keyShareCommitment: setup.keyShareCommitments.get(i)!,
      parts: partials.get(i)!.items,
      challenges: round1.challenges.get(i)!,
      responses: responses.get(i)!,
    })),
  );
  toCheck.forEach((i, j) => {
    if (idx[j]! >= 0) bad.push({ i, reason: `response #${idx[j]} does not verify` });
  });
  if (bad.length)
    return { ok: false, bad: [...bad].sort((a, b) => round1.U.indexOf(a.i) - round1.U.indexOf(b.i)) };
  const decryptions = round1.combined.map((cc, idx) => ({
    M: cc.M,
    proof: jointProof(
      G,
      cc,
      round1.U.map((i) => responses.get(i)![idx]!),
    ),
  }));
  return { ok: true, decryptions };
}
