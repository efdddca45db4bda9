/**
 * The figures of a report that come from the bulletin board's entries rather than from the
 * verifier's final result: online ballots counted (by the one counted-ballots rule of
 * @evident/record), cancellations, challenged ballots, the poll books' check-ins, station
 * exclusions, what each station's effective sheet says about rejected ballots and
 * reconciliation, and the ranked contests' published counts (spec/reports.md §2).
 * @module
 */
import { type BoardEntry, REJECT_REASONS, countedBallots } from '@evident/record';

/** One station's reconciliation: its poll book and its effective sheet. */
export interface StationReconciliation {
  readonly station: string;
  /** the signed poll-book closing's check-ins; null when the station closed no poll book */
  readonly pollBookCheckIns: number | null;
  /** the effective sheet's check-ins and ballots counted */
  readonly sheetCheckIns: number;
  readonly ballots: number;
  /** ballots counted − check-ins on the sheet */
  readonly difference: number;
  /** the sheet's reconciliation note (null when ballots = check-ins) */
  readonly note: string | null;
}

/** Rejected paper ballots of one station and reason (reasons of spec/stations.md §5.3). */
export interface RejectedBallots {
  readonly station: string;
  readonly reason: string;
  readonly count: number;
}

/** A ranked contest's count as the `ranked-count` entry publishes it (spec/ranked-choice.md §4; checked by K1–K4). */
export interface RankedCount {
  readonly contest: string;
  readonly method: string;
  readonly seats: number;
  readonly validBallots: number;
  readonly quota: number | null;
  readonly elected: readonly string[];
  readonly rounds: readonly {
    readonly round: number;
    /** candidate → votes, as published (IRV integers, STV 6-decimal strings) */
    readonly tallies: Readonly<Record<string, string>>;
    readonly exhausted: string;
    readonly action: string;
    readonly candidates: readonly string[];
    /** STV `transfer` rounds only */
    readonly transferValue?: string;
  }[];
}

/** What the board says beyond the final result. */
export interface BoardFacts {
  readonly onlineCounted: number;
  readonly onlineSuperseded: number;
  readonly cancellations: number;
  readonly challenged: number;
  /** the sum of every poll book's signed check-ins */
  readonly checkIns: number;
  readonly exclusions: readonly { station: string; reason: string }[];
  readonly rejected: readonly RejectedBallots[];
  readonly reconciliation: readonly StationReconciliation[];
  readonly ranked: readonly RankedCount[];
  /** stations with a key on the board, not excluded, and without an effective sheet, in board order */
  readonly notReported: readonly string[];
}

type Fields = Readonly<Record<string, unknown>>;
const count = (v: unknown): number => (Number.isSafeInteger(v) && (v as number) >= 0 ? (v as number) : 0);
const text = (v: unknown): string | null => (typeof v === 'string' ? v : null);

/** The sheet of a `station-sheet` entry (its fields read defensively: the verifier judged them). */
function sheetOf(e: Fields): Fields | undefined {
  const sheet = (e.signed as { sheet?: unknown } | undefined)?.sheet;
  return sheet !== null && typeof sheet === 'object' ? (sheet as Fields) : undefined;
}

const strings = (v: unknown): string[] => (Array.isArray(v) ? v.map(String) : []);

/** A `ranked-count` entry's count (its fields read defensively: K1–K4 judged them). */
function rankedCount(e: Fields): RankedCount {
  const r = (e.result ?? {}) as Fields;
  const rounds = Array.isArray(r.rounds) ? (r.rounds as Fields[]) : [];
  return {
    contest: String(e.contestId),
    method: String(r.method),
    seats: count(r.seats),
    validBallots: count(r.validBallots),
    quota: r.quota === undefined ? null : count(r.quota),
    elected: strings(r.elected),
    rounds: rounds.map((x) => ({
      round: count(x.round),
      tallies: Object.fromEntries(
        Object.entries((x.tallies ?? {}) as Fields).map(([k, v]) => [k, String(v)]),
      ),
      exhausted: String(x.exhausted),
      action: String(x.action),
      candidates: strings(x.candidates),
      ...(x.transferValue !== undefined ? { transferValue: String(x.transferValue) } : {}),
    })),
  };
}

/**
 * The board's figures.
 * @param entries - the board's entries in log order
 * @param effective - station → the sheet hash of its effective sheet (the verifier's P9 `byStation`)
 */
export function boardFacts(
  entries: readonly BoardEntry[],
  effective: ReadonlyMap<string, string>,
): BoardFacts {
  const counted = countedBallots(entries.map((x) => ({ index: x.index, type: x.type, fields: x.e })));
  const closings = new Map<string, number>();
  const sheets = new Map<string, Fields>();
  const exclusions: { station: string; reason: string }[] = [];
  let cancellations = 0;
  let challenged = 0;
  const ranked: RankedCount[] = [];
  const keyed: string[] = [];
  for (const { type, e } of entries) {
    if (type === 'cancellation') cancellations++;
    else if (type === 'challenged-ballot') challenged++;
    else if (type === 'ranked-count') ranked.push(rankedCount(e));
    else if (type === 'station-key') keyed.push(String(e.station));
    else if (type === 'station-exclusion')
      exclusions.push({ station: String(e.station), reason: text(e.reason) ?? '' });
    else if (type === 'poll-book-close') {
      const c = e.closing as Fields | undefined;
      if (c && typeof c.station === 'string') closings.set(c.station, count(c.checkIns));
    } else if (type === 'station-sheet' && typeof e.sheetHash === 'string') {
      const sheet = sheetOf(e);
      if (sheet) sheets.set(e.sheetHash, sheet);
    }
  }
  const rejected: RejectedBallots[] = [];
  const reconciliation: StationReconciliation[] = [];
  for (const [station, hash] of effective) {
    const sheet = sheets.get(hash);
    if (!sheet) continue;
    const reasons = (sheet.rejected ?? {}) as Fields;
    // the spec's reasons in its order, then any other the sheet holds (the verifier judges them)
    const known: readonly string[] = REJECT_REASONS;
    for (const reason of [...known, ...Object.keys(reasons).filter((k) => !known.includes(k))])
      rejected.push({ station, reason, count: count(reasons[reason]) });
    const b = (sheet.ballots ?? {}) as Fields;
    const ballots = count(b.bmd) + count(b.handMarked);
    reconciliation.push({
      station,
      pollBookCheckIns: closings.get(station) ?? null,
      sheetCheckIns: count(sheet.checkIns),
      ballots,
      difference: ballots - count(sheet.checkIns),
      note: text(sheet.reconciliation),
    });
  }
  return {
    onlineCounted: counted.counted.length,
    onlineSuperseded: counted.superseded.length,
    cancellations,
    challenged,
    checkIns: [...closings.values()].reduce((a, n) => a + n, 0),
    exclusions,
    rejected,
    reconciliation,
    ranked,
    notReported: keyed.filter((st) => !effective.has(st) && !exclusions.some((x) => x.station === st)),
  };
}
