/**
 * Instant-runoff counting (spec/ranked-choice.md §4.1, rules R1–R4).
 * @module
 */
import { breakExclusionTie, type CountResult, type CountRound } from './count-table.js';

/**
 * Counts single-seat instant-runoff: each round every ballot counts for its highest-ranked
 * continuing candidate (R1); a candidate with more than half of the ballots that still count
 * wins (R2), as does the last continuing candidate (R3); otherwise the candidate with the fewest
 * votes is excluded, ties by rule T1 (R4).
 * @param candidates - names, candidate j is `candidates[j − 1]`
 * @param ballots - preference lists of candidate numbers 1..m (from {@link interpretRanking})
 * @throws {RangeError} when a preference is not a candidate number or there are no candidates
 */
export function countInstantRunoff(
  candidates: readonly string[],
  ballots: readonly (readonly number[])[],
): CountResult {
  const m = candidates.length;
  if (m < 1) throw new RangeError('candidates: at least one');
  for (const b of ballots)
    for (const c of b)
      if (!Number.isInteger(c) || c < 1 || c > m) throw new RangeError('ballots: candidate numbers are 1..m');
  const continuing = new Set(Array.from({ length: m }, (_, i) => i));
  const history: bigint[][] = [];
  const rounds: CountRound[] = [];
  const validBallots = ballots.filter((b) => b.length > 0).length;
  for (let round = 1; ; round++) {
    const t = new Array<bigint>(m).fill(0n);
    let exhausted = 0n;
    for (const b of ballots) {
      const top = b.find((c) => continuing.has(c - 1));
      if (top === undefined) exhausted++;
      else t[top - 1]!++;
    }
    const active = BigInt(ballots.length) - exhausted;
    const tallies: Record<string, string> = {};
    for (const c of continuing) tallies[candidates[c]!] = t[c]!.toString();
    const base = { round, tallies, exhausted: exhausted.toString() };
    const cont = [...continuing];
    const leader = cont.reduce((a, c) => (t[c]! > t[a]! ? c : a));
    if (2n * t[leader]! > active || cont.length === 1) {
      rounds.push({ ...base, action: 'elect', candidates: [candidates[leader]!] });
      return { method: 'instant-runoff', seats: 1, validBallots, elected: [candidates[leader]!], rounds };
    }
    let min = t[cont[0]!]!;
    for (const c of cont) if (t[c]! < min) min = t[c]!;
    const out = breakExclusionTie(
      cont.filter((c) => t[c] === min),
      history,
    );
    rounds.push({ ...base, action: 'exclude', candidates: [candidates[out]!] });
    continuing.delete(out);
    history.push(t);
  }
}
