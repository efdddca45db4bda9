/**
 * Check-ins from a polling station's poll book (spec/server-api.md §11.5, spec/stations.md §4).
 * Each check-in is decided on its own, idempotently by the station's id for it:
 * - `known`: that id was taken already (a resent batch);
 * - `refused`: the voter is not on this station's roll slice (`not-on-roll`), is already checked
 *   in at this station under another id (`already-checked-in`), the id was taken for another
 *   voter or station (`id-conflict`), this station's poll book is closed (`poll-book-closed`) or
 *   the station is excluded (`station-excluded`) — so that once every station is closed or
 *   excluded, no cancellation can come after the tally has read the counted ballots;
 * - `accepted`: recorded privately. A voter also checked in at another station is accepted and
 *   becomes a duplicate (the officials' list; a count per station in `poll-book-close`). If the
 *   voter holds an online credential, its `cancellation` entry is appended, once per credential:
 *   paper wins, every online ballot of the credential — before and after — is left out of the
 *   tally, and later ones are refused (409 EVD_ERR_CANCELLED).
 * Every refused check-in records a security event (`check-in-refused`: the station, the check-in's
 * id and the reason code; never the voter's id, name or document), in the commit of the request.
 * The voter's identity never reaches the board: the entry names the credential.
 * @module
 */
import type { CheckInDocument } from '@evident/record';
import type { ServerContext } from '../context.js';
import { loadElection } from '../elections/election-actions.js';
import { ApiError } from '../errors.js';
import type { Tx } from '../board/writer.js';
import { stageSecurityEvent } from '../security/security-events.js';
import type { CheckInRow } from '../store/store.js';
import { manifestStation, stagedStationState } from './station-state.js';

/** One check-in as the station sends it. */
export interface CheckIn {
  /** the station's UUID for it */
  readonly id: string;
  readonly voterId: string;
  /** the poll worker who checked the identity */
  readonly checkedBy: string;
  /** the document checked: its type and its number's last characters (spec/stations.md §4) */
  readonly document: CheckInDocument;
  /** when, by the station's clock (ISO 8601, or ms since the epoch) */
  readonly at: string | number;
}

/** Why a check-in is refused. */
export type CheckInRefusal =
  'not-on-roll' | 'already-checked-in' | 'id-conflict' | 'poll-book-closed' | 'station-excluded';

/** The answer for one check-in. */
export interface CheckInResult {
  readonly id: string;
  readonly status: 'accepted' | 'known' | 'refused';
  readonly reason?: CheckInRefusal;
}

/** What the security event of a refused check-in says (never the voter's id, name or document). */
const REFUSAL_TEXT: Readonly<Record<CheckInRefusal, string>> = {
  'not-on-roll': "the voter is not on this station's roll slice",
  'already-checked-in': 'the voter is checked in at this station already, under another id',
  'id-conflict': 'the id was taken for another voter or station',
  'poll-book-closed': "the station's poll book is closed",
  'station-excluded': 'the station is excluded',
};

/** Who sent the request, for the security events of its refused check-ins. */
export interface RequestOrigin {
  readonly address: string;
  readonly role?: string;
}

/** The states in which check-ins are taken: voting, and after the close until the tally. */
const TAKING: readonly string[] = ['open', 'closed'];

/**
 * Takes a batch of check-ins of station `station`.
 * @returns a result per check-in (in order) and the number of cancellation entries appended
 * @throws {ApiError} 404 for a station not in the manifest; 409 EVD_ERR_WRONG_PHASE before
 *   `open`, after the tally or for a station without a registered key (nothing written)
 */
