/**
 * `evident-track CODE`: finds a ballot by its tracking code on a server's board and proves it
 * there (spec/tracker.md §3). The whole board is read with @evident/record's one board reader
 * (`fetchServerBoard`: every entry hashes to a head signed by the pinned key); the ballot's entry
 * and state are read off it; the server's inclusion proof of that entry is checked against the
 * head (`checkEntryReceipt`); and, given the voter's receipt, the receipt's own head and proof
 * are checked and the current head must extend it (an RFC 9162 consistency proof): a server that
 * rewrote history since the receipt cannot show both.
 * @module
 */
import { fromHex, toHex, type SignedTreeHead } from '@evident/e2e-crypto';
import {
  BoardReadError,
  type BoardView,
  checkEntryReceipt,
  fetchServerBoard,
  parseLogKey,
} from '@evident/record';
import { ballotState, findBallot, type TrackedBallot } from '@evident/record/board';
import { proveExtends, proveReceipt } from './kept-heads.js';
import { readTreeHeadFile } from './kept-head-file.js';
import { type KeptReceipt, readReceiptFile } from './receipt-file.js';
import { serverBoardApi } from './server-proofs.js';
import { checkServerStatus } from './server-status.js';
import { TrackError } from './track-error.js';

/** What the voter asks. */
export interface TrackOptions {
  /** the tracking code (confirmation code, 64 hex digits); may come from the receipt */
  readonly code?: string;
  readonly server: string;
  readonly electionId?: string;
  /** the log key pinned by the voter (64 hex digits) */
  readonly logKey?: string;
  /** path of the voter's receipt file */
  readonly receipt?: string;
  /** paths of signed tree heads the voter kept (each must be extended by the current head) */
  readonly treeHeads?: readonly string[];
}

/** What was found and proved. */
export interface TrackReport {
  readonly code: string;
  readonly electionId: string;
  readonly server: string;
  /** where the log key came from: `--log-key`, the receipt, or (not pinned) the server's setup entry */
  readonly keySource: 'log-key' | 'receipt' | 'server';
  readonly logPublicKey: string;
  readonly ballot: TrackedBallot;
  /**
   * the server's own status of the ballot (`GET …/ballots/{code}`), shown to agree with the
   * board; not asked of a ballot the board leaves `uncounted` (already a failure)
   */
  readonly serverStatus?: string;
  readonly treeHead: SignedTreeHead;
  /** the receipt's head, shown to be extended by `treeHead` */
  readonly receiptTreeHead?: SignedTreeHead;
  /** the kept heads of `--tree-head`, each shown to be extended by `treeHead` */
  readonly keptTreeHeads?: readonly SignedTreeHead[];
}

const CODE = /^[0-9a-fA-F]{64}$/;

/** The question, its parts reconciled: code, election and pinned key from options and receipt. */
function question(o: TrackOptions, kept: KeptReceipt | undefined) {
  const code = (o.code ?? kept?.confirmationCode ?? '').toUpperCase();
  if (!CODE.test(code)) throw new TrackError('usage', 'the tracking code must be 64 hex digits');
  if (kept && kept.confirmationCode.toUpperCase() !== code)
    throw new TrackError('usage', `${o.receipt}: the receipt is of another tracking code`);
  const electionId = o.electionId ?? kept?.electionId;
  if (electionId === undefined) throw new TrackError('usage', 'give --election ID (or --receipt FILE)');
  if (kept && kept.electionId !== electionId)
    throw new TrackError('usage', `${o.receipt}: the receipt is of election "${kept.electionId}"`);
  const key = (hex: string | undefined, from: string) => {
    if (hex === undefined) return undefined;
    try {
      return parseLogKey(hex);
    } catch {
      throw new TrackError('usage', `${from} must be 64 hex digits (an Ed25519 public key)`);
    }
  };
  const given = key(o.logKey, '--log-key');
  const inReceipt = key(kept?.logPublicKey, `${o.receipt}: logPublicKey`);
  if (given && inReceipt && toHex(given) !== toHex(inReceipt))
    throw new TrackError('usage', `--log-key and the logPublicKey of ${o.receipt} differ`);
  const pinned = given ?? inReceipt;
  const keySource = given ? 'log-key' : inReceipt ? 'receipt' : 'server';
  return { code, electionId, pinned, keySource } as const;
}

/** The board read and checked, its reader's refusals turned into the tracker's. */
async function readBoard(server: string, electionId: string, pinned?: Uint8Array): Promise<BoardView> {
  try {
    return await fetchServerBoard(server, electionId, pinned);
  } catch (e) {
    if (!(e instanceof BoardReadError)) throw e;
    if (e.problem === 'unreachable') throw new TrackError('unreachable', e.message);
    if (e.problem === 'usage') throw new TrackError('usage', e.message);
    const wrongKey = pinned !== undefined && e.field === 'logPublicKey';
    throw new TrackError(wrongKey ? 'wrong-key' : 'inconsistent', e.message);
  }
}

/** The server's inclusion proof of the entry at `index`, checked against the board's head. */
async function proveInclusion(
  api: ReturnType<typeof serverBoardApi>,
  head: SignedTreeHead,
  index: number,
  key: Uint8Array,
): Promise<void> {
  const [{ leafHash, proof }, entry] = await Promise.all([
    api.inclusion(index, head.treeSize),
    api.entryText(index),
  ]);
  const r = checkEntryReceipt(
    { index, leafHash, treeHead: head, proof },
    { logPublicKey: key, electionId: head.logId, entry },
  );
  if (!r.ok)
    throw new TrackError(
      'inconsistent',
      `${api.root}: the inclusion proof of entry ${index} fails (${r.message})`,
    );
}

/**
 * Finds and proves a ballot (see the module comment).
 * @throws {TrackError} saying what failed, with its exit code
 */
export async function trackBallot(o: TrackOptions): Promise<TrackReport> {
  const kept = o.receipt !== undefined ? readReceiptFile(o.receipt) : undefined;
  const heads = (o.treeHeads ?? []).map((path) => ({ path, head: readTreeHeadFile(path) }));
  const q = question(o, kept);
  const board = await readBoard(o.server, q.electionId, q.pinned);
  const head = board.head!;
  const key = q.pinned ?? fromHex(String(board.entries[0]!.e.logPublicKey), 'logPublicKey');
  const api = serverBoardApi(o.server, q.electionId);
  const entry = findBallot(board, q.code);
  if (kept) await proveReceipt(api, o.receipt!, kept, head, key, entry?.index);
  for (const h of heads) await proveExtends(api, `the tree head in ${h.path}`, h.head, head, key);
  if (!entry)
    throw new TrackError(
      'unknown-code',
      `no ballot with tracking code ${q.code} on the board of election "${q.electionId}" (${head.treeSize} entries)`,
    );
  await proveInclusion(api, head, entry.index, key);
  const ballot = ballotState(board, entry);
  const serverStatus =
    ballot.state === 'uncounted'
      ? undefined
      : await checkServerStatus(o.server, q.electionId, q.code, { ...ballot, state: ballot.state });
  return {
    code: q.code,
    electionId: q.electionId,
    server: o.server,
    keySource: q.keySource,
    logPublicKey: toHex(key),
    ballot,
    ...(serverStatus !== undefined ? { serverStatus } : {}),
    treeHead: head,
    ...(kept ? { receiptTreeHead: kept.treeHead } : {}),
    ...(heads.length > 0 ? { keptTreeHeads: heads.map((h) => h.head) } : {}),
  };
}
