/**
 * Checking many guardian responses at once (eq 74–75, 83–84; spec/key-ceremony.md §9 step 5):
 * in commitment form (ristretto255) the 2 equations per ciphertext of every response go into one
 * random-linear-combination batch (spec/crypto.md §4.4, one multi-exponentiation); only when the
 * batch fails is each equation checked alone, to name the first bad response. In challenge form
 * (eg-4096) each response is checked alone, as before.
 * @module
 */
import type { Group } from '../group/group.js';
import { type Batch, createBatch } from '../proofs/batch.js';
import type { DecryptionTarget } from './decryption-target.js';
import { verifyGuardianResponse } from './joint-proof.js';

/** One guardian's responses to check: per target its partial values, challenge and response. */
export interface GuardianResponses<E> {
  /** g^{P(i)} */
  readonly keyShareCommitment: E;
  /** (M_i, a_i, b_i) per target */
  readonly parts: readonly { readonly M: E; readonly a: E; readonly b: E }[];
  /** c_i per target; undefined when the challenge cannot be recomputed (the response fails) */
  readonly challenges: readonly (bigint | undefined)[];
  /** v_i per target */
  readonly responses: readonly bigint[];
}

/**
 * Adds one guardian's equations to `batch` (or checks them now without one).
 * @returns the index of the first response that fails outside the batch (range, missing
 *   challenge, or an unbatched equation), or -1
 */
function addResponses<E>(
  G: Group<E>,
  targets: readonly DecryptionTarget<E>[],
  g: GuardianResponses<E>,
  batch: Batch<E> | undefined,
): number {
  for (let x = 0; x < targets.length; x++) {
    const ci = g.challenges[x];
    const vi = g.responses[x];
    if (ci === undefined || vi === undefined) return x;
    if (!verifyGuardianResponse(G, targets[x]!, g.keyShareCommitment, g.parts[x]!, ci, vi, batch)) return x;
  }
  return -1;
}

/**
 * Checks one guardian's responses to every target.
 * @returns the index of the first response that does not verify, or -1 when all do
 */
export function firstBadResponse<E>(
  G: Group<E>,
  targets: readonly DecryptionTarget<E>[],
  g: GuardianResponses<E>,
): number {
  if (G.proofForm !== 'commitment') return addResponses(G, targets, g, undefined);
  const batch = createBatch(G);
  const early = addResponses(G, targets, g, batch);
  if (early >= 0) return early;
  return batch.check() ? -1 : addResponses(G, targets, g, undefined);
}

/**
 * Checks the responses of several guardians: one batch for all of them in commitment form, and
 * guardian by guardian ({@link firstBadResponse}) only when it fails.
 * @returns per guardian (in input order) the index of its first bad response, or -1
 */
export function badResponses<E>(
  G: Group<E>,
  targets: readonly DecryptionTarget<E>[],
  guardians: readonly GuardianResponses<E>[],
): number[] {
  if (G.proofForm !== 'commitment') return guardians.map((g) => addResponses(G, targets, g, undefined));
  const batch = createBatch(G);
  const early = guardians.map((g) => addResponses(G, targets, g, batch));
  if (early.every((x) => x < 0) && batch.check()) return early;
  return guardians.map((g, j) => (early[j]! >= 0 ? early[j]! : firstBadResponse(G, targets, g)));
}
