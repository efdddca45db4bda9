/**
 * What the server keeps of each election's paper channel (spec/server-api.md §11): the printing
 * key and the station keys registered on the board, the stations whose poll book is closed and
 * those excluded, each with its board entry's log index. Kept as a meta state (store/meta-state.ts)
 * and staged in the writer, so that the jobs of one batch see each other's registrations.
 * @module
 */
import type { Manifest } from '@evident/e2e-crypto';
import type { ServerContext } from '../context.js';
import { ApiError } from '../errors.js';
import { metaState } from '../store/meta-state.js';
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
  /** station label → its `station-key` */
  keys: Record<string, Registered>;
  /** station label → the log index of its `poll-book-close` entry */
  closed: Record<string, { index: number; signature: string }>;
  /** station label → the log index of its `station-exclusion` entry */
  excluded: Record<string, { index: number; reason: string }>;
}

const state = metaState<StationState>('stations');
const empty = (): StationState => ({ keys: {}, closed: {}, excluded: {} });

/** The state (outside the writer). */
export async function readStationState(ctx: ServerContext, id: string): Promise<StationState> {
  return (await state.read(ctx, id)) ?? empty();
}
/** The state inside a writer job. */
export async function stagedStationState(
  ctx: ServerContext,
  tx: Parameters<typeof state.staged>[1],
  id: string,
): Promise<StationState> {
  return (await state.staged(ctx, tx, id)) ?? empty();
}
export const saveStationState = state.save;

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
 * poll book nor an exclusion (spec/server-api.md §11.6).
 */
export function pendingStations(s: StationState): string[] {
  return Object.keys(s.keys)
    .filter((st) => !Object.hasOwn(s.closed, st) && !Object.hasOwn(s.excluded, st))
    .sort();
}
