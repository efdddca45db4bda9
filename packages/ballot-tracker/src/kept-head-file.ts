/**
 * A signed tree head the voter kept (spec/tracker.md §2): the head alone
 * `{logId, treeSize, timestamp, rootHash, signature}` (spec/bulletin-board.md §4), or the
 * server's `GET …/board/tree-head` answer `{treeHead, …}` saved as it came.
 * @module
 */
import { readFileSync } from 'node:fs';
import type { SignedTreeHead } from '@evident/e2e-crypto';
import { TrackError } from './track-error.js';

/**
 * Reads a kept tree head; only its shape is checked here, its signature by the tracker.
 * @throws {TrackError} `usage`, naming the file and the field at fault
 */
export function readTreeHeadFile(path: string): SignedTreeHead {
  let json: unknown;
  try {
    json = JSON.parse(readFileSync(path, 'utf8'));
  } catch (e) {
    const why =
      e instanceof SyntaxError ? 'is not JSON' : `cannot be read (${(e as NodeJS.ErrnoException).code})`;
    throw new TrackError('usage', `${path} ${why}`);
  }
  const outer = (typeof json === 'object' && json !== null ? json : {}) as Record<string, unknown>;
  const h = (
    typeof outer.treeHead === 'object' && outer.treeHead !== null ? outer.treeHead : outer
  ) as Record<string, unknown>;
  const bad = (field: string, what: string) => new TrackError('usage', `${path}: ${field} must be ${what}`);
  if (typeof h.logId !== 'string') throw bad('logId', 'a string');
  if (typeof h.treeSize !== 'number' || !Number.isSafeInteger(h.treeSize) || h.treeSize < 0)
    throw bad('treeSize', 'a non-negative integer');
  if (typeof h.timestamp !== 'number') throw bad('timestamp', 'a number');
  if (typeof h.rootHash !== 'string') throw bad('rootHash', 'a hex string');
  if (typeof h.signature !== 'string') throw bad('signature', 'a hex string');
  return {
    logId: h.logId,
    treeSize: h.treeSize,
    timestamp: h.timestamp,
    rootHash: h.rootHash,
    signature: h.signature,
  };
}
