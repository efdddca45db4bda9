/**
 * The bulletin board as a reader outside the server sees it (spec/bulletin-board.md §1, §4, §5):
 * the log's entries (exact JSON text, in order) checked against a signed tree head. The head's
 * Ed25519 signature must verify for this log under the log key — the one the reader pinned, else
 * (only when the caller allows it) the setup entry's own — and its root must be the Merkle tree
 * hash of the entries (RFC 9162 §2.1.1): what the reader then looks at is what the log signed, so
 * a second, different view shown to another reader leaves two inconsistent signed heads as
 * evidence. Pure: where the text comes from is board-source.ts.
 * @module
 */
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

/** One log entry: its index, its type and its parsed JSON object. */
export interface BoardEntry {
  readonly index: number;
  readonly type: string;
  readonly e: Readonly<Record<string, unknown>>;
}

/** The entries of one election's log, checked against its signed head when there is one. */
export interface BoardView {
  /** where it came from (a URL or a file), for messages */
  readonly source: string;
  /** the setup entry's `electionId`, which is also the log id the head is signed for */
  readonly electionId: string;
  readonly entries: readonly BoardEntry[];
  /** the head the entries were checked against; null only for a record without tree heads */
  readonly head: SignedTreeHead | null;
  /** true when the key was pinned by the reader, false when taken from the setup entry */
  readonly keyPinned: boolean;
  /**
   * the RFC 9162 leaf hashes of the entries checked against the head (a reader can then check
   * that an earlier head it holds is a prefix of this log: MTH of the first n leaves)
   */
  readonly leafHashes?: readonly Uint8Array[];
}

/**
 * Why a board was not read: `usage` (the reader's own input, e.g. a malformed key), `unreachable`
 * (the server cannot be read), `unreadable` (a file cannot be read), `invalid` (what was read does
 * not verify). `source` names the file, folder or URL; `field` the field at fault, where known.
 */
export class BoardReadError extends Error {
  override readonly name = 'BoardReadError';
  constructor(
    readonly problem: 'usage' | 'unreachable' | 'unreadable' | 'invalid',
    readonly source: string | undefined,
    readonly detail: string,
    readonly field?: string,
  ) {
    super(source === undefined ? detail : `${source}: ${detail}`);
  }
}

const invalid = (source: string, detail: string, field?: string): BoardReadError =>
  new BoardReadError('invalid', source, detail, field);

/**
 * Parses a 32-byte Ed25519 log public key given as hex (`--log-key`).
 * @throws {BoardReadError} `usage` when it is not 64 hex digits
 */
export function parseLogKey(hex: string): Uint8Array {
  let k: Uint8Array | undefined;
  try {
    k = fromHex(hex.trim(), 'logKey');
  } catch {
    k = undefined;
  }
  if (k?.length !== 32)
    throw new BoardReadError('usage', undefined, '--log-key must be 64 hex digits (an Ed25519 public key)');
  return k;
}

/** How the entries are checked. */
export interface BoardCheckOptions {
  /** the log key the reader pinned; without it the setup entry's key is used */
  readonly pinnedKey?: Uint8Array;
  /** the election the reader asked for: the log must be that election's */
  readonly electionId?: string;
}

function parseEntry(source: string, text: string, index: number): BoardEntry {
  let e: unknown;
  try {
    e = JSON.parse(text);
  } catch {
    throw invalid(source, `log entry ${index} is not JSON`);
  }
  if (
    typeof e !== 'object' ||
    e === null ||
    Array.isArray(e) ||
    typeof (e as { type?: unknown }).type !== 'string'
  )
    throw invalid(source, `log entry ${index} is not an object with a type`);
  return { index, type: (e as { type: string }).type, e: e as Record<string, unknown> };
}

/** The setup entry (entry 0) and the log key it names. */
function setupOf(source: string, entries: readonly BoardEntry[]): { electionId: string; key: Uint8Array } {
  const setup = entries[0];
  if (setup?.type !== 'setup' || typeof setup.e.logPublicKey !== 'string')
    throw invalid(source, 'log entry 0 is not the setup entry with the log key', 'logPublicKey');
  let key: Uint8Array;
  try {
    key = fromHex(setup.e.logPublicKey, 'logPublicKey');
  } catch {
    throw invalid(source, 'the setup entry’s log key is not hex', 'logPublicKey');
  }
  return { electionId: String(setup.e.electionId), key };
}

/**
 * Checks the entries against the signed head: the head covers exactly the entries read, entry 0
 * is the setup entry, the pinned key (when given) is the one it names, the log is of the election
 * asked for, the head's signature verifies for this log id under the key, and the Merkle tree
 * hash of the entries is the signed root (RFC 9162 §2.1.1).
 * @param texts - every entry's exact text, in order
 * @throws {BoardReadError} `invalid`, naming `source` and what does not hold
 */
export function checkBoard(
  source: string,
  texts: readonly string[],
  head: SignedTreeHead,
  opts: BoardCheckOptions = {},
): BoardView {
  const size: unknown = (head as Partial<SignedTreeHead> | null)?.treeSize;
  if (typeof size !== 'number' || !Number.isSafeInteger(size) || size < 1 || size !== texts.length)
    throw invalid(
      source,
      `the signed tree head covers ${String(size)} entries, ${texts.length} were read`,
      'treeHead.treeSize',
    );
  const entries = texts.map((t, i) => parseEntry(source, t, i));
  const setup = setupOf(source, entries);
  if (opts.pinnedKey && !bytesEqual(opts.pinnedKey, setup.key))
    throw invalid(
      source,
      'the setup entry names another log key than the one pinned with --log-key',
      'logPublicKey',
    );
  if (opts.electionId !== undefined && setup.electionId !== opts.electionId)
    throw invalid(
      source,
      `is the log of election "${setup.electionId}", not "${opts.electionId}"`,
      'electionId',
    );
  if (head.logId !== setup.electionId || !verifyTreeHead(head, opts.pinnedKey ?? setup.key))
    throw invalid(source, 'the signed tree head does not verify under the log key', 'treeHead.signature');
  let root: Uint8Array;
  try {
    root = decodeLogHash(head.rootHash, 'rootHash');
  } catch {
    throw invalid(source, 'the tree head’s root hash is not 32 bytes of hex', 'treeHead.rootHash');
  }
  const leafHashes = texts.map((t) => leafHash(utf8Bytes(t)));
  const tree = createMerkleLog(leafHashes);
  if (!bytesEqual(tree.rootHash(), root))
    throw invalid(
      source,
      `the log's first ${size} entries do not hash to the signed root (RFC 9162 §2.1.1)`,
      'treeHead.rootHash',
    );
  return {
    source,
    electionId: setup.electionId,
    entries,
    head,
    keyPinned: opts.pinnedKey !== undefined,
    leafHashes,
  };
}

/**
 * The entries of a log that has no signed head (a record exported without tree heads): parsed,
 * entry 0 the setup entry; nothing binds them to a key, which the view says (`head: null`).
 * @throws {BoardReadError} `invalid` naming `source`
 */
export function uncheckedBoard(source: string, texts: readonly string[]): BoardView {
  const entries = texts.map((t, i) => parseEntry(source, t, i));
  if (entries[0]?.type !== 'setup') throw invalid(source, 'log entry 0 is not the setup entry');
  return { source, electionId: String(entries[0].e.electionId), entries, head: null, keyPinned: false };
}
