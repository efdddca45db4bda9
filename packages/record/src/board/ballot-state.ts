/**
 * A ballot's place on a board the tracker has read and checked (spec/tracker.md §3): the entry
 * whose submission carries the tracking code, and its state by the board's own entries, under
 * the one counted-ballots rule of @evident/record (spec/bulletin-board.md L3.C): `challenged` (a
 * `challenged-ballot` entry), `cancelled` (its credential named by a `cancellation` entry),
 * `superseded` (a later ballot of its credential counts instead), else `cast`. A `ballot` entry
 * the rule leaves out for another reason (before `open`, an unpublished credential) is
 * `uncounted`: the board itself is irregular. Pure and browser-safe: `evident-track` and the
 * tracker page decide a state with this one definition.
 * @module
 */
import type { BoardEntry } from './board-reader.js';
import { countedBallots } from './counted-ballots.js';

/**
 * The entries the state is read from: a whole checked board (a `BoardView`), or, for the tracker
 * page's light check, the proved entries of one credential (credential-entries.ts).
 */
export interface EntriesView {
  readonly entries: readonly BoardEntry[];
}

/** What the board says of a ballot. */
export type BallotState = 'cast' | 'superseded' | 'challenged' | 'cancelled' | 'uncounted';

/** A ballot's board entry and its state. */
export interface TrackedBallot {
  readonly index: number;
  readonly type: 'ballot' | 'challenged-ballot';
  /** the entry's `time` (ms since the epoch) */
  readonly time: number;
  readonly state: BallotState;
  /** the log index of the ballot that superseded it (a `supersession` entry's `by`) */
  readonly supersededBy?: number;
  /** the log index of the first `cancellation` entry naming its credential */
  readonly cancelledBy?: number;
  /** the station whose check-in that entry records */
  readonly cancelledAt?: string;
  /** why the counting rule leaves an `uncounted` ballot out */
  readonly reason?: string;
}

const credentialOf = (e: BoardEntry): string =>
  String((e.e.submission as { credential?: unknown } | undefined)?.credential).toUpperCase();

const codeOf = (e: BoardEntry): string | undefined => {
  const code = (e.e.submission as { ballot?: { code?: unknown } } | undefined)?.ballot?.code;
  return typeof code === 'string' ? code.toUpperCase() : undefined;
};

/** The `ballot` or `challenged-ballot` entry with tracking code `code`, if the board has one. */
export function findBallot(board: EntriesView, code: string): BoardEntry | undefined {
  const want = code.toUpperCase();
  return board.entries.find(
    (e) => (e.type === 'ballot' || e.type === 'challenged-ballot') && codeOf(e) === want,
  );
}

/** The first `cancellation` entry naming the ballot's credential, and its station. */
function cancellationOf(
  board: EntriesView,
  entry: BoardEntry,
): Pick<TrackedBallot, 'cancelledBy' | 'cancelledAt'> {
  const cred = credentialOf(entry);
  const c = board.entries.find(
    (e) => e.type === 'cancellation' && String(e.e.credential).toUpperCase() === cred,
  );
  if (!c) return {};
  return { cancelledBy: c.index, ...(typeof c.e.station === 'string' ? { cancelledAt: c.e.station } : {}) };
}

/** The server's word for each state (spec/server-api.md §5.4); `uncounted` has none: the server counts it. */
export const SERVER_STATUS: Readonly<Record<Exclude<BallotState, 'uncounted'>, string>> = {
  cast: 'counted',
  superseded: 'superseded',
  challenged: 'challenged',
  cancelled: 'cancelled',
};

/** The state of the ballot at `entry` by the board's entries. */
export function ballotState(board: EntriesView, entry: BoardEntry): TrackedBallot {
  const base = {
    index: entry.index,
    type: entry.type as TrackedBallot['type'],
    time: Number(entry.e.time),
  };
  if (entry.type === 'challenged-ballot') return { ...base, state: 'challenged' };
  const rule = countedBallots(board.entries.map((e) => ({ index: e.index, type: e.type, fields: e.e })));
  if (rule.counted.includes(entry.index)) return { ...base, state: 'cast' };
  const left = rule.uncounted.find((u) => u.index === entry.index);
  if (left?.reason === 'cancelled') return { ...base, state: 'cancelled', ...cancellationOf(board, entry) };
  if (left) return { ...base, state: 'uncounted', reason: left.message };
  const by = board.entries.find((e) => e.type === 'supersession' && e.e.superseded === entry.index)?.e.by;
  return { ...base, state: 'superseded', ...(typeof by === 'number' ? { supersededBy: by } : {}) };
}
