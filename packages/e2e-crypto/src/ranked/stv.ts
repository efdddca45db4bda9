/**
 * Single transferable vote with the weighted inclusive Gregory method (WIGM), close to the
 * Scottish STV rules of 2007 (spec/ranked-choice.md §4.2, rules S1–S8).
 *
 * Arithmetic is exact in fixed point: votes and weights are integers in units of 10^-6 vote,
 * every product truncated (S7), so that any verifier gets the same table to the last digit.
 * @module
 */
import { breakExclusionTie, type CountResult, type CountRound, electionOrder } from './count-table.js';

/** One vote in fixed point (§4.2 S7). */
export const STV_SCALE = 1_000_000n;

/** A fixed-point vote count as a decimal string with 6 places. */
export function formatVotes(v: bigint): string {
  const neg = v < 0n;
  const a = neg ? -v : v;
  return `${neg ? '-' : ''}${a / STV_SCALE}.${(a % STV_SCALE).toString().padStart(6, '0')}`;
}

interface Paper {
  readonly prefs: readonly number[]; // 0-based candidate indices
  pos: number; // index into prefs of the candidate holding it, prefs.length when exhausted
  weight: bigint; // fixed point
}

/**
 * Counts a multi-seat STV election (§4.2):
 * S1 quota = ⌊V/(seats+1)⌋ + 1 with V the ballots that rank someone; S2 every ballot starts at
 * weight 1 with its first preference; S3 candidates at or above quota are elected (order T2);
 * S4 the largest untransferred surplus moves next: every ballot of that candidate passes to its
 * next continuing preference at weight·(surplus/votes), truncated; S5 with no surplus pending the
 * lowest candidate is excluded (ties T1) and its ballots pass at their weight; S6 when the seats
 * left equal the continuing candidates, all are elected; S8 the count ends when all seats are filled.
 * @param candidates - names, candidate j is `candidates[j − 1]`
 * @param seats - seats to fill, 1 ≤ seats ≤ m
 * @param ballots - preference lists of candidate numbers 1..m
 * @throws {RangeError} for bad arguments
 */
export function countStv(
  candidates: readonly string[],
  seats: number,
  ballots: readonly (readonly number[])[],
): CountResult {
  const m = candidates.length;
  if (!Number.isInteger(seats) || seats < 1 || seats > m) throw new RangeError('seats: must be in 1..m');
  for (const b of ballots)
    for (const c of b)
      if (!Number.isInteger(c) || c < 1 || c > m) throw new RangeError('ballots: candidate numbers are 1..m');
  const papers: Paper[] = ballots
    .filter((b) => b.length > 0)
    .map((b) => ({ prefs: b.map((c) => c - 1), pos: 0, weight: STV_SCALE }));
  const V = papers.length;
  const quota = Math.floor(V / (seats + 1)) + 1; // S1
  const quotaFx = BigInt(quota) * STV_SCALE;
  const status = new Array<'continuing' | 'elected' | 'excluded'>(m).fill('continuing');
  const kept = new Array<bigint | undefined>(m).fill(undefined); // votes kept after a surplus moved
  const pending: number[] = []; // elected, surplus not yet transferred
  const elected: number[] = [];
  const history: bigint[][] = [];
  const rounds: CountRound[] = [];
  let exhausted = 0n;

  /** Moves a paper to its next continuing preference (or exhausts it). */
  const advance = (p: Paper): void => {
    do p.pos++;
    while (p.pos < p.prefs.length && status[p.prefs[p.pos]!] !== 'continuing');
    if (p.pos >= p.prefs.length) exhausted += p.weight;
  };
  const holder = (p: Paper): number | undefined => (p.pos < p.prefs.length ? p.prefs[p.pos] : undefined);

  for (let round = 1; ; round++) {
    const t = new Array<bigint>(m).fill(0n);
    for (const p of papers) {
      const h = holder(p);
      if (h !== undefined) t[h]! += p.weight;
    }
    for (let c = 0; c < m; c++) if (kept[c] !== undefined) t[c] = kept[c]!;
    const tallies: Record<string, string> = {};
    for (let c = 0; c < m; c++) if (status[c] !== 'excluded') tallies[candidates[c]!] = formatVotes(t[c]!);
    const base = { round, tallies, exhausted: formatVotes(exhausted) };
    const result = (): CountResult => ({
      method: 'stv',
      seats,
      validBallots: V,
      quota,
      elected: elected.map((c) => candidates[c]!),
      rounds,
    });
    if (elected.length === seats) return result(); // S8 (reached after a final transfer)

    const cont = [...status.keys()].filter((c) => status[c] === 'continuing');
    if (cont.length <= seats - elected.length) {
      // S6
      const order = electionOrder(cont, t, history);
      for (const c of order) {
        status[c] = 'elected';
        elected.push(c);
      }
      rounds.push({ ...base, action: 'elect-remaining', candidates: order.map((c) => candidates[c]!) });
      return result();
    }
    const reached = cont.filter((c) => t[c]! >= quotaFx);
    if (reached.length > 0) {
      // S3
      const order = electionOrder(reached, t, history).slice(0, seats - elected.length);
      for (const c of order) {
        status[c] = 'elected';
        elected.push(c);
        pending.push(c);
      }
      rounds.push({ ...base, action: 'elect', candidates: order.map((c) => candidates[c]!) });
      history.push(t);
      if (elected.length === seats) return result();
      continue;
    }
    if (pending.length > 0) {
      // S4: the largest surplus first, ties by order of election
      let k = 0;
      for (let i = 1; i < pending.length; i++) if (t[pending[i]!]! > t[pending[k]!]!) k = i;
      const c = pending.splice(k, 1)[0]!;
      const votes = t[c]!;
      const surplus = votes - quotaFx;
      const tv = votes > 0n ? (surplus * STV_SCALE) / votes : 0n; // S7: truncated
      for (const p of papers) {
        if (holder(p) !== c) continue;
        p.weight = (p.weight * tv) / STV_SCALE; // S7: truncated
        advance(p);
      }
      kept[c] = quotaFx;
      rounds.push({
        ...base,
        action: 'transfer',
        candidates: [candidates[c]!],
        transferValue: formatVotes(tv),
      });
      history.push(t);
      continue;
    }
    // S5
    let min = t[cont[0]!]!;
    for (const c of cont) if (t[c]! < min) min = t[c]!;
    const out = breakExclusionTie(
      cont.filter((c) => t[c] === min),
      history,
    );
    status[out] = 'excluded';
    for (const p of papers) if (holder(p) === out) advance(p);
    rounds.push({ ...base, action: 'exclude', candidates: [candidates[out]!] });
    history.push(t);
  }
}
