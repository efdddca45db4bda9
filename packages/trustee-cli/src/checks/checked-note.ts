/**
 * Round 2 without recomputing round 1's targets (spec/key-ceremony.md §9.7): after round 1 has
 * compared a request with the board, `decrypt` writes a note next to the secret file,
 * `<secret>.checked-<requestDigest>.json`, naming the request digest, the kind and the signed
 * head (size, root) it was checked under, authenticated with an HMAC under the guardian's nonce
 * key — nobody without the secret file (not the server) can make or alter one. Round 2 (`--respond`)
 * trusts the note only when
 * - its MAC verifies under this secret file and it names the request the board now serves;
 * - the first `treeSize` entries of the board just checked under the pinned key hash to the
 *   note's root (RFC 9162: the round-2 log extends the one checked in round 1, nothing rewritten);
 * - every entry after them is a decryption entry no target is computed from
 *   (`partial-decryption`, `decryption-challenge`, `decryption-response`) — a new request, a
 *   restart, a ballot or a mix stage sends the guardian back to the full check.
 * Otherwise the targets are recomputed as in round 1. A missing or bad note is never an error.
 * @module
 */
import { existsSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import {
  bytesEqual,
  createMerkleLog,
  fromHex,
  hmacSha256,
  int4,
  toHex,
  utf8Bytes,
} from '@evident/e2e-crypto';
import type { DecryptionRequest } from '../files/decryption-files.js';
import type { SecretFile } from '../secret-store.js';
import type { BoardView } from './board-view.js';

const FORMAT = 'evident-trustee/checked-request';
/** Entry types appended between the rounds that no decryption target is computed from. */
const AFTER_CHECK = new Set(['partial-decryption', 'decryption-challenge', 'decryption-response']);

interface Note {
  readonly requestDigest: string;
  readonly kind: string;
  readonly treeSize: number;
  readonly rootHash: string;
}

/** The note's file for `req`, next to the secret file. */
export function notePath(secretPath: string, req: DecryptionRequest): string {
  return `${secretPath}.checked-${req.digest.toLowerCase()}.json`;
}

function mac(secret: SecretFile, n: Note): string {
  return toHex(
    hmacSha256(
      fromHex(secret.payload.nonceKey),
      utf8Bytes('evident decrypt checked request'),
      fromHex(n.requestDigest),
      int4(n.treeSize),
      fromHex(n.rootHash),
      utf8Bytes(n.kind),
    ),
  );
}

/** Records that `req` was compared with `board` (under its signed head) and held. */
export function writeCheckedNote(
  secretPath: string,
  secret: SecretFile,
  req: DecryptionRequest,
  board: BoardView,
): void {
  const n: Note = {
    requestDigest: req.digest.toLowerCase(),
    kind: req.kind,
    treeSize: board.head.treeSize,
    rootHash: board.head.rootHash.toLowerCase(),
  };
  // a private file of this guardian, not a published one (no schema): written whole, then renamed
  const path = notePath(secretPath, req);
  writeFileSync(`${path}.tmp`, `${JSON.stringify({ format: FORMAT, ...n, mac: mac(secret, n) })}\n`, {
    mode: 0o600,
  });
  renameSync(`${path}.tmp`, path);
}

/** The note of `req` when it is this guardian's and well formed, else undefined. */
function readNote(secretPath: string, secret: SecretFile, req: DecryptionRequest): Note | undefined {
  const path = notePath(secretPath, req);
  if (!existsSync(path)) return undefined;
  try {
    const j = JSON.parse(readFileSync(path, 'utf8')) as Record<string, unknown>;
    const n: Note = {
      requestDigest: String(j.requestDigest),
      kind: String(j.kind),
      treeSize: Number(j.treeSize),
      rootHash: String(j.rootHash),
    };
    if (j.format !== FORMAT || !Number.isSafeInteger(n.treeSize) || n.treeSize < 1) return undefined;
    const want = fromHex(mac(secret, n));
    if (!bytesEqual(fromHex(String(j.mac)), want)) return undefined;
    return n;
  } catch {
    return undefined;
  }
}

/**
 * The signed head (size) under which round 1 checked `req`, when `board` provably extends it
 * with decryption entries only; undefined when the targets must be recomputed.
 */
export function checkedBefore(
  secretPath: string,
  secret: SecretFile,
  req: DecryptionRequest,
  board: BoardView,
): number | undefined {
  const n = readNote(secretPath, secret, req);
  if (!n || n.requestDigest !== req.digest.toLowerCase() || n.kind !== req.kind) return undefined;
  const leaves = board.leafHashes;
  if (!leaves || n.treeSize > leaves.length || leaves.length !== board.entries.length) return undefined;
  if (board.entries.slice(n.treeSize).some((e) => !AFTER_CHECK.has(e.type))) return undefined;
  const root = createMerkleLog(leaves.slice(0, n.treeSize)).rootHash();
  return bytesEqual(root, fromHex(n.rootHash)) ? n.treeSize : undefined;
}
