/**
 * The inputs of the mix of each ranked contest (spec/server-api.md §7.5, spec/mixnet.md §8.1):
 * the rows of the counted ballots — per credential the last cast ballot, not superseded, never a
 * challenged one — in bulletin-board order, the same ballots as the homomorphic tally. Fixed at
 * the tally by one `mix-inputs` entry per contest (the ballots' log indices); the rows themselves
 * are read from the ballots' own board entries.
 * @module
 */
import type { Manifest, RankedBallotJson, RankedContest } from '@evident/e2e-crypto';
import type { Tx } from '../board/writer.js';
import { boardEntry } from '../board/board-entry.js';
import type { ServerContext } from '../context.js';
import { ApiError } from '../errors.js';
import { upperHex } from '@evident/record';
import type { BallotSubmission } from '../verify/ballot-check.js';
import { saveRankedState, type RankedState } from './ranked-state.js';

/** The ranked contests of a manifest (none: an empty list). */
export function rankedContestsOf(manifest: Manifest): readonly RankedContest[] {
  return manifest.rankedContests ?? [];
}

/**
 * What the tally posts for the ranked contests: one `mix-inputs` entry per contest and the
 * initial mix state.
 * @param k - the quorum: stages required per contest
 * @param counted - log indices of the counted ballots, in log order
 * @returns undefined when the manifest has no ranked contests
 */
export function planRankedMix(
  manifest: Manifest,
  k: number,
  counted: readonly number[],
): { stage(tx: Tx, electionId: string, now: number): void } | undefined {
  const contests = rankedContestsOf(manifest);
  if (contests.length === 0) return undefined;
  const ballots = [...counted].sort((a, b) => a - b);
  return {
    stage(tx, electionId, now) {
      const state: RankedState = { required: k, contests: {} };
      for (const c of contests) {
        const inputsIndex = tx.append(electionId, 'mix-inputs', {
          contestId: c.id,
          rows: ballots.length,
          ballots,
          time: now,
        });
        state.contests[c.id] = { inputsIndex, rows: ballots.length, stages: [] };
      }
      saveRankedState(tx, electionId, state);
    },
  };
}

/** A ballot entering the mix, as in `inputs.json` (spec/mixnet.md §8.1): its code and its row. */
export type MixInputBallot = RankedBallotJson & { readonly id: string };

/**
 * The ballot entering the mix of `contest` that the board entry at `index` holds.
 * @throws {ApiError} EVD_ERR_INTERNAL when the ballot lacks the row (the cast path refuses those)
 */
export function mixInputBallotOf(
  entry: Record<string, unknown>,
  contest: RankedContest,
  position: number,
  index: number,
): MixInputBallot {
  const sub = entry.submission as BallotSubmission;
  const row = sub.ballot.ranked?.[position];
  if (!row || row.contestId !== contest.id)
    throw new ApiError('EVD_ERR_INTERNAL', `ballot at ${index} has no row for "${contest.id}"`);
  return { id: sub.ballot.code.toUpperCase(), ...upperHex(row) }; // the board keeps either case
}

/**
 * The ballots entering the mix of `contest`, in board order.
 * @param inputsIndex - the contest's `mix-inputs` entry
 * @throws {ApiError} EVD_ERR_INTERNAL when a counted ballot lacks the row (the cast path refuses those)
 */
export async function mixInputBallots(
  ctx: ServerContext,
  id: string,
  contest: RankedContest,
  position: number,
  inputsIndex: number,
): Promise<MixInputBallot[]> {
  const inputs = (await boardEntry(ctx, id, inputsIndex)) as { ballots: number[] };
  const out: MixInputBallot[] = [];
  for (const index of inputs.ballots)
    out.push(mixInputBallotOf(await boardEntry(ctx, id, index), contest, position, index));
  return out;
}
