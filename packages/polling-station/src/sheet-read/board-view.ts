/**
 * The bulletin board as `sheet read` sees it (spec/bulletin-board.md §1, §4, §5): the entries
 * under a signed tree head, from the server (`GET …/board/tree-head`, `GET …/board/entries`) or
 * from an exported record (`board/log.jsonl`, `board/tree-heads.jsonl`). The head's Ed25519
 * signature is checked under the log key given with `--log-key`, else under the setup entry's
 * key (the caller says which), and its root must be the Merkle tree hash of the entries: what the
 * sheet is compared with is what the log signed.
 * @module
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  type SignedTreeHead,
  bytesEqual,
  createMerkleLog,
  decodeLogHash,
  fromHex,
  leafHash,
  utf8Bytes,
  verifyTreeHead,
} from '@evident/e2e-crypto';
import { LOG_FILE, TREE_HEADS_FILE } from '@evident/record';
import { SheetReadError } from './sheet-read-error.js';

/** One log entry, parsed. */
export interface BoardEntry {
  readonly index: number;
  readonly type: string;
  readonly e: Readonly<Record<string, unknown>>;
}

/** The entries of one election's log, checked against its signed head when there is one. */
export interface BoardView {
  /** where it came from (a URL or a folder), for messages */
  readonly source: string;
  readonly electionId: string;
  readonly entries: readonly BoardEntry[];
  /** the head the entries were checked against; null for a record without tree heads */
  readonly head: SignedTreeHead | null;
  /** true when the log key was given (`--log-key`), false when taken from the setup entry */
  readonly keyPinned: boolean;
}

/** Parses a 32-byte Ed25519 public key given as hex. */
export function parseLogKey(hex: string): Uint8Array {
  let k: Uint8Array | undefined;
  try {
    k = fromHex(hex.trim(), 'logKey');
  } catch {
    k = undefined;
  }
  if (k?.length !== 32)
    throw new SheetReadError(2, '--log-key must be 64 hex digits (an Ed25519 public key)');
  return k;
}

function parseEntries(source: string, texts: readonly string[]): BoardEntry[] {
  return texts.map((t, index) => {
    let e: unknown;
    try {
      e = JSON.parse(t);
    } catch {
      throw new SheetReadError(1, `${source}: log entry ${index} is not JSON`);
    }
    if (typeof e !== 'object' || e === null || typeof (e as { type?: unknown }).type !== 'string')
      throw new SheetReadError(1, `${source}: log entry ${index} is not an object with a type`);
    return { index, type: (e as { type: string }).type, e: e as Record<string, unknown> };
  });
}

/**
 * Checks the entries against the head: the log key (pinned, else the setup entry's), the head's
 * signature for this log, and the root over the first treeSize entries (RFC 9162 §2.1.1).
 * @throws {SheetReadError} exit 1 naming the source and what does not hold
 */
function checkHead(
  source: string,
  texts: readonly string[],
  entries: readonly BoardEntry[],
  head: SignedTreeHead,
  pinned: Uint8Array | undefined,
): void {
  const setup = entries[0];
  if (setup?.type !== 'setup' || typeof setup.e.logPublicKey !== 'string')
    throw new SheetReadError(1, `${source}: log entry 0 is not the setup entry with the log key`);
  let setupKey: Uint8Array;
  try {
    setupKey = fromHex(setup.e.logPublicKey, 'logPublicKey');
  } catch {
    throw new SheetReadError(1, `${source}: the setup entry's logPublicKey is not hex`);
  }
  if (pinned && !bytesEqual(pinned, setupKey))
    throw new SheetReadError(1, `${source}: the setup entry names another log key than --log-key`);
  if (head.treeSize !== texts.length)
    throw new SheetReadError(
      1,
      `${source}: the signed tree head covers ${head.treeSize} entries, ${texts.length} were read`,
    );
  if (head.logId !== String(setup.e.electionId) || !verifyTreeHead(head, pinned ?? setupKey))
    throw new SheetReadError(1, `${source}: the signed tree head does not verify under the log key`);
  const tree = createMerkleLog(texts.map((t) => leafHash(utf8Bytes(t))));
  let root: Uint8Array;
  try {
    root = decodeLogHash(head.rootHash, 'rootHash');
  } catch {
    throw new SheetReadError(1, `${source}: the tree head's rootHash is not 32 bytes of hex`);
  }
  if (!bytesEqual(tree.rootHash(), root))
    throw new SheetReadError(
      1,
      `${source}: the log's entries do not hash to the signed root (RFC 9162 §2.1.1)`,
    );
}

