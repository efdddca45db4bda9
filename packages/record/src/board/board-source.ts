/**
 * Where a board reader gets the log from (spec/bulletin-board.md §4, spec/record.md §3): an
 * exported record's `board/log.jsonl` with the last head of `board/tree-heads.jsonl`, or a
 * server's `GET …/board/tree-head` and `GET …/board/entries` pages. Both end in board-reader.ts's
 * checks. The server is read with the global `fetch` of Node ≥ 18 and browsers, so this package
 * needs no HTTP client and knows nothing of the server's code: only its published API.
 * @module
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { SignedTreeHead } from '@evident/e2e-crypto';
import { LOG_FILE, MANIFEST_FILE, TREE_HEADS_FILE } from '../layout.js';
import { BoardReadError, type BoardView, checkBoard, uncheckedBoard } from './board-reader.js';

/** How a record's board is read. */
export interface RecordBoardOptions {
  /** the log key the reader pinned */
  readonly pinnedKey?: Uint8Array;
  /** refuse to read a board without a pinned key (a guardian never trusts the setup entry's) */
  readonly requirePinnedKey?: boolean;
  /** refuse a log without a signed tree head */
  readonly requireSignedHead?: boolean;
}

function readLines(path: string): string[] {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (e) {
    throw new BoardReadError(
      'unreadable',
      path,
      `cannot be read (${(e as NodeJS.ErrnoException).code ?? 'error'})`,
    );
  }
  const lines = text.split('\n');
  if (lines.at(-1) === '') lines.pop();
  return lines;
}

/** True when the record's manifest names a bulletin board (`bulletinBoard`, spec/record.md §3.1). */
function namesBoard(dir: string): boolean {
  try {
    const m = JSON.parse(readFileSync(join(dir, MANIFEST_FILE), 'utf8')) as { bulletinBoard?: unknown };
    return m !== null && typeof m === 'object' && m.bulletinBoard !== undefined;
  } catch {
    return false; // an unreadable manifest is refused by the record's own checks
  }
}

/** The last signed head of `board/tree-heads.jsonl`, or null when there is none. */
function lastHead(dir: string): SignedTreeHead | null {
  const path = join(dir, TREE_HEADS_FILE);
  if (!existsSync(path)) return null;
  const heads = readLines(path).filter((l) => l.length > 0);
  if (heads.length === 0) return null;
  try {
    return JSON.parse(heads.at(-1)!) as SignedTreeHead;
  } catch {
    throw new BoardReadError('invalid', path, `line ${heads.length} is not JSON`, 'treeHead');
  }
}

/**
 * The board of an exported record. Its last signed head must cover the whole log (as L2.D asks
 * of the record); a record without tree heads is read unchecked only when neither a pinned key
 * nor a signed head is required.
 * @returns undefined when the record has no `board/log.jsonl` and its manifest names no board (a
 *   record made without a server)
 * @throws {BoardReadError} `usage` when a key is required and not given; `unreadable` when a file
 *   cannot be read; `invalid` when the manifest names a board the record does not carry (L1.D),
 *   or the log does not verify
 */
export function readRecordBoard(dir: string, opts: RecordBoardOptions = {}): BoardView | undefined {
  const logPath = join(dir, LOG_FILE);
  if (!existsSync(logPath)) {
    if (namesBoard(dir))
      throw new BoardReadError(
        'invalid',
        dir,
        'its manifest names a bulletin board (bulletinBoard.logPublicKey) but it has no board/log.jsonl: the election ran on a server',
        'bulletinBoard',
      );
    return undefined;
  }
  if (opts.requirePinnedKey && !opts.pinnedKey)
    throw new BoardReadError(
      'usage',
      dir,
      'has a bulletin board: give --log-key, the election’s log public key, to check it against',
    );
  const texts = readLines(logPath);
  const head = lastHead(dir);
  if (head) return checkBoard(logPath, texts, head, opts.pinnedKey ? { pinnedKey: opts.pinnedKey } : {});
  if (opts.requireSignedHead || opts.pinnedKey)
    throw new BoardReadError(
      'invalid',
      join(dir, TREE_HEADS_FILE),
      'holds no signed tree head to check the log against',
      'treeHead',
    );
  return uncheckedBoard(logPath, texts);
}

async function getJson(url: string): Promise<unknown> {
  let res: Response;
  try {
    res = await fetch(url, { headers: { accept: 'application/json' } });
  } catch (e) {
    throw new BoardReadError('unreachable', url, `the server cannot be reached (${(e as Error).message})`);
  }
  const text = await res.text().catch(() => '');
  let json: unknown;
  try {
    json = text ? JSON.parse(text) : undefined;
  } catch {
    throw new BoardReadError(
      'unreachable',
      url,
      `the server answered ${res.status} with a body that is not JSON`,
    );
  }
  if (!res.ok) {
    const e = (json ?? {}) as { code?: unknown; message?: unknown };
    const why = typeof e.code === 'string' ? ` ${e.code}: ${String(e.message ?? '')}` : '';
    throw new BoardReadError('unreachable', url, `the server answered ${res.status}${why}`);
  }
  return json;
}

/** Most entries asked for in one page (the server's default page limit is 1,000). */
const PAGE = 1000;

/**
 * The board of one election on a server: its latest signed head, then exactly the entries it
 * covers, page by page, each at its index; checked as board-reader.ts says, and the log must be
 * the election's asked for.
 * @param base - the server's base URL
 * @throws {BoardReadError} `unreachable` when the server cannot be read or refuses; `invalid`
 *   when it holds no head, leaves an entry out or serves entries that do not verify
 */
export async function fetchServerBoard(
  base: string,
  electionId: string,
  pinnedKey?: Uint8Array,
): Promise<BoardView> {
  const root = `${base.replace(/\/+$/, '')}/elections/${encodeURIComponent(electionId)}/board`;
  const th = (await getJson(`${root}/tree-head`)) as { treeHead?: SignedTreeHead } | null | undefined;
  const head = th?.treeHead;
  if (!head || !Number.isSafeInteger(head.treeSize) || head.treeSize < 1)
    throw new BoardReadError('invalid', `${root}/tree-head`, 'holds no signed tree head', 'treeHead');
  const texts: string[] = [];
  while (texts.length < head.treeSize) {
    const url = `${root}/entries?start=${texts.length}&limit=${Math.min(PAGE, head.treeSize - texts.length)}`;
    const page = (await getJson(url)) as
      { entries?: { index?: unknown; entry?: unknown }[] } | null | undefined;
    const got = Array.isArray(page?.entries) ? page.entries : [];
    if (got.length === 0)
      throw new BoardReadError('invalid', url, 'returned no entries below the signed tree size', 'entries');
    for (const g of got) {
      if (texts.length === head.treeSize) break;
      if (g?.index !== texts.length || typeof g.entry !== 'string')
        throw new BoardReadError(
          'invalid',
          url,
          `entry ${texts.length} is missing or out of order`,
          'entries',
        );
      texts.push(g.entry);
    }
  }
  return checkBoard(root, texts, head, { ...(pinnedKey ? { pinnedKey } : {}), electionId });
}
