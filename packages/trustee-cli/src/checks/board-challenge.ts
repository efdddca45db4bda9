/**
 * The one challenge a guardian answers in a round (spec/key-ceremony.md §9.8): the first
 * `decryption-challenge` entry of that round on the board, under a head signed by the pinned
 * log key. Round-1 nonces are deterministic (every copy of the secret file commits the same
 * (a_i, b_i) for a request and round), so the only freedom left to a lying server is the other
 * guardians' commitments and the quorum U that enter c; the board fixes them, publicly and
 * once. No state in the secret file is needed for this.
 * @module
 */
import { refuse } from '../errors.js';
import type { BoardEntry, BoardView } from './board-view.js';

/** The current decryption round on the board: 1, or the round of the last `decryption-restart`. */
export function boardRound(board: BoardView): number {
  let round = 1;
  for (const e of board.entries)
    if (e.type === 'decryption-restart' && Number.isSafeInteger(e.e.round) && e.e.round > round)
      round = e.e.round;
  return round;
}

const latestRequest = (board: BoardView, kind: string): BoardEntry | undefined =>
  [...board.entries].reverse().find((x) => x.type === 'decryption-request' && x.e.kind === kind);

/** The latest `decryption-request` entry of `kind` (the request the server serves). */
export function boardRequest(board: BoardView, kind: string): BoardEntry {
  const e = latestRequest(board, kind);
  if (!e) throw refuse(board.source, `has no "${kind}" decryption request`, 'decryption-request');
  return e;
}

/**
 * Whether a `decryption-request` entry is of version 2: a `ranked` request naming the mix stages
 * whose outputs are its items, with its digest, instead of holding them (spec/mixnet.md §8.8).
 */
export function namesStages(entry: BoardEntry): boolean {
  return entry.e.kind === 'ranked' && entry.e.version === 2;
}

/**
 * Refuses a request file of a kind whose latest board entry is of version 2 unless its digest is
 * the entry's (a version-1 entry holds the request itself; either way, and without an entry, the
 * board check compares the items with what the board justifies, ./decryption-targets.ts).
 * @throws {TrusteeError} INVALID_FILE naming `file` and its digest
 */
export function checkRequestDigest(board: BoardView, kind: string, digest: string, file: string): void {
  const entry = latestRequest(board, kind);
  if (!entry || !namesStages(entry)) return;
  const want = String(entry.e.digest).toUpperCase();
  if (digest.toUpperCase() !== want)
    throw refuse(
      file,
      `is not the board's "${kind}" request: its digest ${digest.toUpperCase()} differs from ${want}, the one log entry ${entry.index} fixes`,
      'digest',
    );
}

/**
 * The challenge file of `kind` in the first `decryption-challenge` entry of `round`.
 * @throws {TrusteeError} INVALID_FILE when the board has none (the challenge is not out, or not public)
 */
export function boardChallenge(
  board: BoardView,
  kind: string,
  round: number,
): { entry: BoardEntry; json: Record<string, unknown> } {
  const entry = board.entries.find((e) => e.type === 'decryption-challenge' && e.e.round === round);
  if (!entry)
    throw refuse(
      board.source,
      `has no decryption-challenge entry for round ${round} under the signed head: answering nothing`,
      'decryption-challenge',
    );
  const json = entry.e.challenges?.[kind];
  if (typeof json !== 'object' || json === null)
    throw refuse(
      board.source,
      `log entry ${entry.index}: no "${kind}" challenge in round ${round}`,
      'challenges',
    );
  return { entry, json: json as Record<string, unknown> };
}