function viewOf(
  source: string,
  texts: readonly string[],
  head: SignedTreeHead | null,
  pinned?: Uint8Array,
): BoardView {
  const entries = parseEntries(source, texts);
  if (head) checkHead(source, texts, entries, head, pinned);
  else if (entries[0]?.type !== 'setup')
    throw new SheetReadError(1, `${source}: log entry 0 is not the setup entry`);
  return {
    source,
    electionId: String(entries[0]!.e.electionId),
    entries,
    head,
    keyPinned: pinned !== undefined,
  };
}

function readLines(path: string): string[] {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (e) {
    throw new SheetReadError(2, `${path}: cannot be read (${(e as NodeJS.ErrnoException).code ?? 'error'})`);
  }
  const lines = text.split('\n');
  if (lines.at(-1) === '') lines.pop();
  return lines;
}

/**
 * The board of an exported record. Its last signed head is checked when the record has
 * `board/tree-heads.jsonl`; the head must then cover the whole log.
 * @throws {SheetReadError} 2 when the record has no readable log, 1 when its log does not verify
 */
export function boardFromRecord(dir: string, pinned?: Uint8Array): BoardView {
  const logPath = join(dir, LOG_FILE);
  const texts = readLines(logPath);
  const headsPath = join(dir, TREE_HEADS_FILE);
  let head: SignedTreeHead | null = null;
  if (existsSync(headsPath)) {
    const heads = readLines(headsPath);
    try {
      head = heads.length > 0 ? (JSON.parse(heads.at(-1)!) as SignedTreeHead) : null;
    } catch {
      throw new SheetReadError(1, `${headsPath}: line ${heads.length} is not JSON`);
    }
  }
  if (!head && pinned) throw new SheetReadError(1, `${dir}: no signed tree head to check against --log-key`);
  return viewOf(logPath, texts, head, pinned);
}

async function getJson(url: string): Promise<unknown> {
  let res: Response;
  try {
    res = await fetch(url, { headers: { accept: 'application/json' } });
  } catch (e) {
    throw new SheetReadError(2, `${url}: the server cannot be reached (${(e as Error).message})`);
  }
  if (!res.ok) throw new SheetReadError(2, `${url}: the server answered ${res.status}`);
  try {
    return await res.json();
  } catch {
    throw new SheetReadError(2, `${url}: the answer is not JSON`);
  }
}

/** Most entries asked for in one page (the server's default page limit is 1,000). */
const PAGE = 1000;

/**
 * The board of one election on a server: its latest signed head, then the entries it covers,
 * page by page.
 * @throws {SheetReadError} 2 when the server cannot be read, 1 when its board does not verify
 */
export async function boardFromServer(
  base: string,
  electionId: string,
  pinned?: Uint8Array,
): Promise<BoardView> {
  const root = `${base.replace(/\/+$/, '')}/elections/${encodeURIComponent(electionId)}/board`;
  const th = (await getJson(`${root}/tree-head`)) as { treeHead?: SignedTreeHead } | null;
  const head = th?.treeHead;
  if (!head || !Number.isSafeInteger(head.treeSize) || head.treeSize < 1)
    throw new SheetReadError(1, `${root}/tree-head: holds no signed tree head`);
  const texts: string[] = [];
  while (texts.length < head.treeSize) {
    const url = `${root}/entries?start=${texts.length}&limit=${Math.min(PAGE, head.treeSize - texts.length)}`;
    const page = (await getJson(url)) as { entries?: { index?: unknown; entry?: unknown }[] } | null;
    const got = Array.isArray(page?.entries) ? page.entries : [];
    if (got.length === 0) throw new SheetReadError(1, `${url}: no entries below the signed tree size`);
    for (const g of got) {
      if (texts.length === head.treeSize) break;
      if (g.index !== texts.length || typeof g.entry !== 'string')
        throw new SheetReadError(1, `${url}: entry ${texts.length} is missing or out of order`);
      texts.push(g.entry);
    }
  }
  const view = viewOf(root, texts, head, pinned);
  if (view.electionId !== electionId)
    throw new SheetReadError(1, `${root}: is the log of election "${view.electionId}", not "${electionId}"`);
  return view;
}