export async function takeCheckIns(
  ctx: ServerContext,
  id: string,
  station: string,
  checkIns: readonly CheckIn[],
  origin: RequestOrigin,
): Promise<{ results: CheckInResult[]; cancellations: number }> {
  manifestStation(await loadElection(ctx, id), station);
  return ctx.writer.submit(async (tx) => {
    const cur = await loadElection(ctx, id);
    if (!TAKING.includes(cur.state))
      throw new ApiError(
        'EVD_ERR_WRONG_PHASE',
        `check-ins are taken while open or closed; the election is ${cur.state}`,
      );
    const s = await stagedStationState(ctx, tx, id);
    if (!s.keys.has(station))
      throw new ApiError(
        'EVD_ERR_WRONG_PHASE',
        `station "${station}" has no registered station key`,
        'station',
      );
    const ended: CheckInRefusal | undefined = s.closed.has(station)
      ? 'poll-book-closed'
      : s.excluded.has(station)
        ? 'station-excluded'
        : undefined;
    const results: CheckInResult[] = [];
    let cancellations = 0;
    for (const [i, c] of checkIns.entries()) {
      const r = await decide(ctx, tx, id, station, c, ended);
      if (r.status === 'refused' && r.reason)
        stageSecurityEvent(ctx, tx, {
          kind: 'check-in-refused',
          electionId: id,
          station,
          code: r.reason,
          reason: `check-in ${c.id}: ${REFUSAL_TEXT[r.reason]}`,
          field: `checkIns[${i}]`,
          ...origin,
        });
      if (r.status !== 'accepted') {
        results.push(r);
        continue;
      }
      const now = ctx.now();
      const row: CheckInRow = {
        electionId: id,
        id: c.id,
        voterId: c.voterId,
        station,
        checkedBy: c.checkedBy,
        document: `${c.document.type} …${c.document.last}`,
        at: String(c.at),
        receivedAt: now,
      };
      tx.mutate({ kind: 'check-in', row });
      tx.set(`check-in:${id}:${c.id}`, row);
      tx.set(`checked-in:${id}:${station}:${c.voterId}`, true);
      tx.set(`check-ins-staged:${id}:${station}`, true);
      if (await cancel(ctx, tx, id, station, c.voterId, now)) cancellations++;
      results.push(r);
    }
    return { results, cancellations };
  });
}

async function decide(
  ctx: ServerContext,
  tx: Tx,
  id: string,
  station: string,
  c: CheckIn,
  ended: CheckInRefusal | undefined,
): Promise<CheckInResult> {
  const known =
    (tx.get(`check-in:${id}:${c.id}`) as CheckInRow | undefined) ?? (await ctx.store.findCheckIn(id, c.id));
  if (known)
    return known.voterId === c.voterId && known.station === station
      ? { id: c.id, status: 'known' }
      : { id: c.id, status: 'refused', reason: 'id-conflict' };
  if (ended) return { id: c.id, status: 'refused', reason: ended };
  if (!(await ctx.store.rollEntries(id, c.voterId)).some((v) => v.station === station))
    return { id: c.id, status: 'refused', reason: 'not-on-roll' };
  const here =
    tx.get(`checked-in:${id}:${station}:${c.voterId}`) === true ||
    (await ctx.store.checkInsOfVoter(id, c.voterId)).some((x) => x.station === station);
  if (here) return { id: c.id, status: 'refused', reason: 'already-checked-in' };
  return { id: c.id, status: 'accepted' };
}

/** Appends the `cancellation` of the voter's credential, if there is one not cancelled yet. */
async function cancel(
  ctx: ServerContext,
  tx: Tx,
  id: string,
  station: string,
  voterId: string,
  now: number,
): Promise<boolean> {
  const credential = await ctx.store.credentialOfVoter(id, voterId);
  if (credential === undefined) return false;
  if (tx.get(`cancelled:${id}:${credential}`) === true || (await ctx.store.isCancelled(id, credential)))
    return false;
  const logIndex = tx.append(id, 'cancellation', { credential, station, time: now });
  tx.mutate({ kind: 'cancel-credential', electionId: id, credential, station, logIndex });
  tx.set(`cancelled:${id}:${credential}`, true);
  return true;
}
