/**
 * What the server decides station requests on (spec/server-api.md §11.8): the printing key and
 * the station keys registered on the board, the stations whose poll book is closed and those
 * excluded, each with its board entry's log index. Derived from the board's own entries
 * (`printing-key`, `station-key`, `poll-book-close`, `station-exclusion`), read through the store's
 * index on the entry type: the board is the one source of truth, there is no second copy to
 * disagree with it. Inside the writer, a job sees the committed board plus the entries that the
 * earlier jobs of its batch appended: {@link appendStationEntry} appends an entry and applies it,
 * with the same {@link applyStationEntry}, to the batch's staged copy (writer scratch space, undone
 * with a failing job and gone with the batch — never stored).
 * @module
 */
import type { Manifest } from '@evident/e2e-crypto';
import { boardFold } from '../board/board-fold.js';
import type { Tx } from '../board/writer.js';
import type { ServerContext } from '../context.js';
import { ApiError } from '../errors.js';
import type { ElectionRow } from '../store/store.js';

/** A board entry the state points to. */
export interface Registered {
  /** upper-case hex (keys) */
  readonly publicKey: string;
  readonly index: number;
}

/** The paper-channel state of one election. */
export interface StationState {
  printingKey?: Registered;
  /** station label → its `station-key` (the first: the server writes one) */
  readonly keys: Map<string, Registered>;
  /** station label → its `poll-book-close` entry's log index and signature */
  readonly closed: Map<string, { readonly index: number; readonly signature: string }>;
  /** station label → its `station-exclusion` entry's log index and reason */
  readonly excluded: Map<string, { readonly index: number; readonly reason: string }>;
}

/** The entry types the state is made of. */
export const STATION_ENTRY_TYPES = [
  'printing-key',
  'station-key',
  'poll-book-close',
  'station-exclusion',
] as const;
export type StationEntryType = (typeof STATION_ENTRY_TYPES)[number];

const empty = (): StationState => ({ keys: new Map(), closed: new Map(), excluded: new Map() });
const copy = (s: StationState): StationState => ({
  ...(s.printingKey ? { printingKey: s.printingKey } : {}),
  keys: new Map(s.keys),
  closed: new Map(s.closed),
  excluded: new Map(s.excluded),
});
const str = (v: unknown): string | undefined => (typeof v === 'string' ? v : undefined);

/**
 * Adds one entry (`{type, ...fields}`, as on the board) at log index `index`. The first entry of a
 * kind per station counts (the server writes no second one; P1/P8 of the verifier flag any).
 */
export function applyStationEntry(s: StationState, index: number, e: Record<string, unknown>): void {
  switch (e.type) {
    case 'printing-key': {
      const publicKey = str(e.publicKey);
      if (publicKey && !s.printingKey) s.printingKey = { publicKey, index };
      return;
    }
    case 'station-key': {
      const [station, publicKey] = [str(e.station), str(e.publicKey)];
      if (station !== undefined && publicKey && !s.keys.has(station))
        s.keys.set(station, { publicKey, index });
      return;
    }
    case 'poll-book-close': {
      const station = str((e.closing as { station?: unknown } | undefined)?.station);
      const signature = str(e.signature);
      if (station !== undefined && signature && !s.closed.has(station))
        s.closed.set(station, { index, signature });
      return;
    }
    case 'station-exclusion': {
      const [station, reason] = [str(e.station), str(e.reason)];
      if (station !== undefined && reason !== undefined && !s.excluded.has(station))
        s.excluded.set(station, { index, reason });
      return;
    }
  }
}

const fold = boardFold<StationState>(STATION_ENTRY_TYPES, empty, applyStationEntry);
const stagedKey = (id: string): string => `station-state:${id}`;

/** The state of the committed board (outside the writer); a copy, the caller's to change. */
export async function readStationState(ctx: ServerContext, id: string): Promise<StationState> {
  return copy(await fold.committed(ctx, id));
}

/**
 * The state inside a writer job: the committed board and what the earlier jobs of this batch
 * appended through {@link appendStationEntry}. A copy, the caller's to change.
 */
export async function stagedStationState(ctx: ServerContext, tx: Tx, id: string): Promise<StationState> {
  const staged = tx.get(stagedKey(id)) as StationState | undefined;
  return copy(staged ?? (await fold.committed(ctx, id)));
}

/**
 * Appends a paper-channel entry in a writer job and stages its effect, so that the later jobs of
 * the batch see it before the commit.
 * @returns its log index
 */
export async function appendStationEntry(
  ctx: ServerContext,
  tx: Tx,
  id: string,
  type: StationEntryType,
  fields: Record<string, unknown>,
): Promise<number> {
  const s = await stagedStationState(ctx, tx, id);
  const index = tx.append(id, type, fields);
  applyStationEntry(s, index, { ...fields, type });
  tx.set(stagedKey(id), s);
  return index;
}

/** The states before `open`: keys and the roll may still change. */
export const BEFORE_OPEN: readonly string[] = ['created', 'keys-imported', 'credentials-issued'];

/**
 * The manifest's polling station `label`.
 * @throws {ApiError} EVD_ERR_NOT_FOUND when the manifest has no such station
 */
export function manifestStation(e: ElectionRow, label: string): Manifest['pollingStations'][number] {
  const station = (JSON.parse(e.manifest) as Manifest).pollingStations.find((s) => s.label === label);
  if (!station)
    throw new ApiError(
      'EVD_ERR_NOT_FOUND',
      `no polling station "${label.slice(0, 128)}" in the manifest`,
      'station',
    );
  return station;
}

/**
 * The stations that hold up the online tally: a registered station key and neither a closed
 * poll book nor an exclusion (spec/server-api.md §11.6), sorted.
 */
export function pendingStations(s: StationState): string[] {
  return [...s.keys.keys()].filter((st) => !s.closed.has(st) && !s.excluded.has(st)).sort();
}
