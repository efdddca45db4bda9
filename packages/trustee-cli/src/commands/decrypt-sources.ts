/**
 * Where `decrypt` gets what it checks a request and a challenge against (spec/key-ceremony.md
 * §9.7–9.8): `--record DIR` (an exported record; its `board/` when it has one), `--board DIR` (a
 * board folder's parent, as exported), or `--server URL --election-id ID` (the board downloaded,
 * its head checked against `--log-key`, the request taken from the board and the output uploaded
 * with the guardian's trustee token). `--unchecked` is the explicit way to decrypt without any
 * (drills and tests): the request could then be a single ballot.
 *
 * Several kinds in one run (`--kind all` or `--kind tally,ranked`, with a board): the board is
 * read and its head checked once, and each kind's request is taken from that one checked view
 * (spec/key-ceremony.md §9.7); `--out` then names each kind's file with `{kind}`.
 * @module
 */
import { REQUEST_KINDS } from '@evident/record';
import { EXIT, TrusteeError } from '../errors.js';
import { writeJsonFile } from '../files/json-file.js';
import { boardRequest, boardRound, namesStages } from '../checks/board-challenge.js';
import { type BoardView, boardFromRecord, boardFromServer, parseLogKey } from '../checks/board-view.js';
import type { TargetSource } from '../checks/decryption-targets.js';
import type { StageSource } from '../checks/board-stages.js';
import { fetchJson, fetchToFile, trusteeToken } from '../server-requests.js';

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
  /** with a board: one kind, several (comma-separated) or `all` (every kind the board requests) */
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

/** Where a board's mix stages of version 2 are read (./../checks/board-stages.ts). */
function stageSource(o: DecryptOptions): StageSource {
  if (o.server !== undefined) return { server: o.server, electionId: o.electionId! };
  return { record: (o.board ?? o.record)! };
}

const usage = (m: string): TrusteeError => new TrusteeError(EXIT.USAGE, undefined, m);

/** One kind's work in a run: its output file and sources (the board shared by every kind). */
export interface DecryptJob {
  /** the request kind (undefined offline, where the request file says it) */
  readonly kind?: string;
  readonly out: string;
  readonly src: DecryptSources;
}

/** `--kind all` or a comma-separated list: answered in one run over one checked board. */
export function isMultiKind(kind: string | undefined): boolean {
  return kind !== undefined && (kind === 'all' || kind.includes(','));
}

/** The kinds `--kind` names, each a request kind; `all`: those the board holds requests of. */
function kindsOf(kind: string, board: BoardView): string[] {
  if (kind === 'all') {
    const kinds = [
      ...new Set(board.entries.filter((e) => e.type === 'decryption-request').map((e) => String(e.e.kind))),
    ];
    if (kinds.length === 0)
      throw new TrusteeError(
        EXIT.INVALID_FILE,
        board.source,
        'has no decryption request',
        'decryption-request',
      );
    return kinds;
  }
  const kinds = kind.split(',').map((k) => k.trim());
  for (const k of kinds)
    if (!(REQUEST_KINDS as readonly string[]).includes(k))
      throw usage(`--kind: "${k}" is not a request kind (${REQUEST_KINDS.join(', ')} or all)`);
  if (new Set(kinds).size !== kinds.length) throw usage('--kind names a kind twice');
  return kinds;
}

/**
 * The sources of one kind on a checked board: its request written next to `out` — the entry's,
 * or for an entry of version 2 (spec/mixnet.md §8.8) the server's file, whose digest
 * `decrypt` then compares with the entry's — and its upload.
 * @throws {TrusteeError} USAGE for a version-2 request without --server or --request
 */
