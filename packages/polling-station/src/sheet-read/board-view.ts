/**
 * The bulletin board as `sheet read` sees it: @evident/record's board reader (signed head, log
 * key, Merkle root, entries), from the server (`--server`) or an exported record (`--record`).
 * The log key is the one given with `--log-key`, else the setup entry's (the view says which).
 * Here only the reader's refusals become `sheet read`'s exit codes: 2 when the board cannot be
 * read, 1 when what was read does not verify.
 * @module
 */
import { join } from 'node:path';
import {
  BoardReadError,
  type BoardView,
  LOG_FILE,
  fetchServerBoard,
  parseLogKey as parseKey,
  readRecordBoard,
} from '@evident/record';
import { SheetReadError } from './sheet-read-error.js';

export type { BoardEntry, BoardView } from '@evident/record';

/** The reader's refusal as `sheet read`'s: 1 invalid, 2 anything that could not be read. */
function asSheetRead(e: unknown): unknown {
  return e instanceof BoardReadError ? new SheetReadError(e.problem === 'invalid' ? 1 : 2, e.message) : e;
}

/** Parses a 32-byte Ed25519 public key given as hex. @throws {SheetReadError} exit 2 */
export function parseLogKey(hex: string): Uint8Array {
  try {
    return parseKey(hex);
  } catch (e) {
    throw asSheetRead(e);
  }
}

/**
 * The board of an exported record, its last signed head checked when it has tree heads (and
 * required with `--log-key`).
 * @throws {SheetReadError} 2 when the record has no readable log, 1 when its log does not verify
 */
export function boardFromRecord(dir: string, pinned?: Uint8Array): BoardView {
  let view: BoardView | undefined;
  try {
    view = readRecordBoard(dir, pinned ? { pinnedKey: pinned } : {});
  } catch (e) {
    throw asSheetRead(e);
  }
  if (!view) throw new SheetReadError(2, `${join(dir, LOG_FILE)}: cannot be read (ENOENT)`);
  return view;
}

/**
 * The board of one election on a server: its latest signed head and the entries it covers.
 * @throws {SheetReadError} 2 when the server cannot be read, 1 when its board does not verify
 */
export async function boardFromServer(
  base: string,
  electionId: string,
  pinned?: Uint8Array,
): Promise<BoardView> {
  try {
    return await fetchServerBoard(base, electionId, pinned);
  } catch (e) {
    throw asSheetRead(e);
  }
}
