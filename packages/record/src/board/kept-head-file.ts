/**
 * A signed tree head the voter kept (spec/tracker.md §2): the head alone
 * `{logId, treeSize, timestamp, rootHash, signature}` (spec/bulletin-board.md §4), or the
 * server's `GET …/board/tree-head` answer `{treeHead, …}` saved as it came. Read by
 * `evident-track --tree-head` and by the tracker page; only its shape is checked here, its
 * signature and its consistency with the current head by the tracker. Pure and browser-safe.
 * @module
 */
import type { SignedTreeHead } from '@evident/e2e-crypto';
import { type FileFault, jsonObject } from './receipt-file.js';

/** The head in a kept head file's text, or the field at fault. */
export function parseTreeHeadFile(text: string): SignedTreeHead | FileFault {
  const outer = jsonObject(text);
  if (!outer) return { fault: 'JSON', must: 'a JSON object' };
  const inner = outer.treeHead;
  const h = (typeof inner === 'object' && inner !== null ? inner : outer) as Record<string, unknown>;
  const bad = (fault: string, must: string): FileFault => ({ fault, must });
  if (typeof h.logId !== 'string') return bad('logId', 'a string');
  if (typeof h.treeSize !== 'number' || !Number.isSafeInteger(h.treeSize) || h.treeSize < 0)
    return bad('treeSize', 'a non-negative integer');
  if (typeof h.timestamp !== 'number') return bad('timestamp', 'a number');
  if (typeof h.rootHash !== 'string') return bad('rootHash', 'a hex string');
  if (typeof h.signature !== 'string') return bad('signature', 'a hex string');
  return {
    logId: h.logId,
    treeSize: h.treeSize,
    timestamp: h.timestamp,
    rootHash: h.rootHash,
    signature: h.signature,
  };
}
