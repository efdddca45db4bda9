/**
 * The bulletin board as a guardian sees it (spec/key-ceremony.md §9.7, spec/bulletin-board.md):
 * @evident/record's board reader, always under the log public key the guardian pinned
 * (`--log-key`) and always with a signed tree head — never the setup entry's own key alone:
 * whoever writes a board can put any key there. Read from an exported record's `board/` folder
 * or downloaded from the server. Here only the reader's refusals become the guardian's exit codes.
 * @module
 */
import type { SignedTreeHead } from '@evident/e2e-crypto';
import {
  BoardReadError,
  type BoardView as ReaderView,
  checkBoard,
  fetchServerBoard,
  parseLogKey as parseKey,
  readRecordBoard,
} from '@evident/record';
import { EXIT, TrusteeError } from '../errors.js';

/** One log entry: its index and its parsed JSON object (read loosely by the target checks). */
export interface BoardEntry {
  readonly index: number;
  readonly type: string;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  readonly e: any;
}

/** The entries under a verified signed tree head. */
export interface BoardView extends Omit<ReaderView, 'head' | 'entries'> {
  readonly head: SignedTreeHead;
  /** entries [0, head.treeSize) */
  readonly entries: readonly BoardEntry[];
}

/** The reader's refusal as a guardian's: the file or URL it names, the field, the exit code. */
function asTrustee(e: unknown): unknown {
  if (!(e instanceof BoardReadError)) return e;
  const exit =
    e.problem === 'usage' ? EXIT.USAGE : e.problem === 'unreachable' ? EXIT.PROTOCOL : EXIT.INVALID_FILE;
  // a record that lost its board is the one refusal a guardian meets without a board to show
  const detail =
    e.field === 'bulletinBoard' ? `${e.detail}; refusing to decrypt against the record alone` : e.detail;
  return new TrusteeError(exit, e.source, detail, e.field);
}

function signed(view: ReaderView): BoardView {
  const head = view.head;
  if (!head) throw new TrusteeError(EXIT.INVALID_FILE, view.source, 'holds no signed tree head', 'treeHead');
  return { ...view, head };
}

/** Parses a 32-byte Ed25519 public key given as hex (`--log-key`). @throws {TrusteeError} USAGE */
export function parseLogKey(hex: string): Uint8Array {
  try {
    return parseKey(hex);
  } catch (e) {
    throw asTrustee(e);
  }
}

/**
 * Checks `texts` (the log's entries, exact JSON text, in order) against the signed `head` under
 * the pinned key; entries after the head's tree size are not part of the view.
 * @throws {TrusteeError} INVALID_FILE naming the source
 */
export function checkedView(
  source: string,
  texts: readonly string[],
  head: SignedTreeHead,
  pinnedKey: Uint8Array,
  electionId?: string,
): BoardView {
  const size = (head as Partial<SignedTreeHead> | null)?.treeSize;
  const covered = Number.isSafeInteger(size) && size! <= texts.length ? texts.slice(0, size) : texts;
  try {
    return signed(
      checkBoard(source, covered, head, { pinnedKey, ...(electionId !== undefined ? { electionId } : {}) }),
    );
  } catch (e) {
    throw asTrustee(e);
  }
}

/**
 * The board of an exported record (`DIR/board/log.jsonl`, the last head of
 * `DIR/board/tree-heads.jsonl`), or undefined when the record has none and its manifest names
 * none (a record made without a server).
 * @throws {TrusteeError} USAGE when the record has a board and no key was pinned; INVALID_FILE
 *   when its manifest names a board that it does not carry (L1.D for guardians), or the board
 *   does not verify
 */
export function boardFromRecord(dir: string, pinnedKey: Uint8Array | undefined): BoardView | undefined {
  try {
    const view = readRecordBoard(dir, {
      ...(pinnedKey ? { pinnedKey } : {}),
      requirePinnedKey: true,
      requireSignedHead: true,
    });
    return view && signed(view);
  } catch (e) {
    throw asTrustee(e);
  }
}

/** The board downloaded from the server: its latest signed head, then the entries it covers. */
export async function boardFromServer(
  base: string,
  electionId: string,
  pinnedKey: Uint8Array,
): Promise<BoardView> {
  try {
    return signed(await fetchServerBoard(base, electionId, pinnedKey));
  } catch (e) {
    throw asTrustee(e);
  }
}
