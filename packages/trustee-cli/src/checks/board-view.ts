/**
 * The bulletin board as a guardian sees it (spec/key-ceremony.md §9.7, spec/bulletin-board.md):
 * the log entries covered by a signed tree head whose Ed25519 signature verifies under the log
 * public key the guardian pinned (`--log-key`), read from an exported record's `board/` folder or
 * downloaded from the server (`GET …/board/tree-head`, `GET …/board/entries`). Only entries under
 * the signed head count: what the guardian checks against is what the server signed, so a second,
 * different view shown to another copy of the guardian leaves two inconsistent signed heads as
 * evidence.
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
import { LOG_FILE, MANIFEST_FILE, TREE_HEADS_FILE } from '@evident/record';
import { EXIT, TrusteeError, refuse } from '../errors.js';
import { fetchJson } from '../server-requests.js';

/** One log entry: its index and its parsed JSON object. */
export interface BoardEntry {
  readonly index: number;
  readonly type: string;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  readonly e: any;
}

/** The entries under a verified signed tree head. */
export interface BoardView {
  /** where the board came from (a folder or a URL), for messages */
  readonly source: string;
  readonly head: SignedTreeHead;
  /** entries [0, head.treeSize) */
  readonly entries: readonly BoardEntry[];
}

/** Parses a 32-byte Ed25519 public key given as hex (`--log-key`). */
export function parseLogKey(hex: string): Uint8Array {
  let k: Uint8Array;
  try {
    k = fromHex(hex.trim(), 'logKey');
  } catch {
    k = new Uint8Array(0);
  }
  if (k.length !== 32)
    throw new TrusteeError(EXIT.USAGE, undefined, '--log-key must be 64 hex digits (Ed25519)');
  return k;
}

/**
 * Checks `texts` (the log's entries, exact JSON text, in order) against the signed `head`: the
 * setup entry names the pinned key, the signature verifies under it for the log id, and the
 * Merkle tree hash of the first treeSize entries is the signed root (RFC 9162 §2.1.1). Never the
 * setup entry's own key alone: whoever writes a board can put any key there.
 * @throws {TrusteeError} INVALID_FILE naming the source
 */
