/**
 * Check 6 of spec/server-api.md §5.2: a challenge reveals its ballot nonce ξ_B, and ξ_B must
 * open everything of the ballot that the guardians will be asked to decrypt and publish:
 *
 * - each selection, α = g^ξ with ξ from ξ_B (EG 2.0 eq 25), whose value is published (`opened`);
 * - each contest data field, C0 = g^ξ with ξ = H(H_E; 0x20, ξ_B, ind_c, "contest data") (eq 50):
 *   otherwise a voter could challenge a ballot carrying another voter's contest data, and have
 *   that voter's write-ins and over/under-vote marks decrypted and published;
 * - each ranked row (spec/ranked-choice.md §2.7).
 *
 * Run after the credential signature has verified, so that only a credential holder makes the
 * server spend these exponentiations.
 * @module
 */
import {
  contestDataNonce,
  discreteLog,
  selectionNonce,
  type Ciphertext,
  type IndexedContest,
  type RankedOpening,
} from '@evident/e2e-crypto';
import { ApiError } from '../errors.js';
import type { ElectionContext } from './election-context.js';
import { openRanked, type DecodedRanked } from './ranked-check.js';

/** One decoded contest of a ballot: what its opening needs. */
export interface DecodedContest<E> {
  /** The contest in the manifest, with ind_c. */
  readonly indexed: IndexedContest;
  /** Where the contest is in the submission, e.g. `ballot.contests[0]`. */
  readonly at: string;
  /** The selections' ciphertexts, in option order. */
  readonly cts: readonly Ciphertext<E>[];
  /** The contest data's C0. */
  readonly c0: E;
}

/** What a challenge publishes. */
export interface ChallengeOpening {
  /** contest label → option label → value. */
  readonly opened: Record<string, Record<string, number>>;
  /** One opening per ranked contest, when the election has ranked contests. */
  readonly openedRanked?: RankedOpening[];
}

/**
 * Opens a challenged ballot with ξ_B.
 * @throws {ApiError} EVD_ERR_INVALID_BALLOT naming the first field that ξ_B does not open
 *   (`…selections[j].alpha`, `…contestData.c0`, `ballot.ranked[i]…`) or a value out of range
 */
export function openChallenge<E>(
  ctx: ElectionContext<E>,
  nonce: bigint,
  contests: readonly DecodedContest<E>[],
  ranked: DecodedRanked<E> | undefined,
): ChallengeOpening {
  const { G, hE, pk } = ctx;
  const opened: Record<string, Record<string, number>> = {};
  for (const { indexed, at, cts, c0 } of contests) {
    const { index, contest } = indexed;
    const dlog = discreteLog(G, pk.K, contest.optionLimit);
    const values: Record<string, number> = {};
    cts.forEach((ct, j) => {
      const sat = `${at}.selections[${j}]`;
      const xi = selectionNonce(G, hE, nonce, index, j + 1);
      if (!G.equals(ct.alpha, G.gExp(xi)))
        throw new ApiError(
          'EVD_ERR_INVALID_BALLOT',
          'the nonce does not open this selection',
          `${sat}.alpha`,
        );
      const v = dlog(G.div(ct.beta, pk.pow(xi)));
      if (v === undefined) throw new ApiError('EVD_ERR_INVALID_BALLOT', 'selection value out of range', sat);
      values[contest.options[j]!.label] = v;
    });
    if (!G.equals(c0, G.gExp(contestDataNonce(G, hE, nonce, index))))
      throw new ApiError(
        'EVD_ERR_INVALID_BALLOT',
        `the nonce does not open the contest data of contest "${contest.label}" (C0 ≠ g^ξ, EG 2.0 eq 50)`,
        `${at}.contestData.c0`,
      );
    opened[contest.label] = values;
  }
  return ranked ? { opened, openedRanked: openRanked(ctx, ranked, nonce) } : { opened };
}
