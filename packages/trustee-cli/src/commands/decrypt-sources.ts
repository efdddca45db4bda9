/**
 * Where `decrypt` gets what it checks a request and a challenge against (spec/key-ceremony.md
 * §9.7–9.8): `--record DIR` (an exported record; its `board/` when it has one), `--board DIR` (a
 * board folder's parent, as exported), or `--server URL --election-id ID` (the board downloaded,
 * its head checked against `--log-key`, the request taken from the board and the output uploaded
 * with the guardian's trustee token). `--unchecked` is the explicit way to decrypt without any
 * (drills and tests): the request could then be a single ballot.
 * @module
 */
import { EXIT, TrusteeError } from '../errors.js';
import { writeJsonFile } from '../files/json-file.js';
import { boardRequest, boardRound } from '../checks/board-challenge.js';
import { type BoardView, boardFromRecord, boardFromServer, parseLogKey } from '../checks/board-view.js';
import type { TargetSource } from '../checks/decryption-targets.js';
import { fetchJson, trusteeToken } from '../server-requests.js';

/** Options of `decrypt`. */
export interface DecryptOptions {
  readonly election: string;
  readonly secret: string;
  readonly out: string;
  /** the request file (offline); online, taken from the board when omitted */
  readonly request?: string;
  /** round 2: the challenge file (offline); with a board it must be the board's */
  readonly challenge?: string;
  /** round 2 online: answer the board's challenge */
  readonly respond?: boolean;
  readonly record?: string;
  readonly board?: string;
  readonly server?: string;
  readonly electionId?: string;
  readonly kind?: string;
  readonly tokenFile?: string;
  /** hex Ed25519 log public key to pin (required with --server) */
  readonly logKey?: string;
  /** offline round number without a board (default 1) */
  readonly round?: number;
  readonly unchecked?: boolean;
}

/** What `decrypt` works from. */
export interface DecryptSources {
  readonly request: string;
  readonly board?: BoardView;
  readonly check?: TargetSource;
  readonly round: number;
  /** online: where to upload the output, and with which token */
  readonly upload?: { url: string; token: string };
}

const usage = (m: string): TrusteeError => new TrusteeError(EXIT.USAGE, undefined, m);

/**
 * Resolves the options into a request path, the board or record to check against, and the round.
 * @throws {TrusteeError} USAGE for missing or conflicting options; INVALID_FILE for a board that
 *   does not verify
 */
export async function decryptSources(o: DecryptOptions): Promise<DecryptSources> {
  const sources = [o.record, o.board, o.server].filter((s) => s !== undefined).length;
  if (sources > 1) throw usage('give one of --record, --board and --server');
  if (sources === 0 && !o.unchecked)
    throw usage(
      'nothing to check the request against: give --record DIR, --board DIR or --server URL (or --unchecked for a drill: the request could be a single ballot)',
    );
  const pinned = o.logKey !== undefined ? parseLogKey(o.logKey) : undefined;
  if (o.server !== undefined) {
    if (!o.electionId || !o.kind) throw usage('--server needs --election-id and --kind');
    if (!pinned) throw usage('--server needs --log-key: the log public key published for the election');
    const board = await boardFromServer(o.server, o.electionId, pinned);
    let request = o.request;
    if (!request) {
      request = `${o.out}.request.json`;
      writeJsonFile(request, boardRequest(board, o.kind).e.request as Record<string, unknown>);
    }
    const token = trusteeToken(o.tokenFile);
    const base = `${o.server.replace(/\/$/, '')}/elections/${encodeURIComponent(o.electionId)}/decryption/${o.kind}`;
    const round2 = o.respond || o.challenge !== undefined;
    return {
      request,
      board,
      check: { board },
      round: boardRound(board),
      ...(token ? { upload: { url: `${base}/${round2 ? 'responses' : 'partials'}`, token } } : {}),
    };
  }
  if (!o.request) throw usage('--request is required without --server');
  const dir = o.board ?? o.record;
  const board = dir !== undefined ? boardFromRecord(dir, pinned) : undefined;
  if (o.respond && !board)
    throw usage('--respond answers the board’s challenge: give --server, or --board / --record with a board');
  if (dir !== undefined) {
    if (!board && o.board !== undefined)
      throw new TrusteeError(EXIT.INVALID_FILE, dir, 'has no board/log.jsonl');
    if (board) return { request: o.request, board, check: { board }, round: o.round ?? boardRound(board) };
    return { request: o.request, check: { record: dir }, round: o.round ?? 1 };
  }
  return { request: o.request, round: o.round ?? 1 };
}

/** Uploads the written file (online mode). */
export async function uploadOutput(
  up: { url: string; token: string },
  body: Record<string, unknown>,
): Promise<unknown> {
  // an upload repeated is answered the same (`again: true`): sent again if the connection closes
  return fetchJson(
    up.url,
    {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${up.token}` },
      body: JSON.stringify(body),
    },
    3,
  );
}
