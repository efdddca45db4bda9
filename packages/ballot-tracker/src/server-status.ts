/**
 * The server's own word on a ballot (`GET /elections/{id}/ballots/{code}`, spec/server-api.md
 * §5.4: `{receipt, status: counted|superseded|challenged|cancelled, supersededBy?}`), held against
 * what its board says (spec/tracker.md §3 step 7). The board, signed and proved, is the truth; a
 * server that tells the voter otherwise — another state, another superseding ballot, another log
 * index, or no such ballot at all — lies about it, and the answer is evidence.
 * @module
 */
import { type BallotState, SERVER_STATUS, type TrackedBallot } from '@evident/record/board';
import { fetchJson } from './server-proofs.js';
import { TrackError } from './track-error.js';

/**
 * Asks the server the ballot's status and compares it with the board's.
 * @returns the server's status, equal to the board's
 * @throws {TrackError} `inconsistent` when they differ; `unreachable` when the server cannot be asked
 */
export async function checkServerStatus(
  server: string,
  electionId: string,
  code: string,
  ballot: TrackedBallot & { readonly state: Exclude<BallotState, 'uncounted'> },
): Promise<string> {
  const url = `${server.replace(/\/+$/, '')}/elections/${encodeURIComponent(electionId)}/ballots/${code}`;
  const { status, json } = await fetchJson(url);
  const lie = (what: string) =>
    new TrackError(
      'inconsistent',
      `${url}: the server ${what}, but its own signed board has the ballot at entry ${ballot.index}, ${ballot.state}: the server lies about this ballot`,
    );
  if (status === 404) throw lie('says there is no such ballot');
  if (status < 200 || status > 299)
    throw new TrackError('unreachable', `${url}: the server answered ${status}`);
  const a = (json ?? {}) as { status?: unknown; supersededBy?: unknown; receipt?: { logIndex?: unknown } };
  const want = SERVER_STATUS[ballot.state];
  if (a.status !== want) throw lie(`says "${String(a.status)}" where the board says "${want}"`);
  if (ballot.state === 'superseded' && a.supersededBy !== ballot.supersededBy)
    throw lie(`says it was superseded by entry ${String(a.supersededBy)}`);
  if (a.receipt?.logIndex !== ballot.index) throw lie(`puts it at entry ${String(a.receipt?.logIndex)}`);
  return want;
}
