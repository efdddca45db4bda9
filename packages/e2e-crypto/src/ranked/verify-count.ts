/**
 * Recomputing a published ranked count from the decrypted rows (spec/ranked-choice.md §5,
 * checks K1–K4). A pure function: the verifier has already checked the mix chain and the
 * decryption proofs that give `rows`.
 * @module
 */
import type { Finding } from '../findings.js';
import type { CountResult } from './count-table.js';
import { countInstantRunoff } from './instant-runoff.js';
import type { RankedContest } from './ranked-ballot.js';
import { interpretRanking } from './ranking.js';
import { countStv } from './stv.js';

/**
 * The candidates of a count and each ballot's preferences as indices into them (§3.1, §2.4):
 * the listed candidates, then every valid write-in name that some ballot ranks and that is not a
 * listed name, in code-point order. Values m+1..m+W refer to the row's write-in slots; a slot
 * whose name is blank or invalid (null) is skipped (I4); a repeated candidate is skipped (I2).
 * @param rows - decrypted values per rank position
 * @param writeIns - per row, the W decoded names (null = invalid), when the contest has write-ins
 * @throws {RangeError} naming `rows[i][r]` when a value is outside 0..m+W
 */
export function rankedBallots(
  contest: RankedContest,
  rows: readonly (readonly unknown[])[],
  writeIns?: readonly (readonly (string | null)[])[],
): { candidates: string[]; ballots: number[][] } {
  const m = contest.candidates.length;
  const W = contest.writeIns ?? 0;
  const read = rows.map((row, i) => {
    const r = interpretRanking(row, m + W);
    if (!r.ok) throw new RangeError(`rows[${i}][${r.position}]: not a candidate number or 0`);
    return r.preferences.map((v) =>
      v <= m ? contest.candidates[v - 1]! : (writeIns?.[i]?.[v - m - 1] ?? null),
    );
  });
  const listed = new Set(contest.candidates);
  const extra = new Set<string>();
  for (const prefs of read) for (const n of prefs) if (n !== null && n !== '' && !listed.has(n)) extra.add(n);
  const candidates = [...contest.candidates, ...[...extra].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0))];
  const index = new Map(candidates.map((c, j) => [c, j + 1]));
  const ballots = read.map((prefs) => {
    const out: number[] = [];
    for (const n of prefs) {
      const j = n === null ? undefined : index.get(n);
      if (j !== undefined && !out.includes(j)) out.push(j);
    }
    return out;
  });
  return { candidates, ballots };
}

/**
 * Counts a contest from decrypted rows: instant-runoff for one seat, STV otherwise (§4).
 * With write-ins, STV fills at most as many seats as there are candidates.
 * @param rows - decrypted values per rank position (numbers 0..m+W)
 * @param writeIns - per row, the decoded write-in names (contests with write-ins)
 * @throws {RangeError} when a row holds a value outside 0..m+W (a verifier reports K1 instead)
 */
export function countRankedContest(
  contest: RankedContest,
  rows: readonly (readonly unknown[])[],
  writeIns?: readonly (readonly (string | null)[])[],
): CountResult {
  const { candidates, ballots } = rankedBallots(contest, rows, writeIns);
  if (candidates.length === 0) {
    return {
      method: contest.seats === 1 ? 'instant-runoff' : 'stv',
      seats: contest.seats,
      validBallots: 0,
      elected: [],
      rounds: [],
    };
  }
  return contest.seats === 1
    ? countInstantRunoff(candidates, ballots)
    : countStv(candidates, Math.min(contest.seats, candidates.length), ballots);
}

/**
 * Recomputes the count and compares it with the published one:
 * K1 every decrypted value is in 0..m+W; K2 method, seats, quota and ballot count match;
 * K3 every round of the table matches (tallies, exhausted, action, candidates, transfer value);
 * K4 the elected candidates match, in order.
 * @returns the findings (`where` like `rounds[3].tallies`), empty when the count is right; never
 *   throws on bad data
 */
export function verifyRankedCount(
  contest: RankedContest,
  rows: readonly (readonly unknown[])[],
  published: CountResult,
  writeIns?: readonly (readonly (string | null)[])[],
): readonly Finding[] {
  const failures: Finding[] = [];
  const m = contest.candidates.length + (contest.writeIns ?? 0);
  if (!Array.isArray(rows)) return [{ check: 'K1', where: 'rows', message: 'expected an array' }];
  rows.forEach((row, i) => {
    const r = Array.isArray(row) ? interpretRanking(row, m) : { ok: false as const, position: 0, value: row };
    if (!r.ok)
      failures.push({ check: 'K1', where: `rows[${i}][${r.position}]`, message: `value is not 0..${m}` });
  });
  if (failures.length > 0) return failures;
  let mine: CountResult;
  try {
    mine = countRankedContest(contest, rows, writeIns);
  } catch (e) {
    return [{ check: 'K2', where: 'contest', message: (e as Error).message }];
  }
  const p = (published ?? {}) as Partial<CountResult>;
  for (const f of ['method', 'seats', 'quota', 'validBallots'] as const) {
    if (p[f] !== mine[f])
      failures.push({
        check: 'K2',
        where: f,
        message: `published ${String(p[f])}, recomputed ${String(mine[f])}`,
      });
  }
  const rounds = Array.isArray(p.rounds) ? p.rounds : [];
  if (rounds.length !== mine.rounds.length) {
    failures.push({
      check: 'K3',
      where: 'rounds',
      message: `published ${rounds.length} rounds, recomputed ${mine.rounds.length}`,
    });
  }
  mine.rounds.forEach((r, i) => {
    const q = rounds[i];
    if (!q) return;
    if (JSON.stringify(sortKeys(q.tallies)) !== JSON.stringify(sortKeys(r.tallies))) {
      failures.push({
        check: 'K3',
        where: `rounds[${i}].tallies`,
        message: 'tallies differ from the recount',
      });
    }
    for (const f of ['round', 'exhausted', 'action', 'transferValue'] as const) {
      if (q[f] !== r[f])
        failures.push({
          check: 'K3',
          where: `rounds[${i}].${f}`,
          message: `published ${String(q[f])}, recomputed ${String(r[f])}`,
        });
    }
    if (JSON.stringify(q.candidates) !== JSON.stringify(r.candidates)) {
      failures.push({
        check: 'K3',
        where: `rounds[${i}].candidates`,
        message: 'candidates differ from the recount',
      });
    }
  });
  if (JSON.stringify(p.elected) !== JSON.stringify(mine.elected)) {
    failures.push({
      check: 'K4',
      where: 'elected',
      message: `published ${JSON.stringify(p.elected)}, recomputed ${JSON.stringify(mine.elected)}`,
    });
  }
  return failures;
}

function sortKeys(o: unknown): unknown {
  if (typeof o !== 'object' || o === null) return o;
  return Object.fromEntries(
    Object.entries(o as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)),
  );
}