export function checkedView(
  source: string,
  texts: readonly string[],
  head: SignedTreeHead,
  pinnedKey: Uint8Array,
  electionId?: string,
): BoardView {
  if (!Number.isSafeInteger(head?.treeSize) || head.treeSize < 1 || head.treeSize > texts.length)
    throw refuse(
      source,
      `the signed tree head covers ${String(head?.treeSize)} entries, ${texts.length} were given`,
      'treeHead',
    );
  const entries: BoardEntry[] = [];
  const tree = createMerkleLog();
  for (let i = 0; i < head.treeSize; i++) {
    tree.append(leafHash(utf8Bytes(texts[i]!)));
    let e: unknown;
    try {
      e = JSON.parse(texts[i]!);
    } catch {
      throw refuse(source, `log entry ${i} is not JSON`);
    }
    if (typeof e !== 'object' || e === null || typeof (e as { type?: unknown }).type !== 'string')
      throw refuse(source, `log entry ${i} is not an object with a type`);
    entries.push({ index: i, type: (e as { type: string }).type, e });
  }
  const setup = entries[0]!;
  if (setup.type !== 'setup' || typeof setup.e.logPublicKey !== 'string')
    throw refuse(source, 'log entry 0 is not the setup entry with the log key');
  let setupKey: Uint8Array;
  try {
    setupKey = fromHex(setup.e.logPublicKey, 'logPublicKey');
  } catch {
    throw refuse(source, 'the setup entry’s log key is not hex', 'logPublicKey');
  }
  if (!bytesEqual(pinnedKey, setupKey))
    throw refuse(
      source,
      'the setup entry names another log key than the one pinned with --log-key',
      'logPublicKey',
    );
  const key = pinnedKey;
  const logId = String(setup.e.electionId);
  if (electionId !== undefined && logId !== electionId)
    throw refuse(source, `is the log of election "${logId}", not "${electionId}"`, 'electionId');
  if (head.logId !== logId || !verifyTreeHead(head, key))
    throw refuse(source, 'the signed tree head does not verify under the log key', 'treeHead.signature');
  let root: Uint8Array;
  try {
    root = decodeLogHash(head.rootHash, 'rootHash');
  } catch {
    throw refuse(source, 'the tree head’s root hash is not 32 bytes of hex', 'treeHead.rootHash');
  }
  if (!bytesEqual(tree.rootHash(head.treeSize), root))
    throw refuse(
      source,
      `the log's first ${head.treeSize} entries do not hash to the signed root (RFC 9162 §2.1.1)`,
      'treeHead.rootHash',
    );
  return { source, head, entries };
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

/**
 * The board of an exported record (`DIR/board/log.jsonl`, the last head of
 * `DIR/board/tree-heads.jsonl`), or undefined when the record has none and its manifest names
 * none (a record made without a server).
 * @throws {TrusteeError} USAGE when the record has a board and no key was pinned; INVALID_FILE
 *   when its manifest names a board that it does not carry (L1.D for guardians)
 */
export function boardFromRecord(dir: string, pinnedKey: Uint8Array | undefined): BoardView | undefined {
  const logPath = join(dir, LOG_FILE);
  if (!existsSync(logPath)) {
    if (namesBoard(dir))
      throw refuse(
        dir,
        'its manifest names a bulletin board (bulletinBoard.logPublicKey) but it has no board/log.jsonl: the election ran on a server; refusing to decrypt against the record alone',
        'bulletinBoard',
      );
    return undefined;
  }
  if (!pinnedKey)
    throw new TrusteeError(
      EXIT.USAGE,
      dir,
      'has a bulletin board: give --log-key, the election’s log public key, to check it against',
    );
  const headsPath = join(dir, TREE_HEADS_FILE);
  const heads = existsSync(headsPath)
    ? readFileSync(headsPath, 'utf8')
        .split('\n')
        .filter((l) => l.length > 0)
    : [];
  if (heads.length === 0) throw refuse(headsPath, 'holds no signed tree head for the log');
  let head: SignedTreeHead;
  try {
    head = JSON.parse(heads.at(-1)!) as SignedTreeHead;
  } catch {
    throw refuse(headsPath, `line ${heads.length} is not JSON`);
  }
  const texts = readFileSync(logPath, 'utf8').split('\n');
  if (texts.at(-1) === '') texts.pop();
  return checkedView(logPath, texts, head, pinnedKey);
}

/** The board downloaded from the server: its latest signed head, then the entries it covers. */
export async function boardFromServer(
  base: string,
  electionId: string,
  pinnedKey: Uint8Array,
): Promise<BoardView> {
  const root = `${base.replace(/\/$/, '')}/elections/${encodeURIComponent(electionId)}/board`;
  const th = (await fetchJson(`${root}/tree-head`)) as { treeHead?: SignedTreeHead };
  const head = th?.treeHead;
  if (!head || !Number.isSafeInteger(head.treeSize))
    throw refuse(`${root}/tree-head`, 'holds no signed tree head', 'treeHead');
  const texts: string[] = [];
  while (texts.length < head.treeSize) {
    const url = `${root}/entries?start=${texts.length}&limit=${Math.min(1000, head.treeSize - texts.length)}`;
    const page = (await fetchJson(url)) as { entries?: { index: number; entry: string }[] };
    const got = page?.entries ?? [];
    if (got.length === 0) throw refuse(url, 'returned no entries below the signed tree size');
    for (const g of got) {
      if (g.index !== texts.length || typeof g.entry !== 'string')
        throw refuse(url, `entry ${texts.length} is missing or out of order`, 'entries');
      texts.push(g.entry);
    }
  }
  return checkedView(root, texts, head, pinnedKey, electionId);
}
