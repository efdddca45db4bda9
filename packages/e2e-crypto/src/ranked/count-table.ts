/**
 * The published round-by-round table of a ranked count (spec/ranked-choice.md §4) and the
 * tie-break shared by instant-runoff and STV.
 * @module
 */

/** One round of a count: the tallies at its start and what the round did. */
export interface CountRound {
  /** 1-based round number */
  readonly round: number;
  /** votes of every continuing or elected candidate at the start of the round (IRV: integers;
   * STV: decimal strings with 6 places) */
  readonly tallies: Readonly<Record<string, string>>;
  /** votes that no longer count for a continuing or elected candidate */
  readonly exhausted: string;
  /** what the round did */
  readonly action: 'elect' | 'exclude' | 'transfer' | 'elect-remaining';
  /** the candidates elected or excluded, or the one whose surplus moved */
  readonly candidates: readonly string[];
  /** STV: the transfer value of a surplus (decimal string) */
  readonly transferValue?: string;
}

/** A complete count. */
export interface CountResult {
  readonly method: 'instant-runoff' | 'stv';
  readonly seats: number;
  /** number of ballots with at least one preference */
  readonly validBallots: number;
  /** STV only: the Droop quota in whole votes */
  readonly quota?: number;
  /** in order of election */
  readonly elected: readonly string[];
  readonly rounds: readonly CountRound[];
}

/**
 * Chooses the candidate to exclude among `tied` (all with the lowest tally): the one with fewer
 * votes at the most recent earlier round where their tallies differ; if they were tied in every
 * round, the one listed last in the contest (§4.3 rule T1 — a deterministic substitute for lots).
 * @param history - tallies of earlier rounds, oldest first, by candidate index
 */
export function breakExclusionTie(tied: readonly number[], history: readonly (readonly bigint[])[]): number {
  let pool = [...tied];
  for (let h = history.length - 1; h >= 0 && pool.length > 1; h--) {
    const t = history[h]!;
    let min = t[pool[0]!]!;
    for (const c of pool) if (t[c]! < min) min = t[c]!;
    pool = pool.filter((c) => t[c] === min);
  }
  return Math.max(...pool);
}

/**
 * Orders candidates elected in the same round: more votes first; equal votes by the most recent
 * earlier round where they differ (more first), then by contest order (§4.3 rule T2).
 */
export function electionOrder(
  cands: readonly number[],
  now: readonly bigint[],
  history: readonly (readonly bigint[])[],
): number[] {
  const all = [...history, now];
  return [...cands].sort((a, b) => {
    for (let h = all.length - 1; h >= 0; h--) {
      const d = all[h]![b]! - all[h]![a]!;
      if (d !== 0n) return d > 0n ? 1 : -1;
    }
    return a - b;
  });
}
