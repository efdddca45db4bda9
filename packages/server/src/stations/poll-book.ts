/**
 * The end of a station's poll book (spec/server-api.md §11.6): its signed closing, or the
 * administrator's exclusion of the station. The online tally waits until every station with a
 * registered key has one or the other, so that no check-in — no cancellation — can arrive after
 * the encrypted tally is formed.
 * @module
 */
import type { PollBookClosing } from '@evident/record';
import { verifyPaperStatement } from '@evident/e2e-crypto';
import type { ServerContext } from '../context.js';
import { onCurrentView } from '../elections/current-view.js';
import { loadElection } from '../elections/election-actions.js';
import { ApiError } from '../errors.js';
import {
  appendStationEntry,
  manifestStation,
  pendingStations,
  readStationState,
  stagedStationState,
  type StationState,
} from './station-state.js';

/** The states in which poll books close and stations are excluded: after `open`, before the tally. */
const ENDING: readonly string[] = ['open', 'closed'];

function checkEnding(state: string, what: string): void {
  if (!ENDING.includes(state))
    throw new ApiError('EVD_ERR_WRONG_PHASE', `${what} while the election is open or closed; it is ${state}`);
}

/**
 * Posts a station's signed poll-book closing as a `poll-book-close` entry, with the server's count
 * of its check-ins of voters also checked in at another station.
 * @returns the entry's log index, and whether it was written now (false: the same closing again)
 * @throws {ApiError} 404 unknown station; 400 EVD_ERR_VALIDATION (closing of another election or
 *   station), EVD_ERR_INVALID_SIGNATURE; 409 EVD_ERR_WRONG_PHASE (state, no station key),
 *   EVD_ERR_CONFLICT (another closing already, or a check-in count the server does not have)
 */
export async function closePollBook(
  ctx: ServerContext,
  id: string,
  station: string,
  closing: PollBookClosing,
  signature: string,
): Promise<{ index: number; created: boolean }> {
  // on this node's view; a refusal only if the store agrees (spec/server-api.md §6.6)
  const key = await onCurrentView(ctx, id, async () => {
    const e = await loadElection(ctx, id);
    manifestStation(e, station);
    checkEnding(e.state, 'poll books close');
    if (closing.electionId !== id)
      throw new ApiError('EVD_ERR_VALIDATION', 'the closing names another election', 'closing.electionId');
    if (closing.station !== station)
      throw new ApiError('EVD_ERR_VALIDATION', 'the closing names another station', 'closing.station');
    const key = (await readStationState(ctx, id)).keys.get(station);
    if (!key)
      throw new ApiError(
        'EVD_ERR_WRONG_PHASE',
        `station "${station}" has no registered station key`,
        'station',
      );
    return key;
  });
  if (!verifyPaperStatement(key.publicKey, 'poll-book-close', id, closing, signature))
    throw new ApiError(
      'EVD_ERR_INVALID_SIGNATURE',
      "the closing's signature does not verify with the station's registered key",
      'signature',
    );
  const sig = signature.toUpperCase();
  return ctx.writer.submit(async (tx) => {
    checkEnding((await loadElection(ctx, id)).state, 'poll books close');
    const s = await stagedStationState(ctx, tx, id);
    const done = s.closed.get(station);
    if (done) {
      if (done.signature === sig) return { index: done.index, created: false };
      throw new ApiError(
        'EVD_ERR_CONFLICT',
        `station "${station}"'s poll book is closed already (board entry ${done.index})`,
        'closing',
      );
    }
    // checked-in voters the server holds: a closing ahead of its synced check-ins is refused
    const counts = await ctx.store.stationCheckInCounts(id, station);
    if (staged(tx, id, station) || counts.checkIns !== closing.checkIns)
      throw new ApiError(
        'EVD_ERR_CONFLICT',
        `the server holds ${counts.checkIns} check-ins of this station, the closing says ${closing.checkIns}: sync the check-ins first`,
        'closing.checkIns',
      );
    const index = await appendStationEntry(ctx, tx, id, 'poll-book-close', {
      closing: {
        electionId: closing.electionId,
        station: closing.station,
        checkIns: closing.checkIns,
        closedAt: closing.closedAt,
      },
      signature: sig,
      duplicateCheckIns: counts.duplicates,
      time: ctx.now(),
    });
    return { index, created: true };
  });
}

/** Whether a check-in of `station` is staged in this batch (not yet in the store's counts). */
function staged(tx: { get(k: string): unknown }, id: string, station: string): boolean {
  return tx.get(`check-ins-staged:${id}:${station}`) === true;
}

/**
 * Records why station `station`'s poll book (or sheet) will not come: a `station-exclusion`
 * entry. The same reason again answers the existing entry.
 * @throws {ApiError} 404 unknown station; 409 EVD_ERR_WRONG_PHASE, EVD_ERR_CONFLICT (excluded
 *   already, for another reason)
 */
export async function excludeStation(
  ctx: ServerContext,
  id: string,
  station: string,
  reason: string,
): Promise<{ index: number; created: boolean }> {
  await onCurrentView(ctx, id, async () => {
    const e = await loadElection(ctx, id);
    manifestStation(e, station);
    checkEnding(e.state, 'stations are excluded');
  });
  return ctx.writer.submit(async (tx) => {
    checkEnding((await loadElection(ctx, id)).state, 'stations are excluded');
    const s = await stagedStationState(ctx, tx, id);
    const done = s.excluded.get(station);
    if (done) {
      if (done.reason === reason) return { index: done.index, created: false };
      throw new ApiError(
        'EVD_ERR_CONFLICT',
        `station "${station}" is excluded already (board entry ${done.index})`,
        'reason',
      );
    }
    const index = await appendStationEntry(ctx, tx, id, 'station-exclusion', {
      station,
      reason,
      time: ctx.now(),
    });
    return { index, created: true };
  });
}

/**
 * Refuses the online tally while a station with a registered key has neither a closed poll book
 * nor an exclusion.
 * @throws {ApiError} 409 EVD_ERR_WRONG_PHASE naming the stations (field `stations`)
 */
export function checkTallyGate(s: StationState): void {
  const pending = pendingStations(s);
  if (pending.length > 0)
    throw new ApiError(
      'EVD_ERR_WRONG_PHASE',
      `the poll books of ${pending.length} station(s) are neither closed nor excluded: ${pending
        .slice(0, 20)
        .map((p) => `"${p}"`)
        .join(', ')}${pending.length > 20 ? ', …' : ''}`,
      'stations',
    );
}