async function boardJob(
  o: DecryptOptions,
  board: BoardView,
  kind: string,
  out: string,
  request?: string,
): Promise<DecryptJob> {
  const base =
    o.server === undefined
      ? undefined
      : `${o.server.replace(/\/$/, '')}/elections/${encodeURIComponent(o.electionId!)}/decryption/${kind}`;
  let req = request;
  if (!req) {
    req = `${out}.request.json`;
    const entry = boardRequest(board, kind);
    if (!namesStages(entry)) writeJsonFile(req, entry.e.request as Record<string, unknown>);
    else if (base !== undefined) await fetchToFile(`${base}/request`, req);
    else
      throw usage(
        `the board's "${kind}" request (log entry ${entry.index}) names the mix stages instead of holding its items: give --request FILE (the server's …/decryption/${kind}/request) or --server`,
      );
  }
  const round = o.round !== undefined && o.server === undefined ? o.round : boardRound(board);
  const src: DecryptSources = { request: req, board, check: { board, stages: stageSource(o) }, round };
  if (base === undefined) return { kind, out, src };
  const token = trusteeToken(o.tokenFile);
  const round2 = o.respond || o.challenge !== undefined;
  return {
    kind,
    out,
    src: {
      ...src,
      ...(token ? { upload: { url: `${base}/${round2 ? 'responses' : 'partials'}`, token } } : {}),
    },
  };
}

/** The pinned log key, and the board of --server / --board / --record when there is one. */
async function boardOf(o: DecryptOptions): Promise<{ board?: BoardView; pinned?: Uint8Array }> {
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
    return { board: await boardFromServer(o.server, o.electionId, pinned), pinned };
  }
  const dir = o.board ?? o.record;
  if (dir === undefined) return pinned ? { pinned } : {};
  const board = boardFromRecord(dir, pinned);
  if (!board && o.board !== undefined)
    throw new TrusteeError(EXIT.INVALID_FILE, dir, 'has no board/log.jsonl');
  return { ...(board ? { board } : {}), ...(pinned ? { pinned } : {}) };
}

/**
 * The work of one run: one job (one kind, `--out` as given), or with `--kind all` / a list one
 * job per kind over the one board read and checked here, `{kind}` in `--out` replaced by each.
 * @throws {TrusteeError} USAGE for missing or conflicting options; INVALID_FILE for a board that
 *   does not verify (then no kind is answered)
 */
export async function decryptJobs(o: DecryptOptions): Promise<DecryptJob[]> {
  if (!isMultiKind(o.kind))
    return [{ ...(o.kind ? { kind: o.kind } : {}), out: o.out, src: await decryptSources(o) }];
  if (o.request !== undefined || o.challenge !== undefined)
    throw usage(
      'several kinds take their requests and challenges from the board: leave out --request and --challenge',
    );
  if (!o.out.includes('{kind}'))
    throw usage('several kinds write one file each: put {kind} in --out (e.g. -o alice.{kind}.partial.json)');
  const { board } = await boardOf(o);
  if (!board)
    throw usage('several kinds in one run need a board: give --server, or --board / --record with a board');
  const jobs: DecryptJob[] = [];
  for (const k of kindsOf(o.kind!, board))
    jobs.push(await boardJob(o, board, k, o.out.replaceAll('{kind}', k)));
  return jobs;
}

/**
 * Resolves the options into a request path, the board or record to check against, and the round.
 * @throws {TrusteeError} USAGE for missing or conflicting options; INVALID_FILE for a board that
 *   does not verify
 */
export async function decryptSources(o: DecryptOptions): Promise<DecryptSources> {
  const { board } = await boardOf(o);
  if (o.server !== undefined) return (await boardJob(o, board!, o.kind!, o.out, o.request)).src;
  if (!o.request) throw usage('--request is required without --server');
  const dir = o.board ?? o.record;
  if (o.respond && !board)
    throw usage('--respond answers the board’s challenge: give --server, or --board / --record with a board');
  if (dir !== undefined) {
    if (board)
      return {
        request: o.request,
        board,
        check: { board, stages: stageSource(o) },
        round: o.round ?? boardRound(board),
      };
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
