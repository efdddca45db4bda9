/**
 * L2 (spec/bulletin-board.md §6): every head of `board/tree-heads.jsonl` has a valid Ed25519
 * signature under the setup entry's key and the election's log id (L2.A), its root is the Merkle
 * tree hash of the first treeSize lines of the exported log (L2.B), sizes and times never
 * decrease (L2.C), and the last head covers the whole log (L2.D).
 * @module
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { encodeLogHash, fromHex, verifyTreeHead, type SignedTreeHead } from '@evident/e2e-crypto';
import { TREE_HEADS_FILE, readJsonLines } from '@evident/record';
import type { Collector, LogSummary } from './log-summary.js';
import type { MerkleFrontier } from './merkle-frontier.js';

/**
 * The tree sizes the heads of `board/tree-heads.jsonl` name (read before the log, so that the L1
 * pass keeps the tree hash of each: ./merkle-frontier.ts); none when the file is missing.
 */
export async function headSizes(dir: string): Promise<Set<number>> {
  const sizes = new Set<number>();
  const path = join(dir, TREE_HEADS_FILE);
  if (!existsSync(path)) return sizes;
  for await (const { text } of readJsonLines(path)) {
    try {
      const n = (JSON.parse(text) as { treeSize?: unknown }).treeSize;
      if (Number.isSafeInteger(n) && (n as number) >= 0) sizes.add(n as number);
    } catch {
      // L2.A names it
    }
  }
  return sizes;
}

/**
 * L2: every signed tree head of `board/tree-heads.jsonl` against the log's Merkle tree.
 * @param tree - the tree hashes of the exported log's leaves at the heads' sizes (from L1)
 */
export async function checkHeads(
  dir: string,
  l2: Collector,
  tree: MerkleFrontier,
  log: LogSummary,
): Promise<void> {
  const path = join(dir, TREE_HEADS_FILE);
  if (!existsSync(path)) {
    l2.fail('L2.D', TREE_HEADS_FILE, 'missing: no signed tree head covers the log');
    return;
  }
  let key: Uint8Array | undefined;
  try {
    key = fromHex(String(log.setup?.logPublicKey), 'logPublicKey');
  } catch {
    key = undefined;
  }
  const logId = String(log.setup?.electionId ?? '');
  let last: SignedTreeHead | undefined;
  for await (const { lineNo, text } of readJsonLines(path)) {
    if (text.length === 0) continue;
    const at = `${TREE_HEADS_FILE}:${lineNo}`;
    l2.item();
    let h: SignedTreeHead;
    try {
      h = JSON.parse(text) as SignedTreeHead;
    } catch {
      l2.fail('L2.A', at, 'not JSON');
      continue;
    }
    if (!key || h.logId !== logId || !verifyTreeHead(h, key))
      l2.fail(
        'L2.A',
        at,
        'the signature does not verify under the log key of the setup entry (or wrong log id)',
      );
    const root = Number.isSafeInteger(h.treeSize) && h.treeSize >= 0 ? tree.rootHash(h.treeSize) : undefined;
    if (!Number.isSafeInteger(h.treeSize) || h.treeSize < 0 || h.treeSize > tree.size) {
      l2.fail('L2.B', at, `tree size ${String(h.treeSize)} exceeds the exported log (${tree.size} entries)`);
    } else if (!root || encodeLogHash(root) !== String(h.rootHash).toLowerCase()) {
      l2.fail('L2.B', at, `root hash is not the Merkle tree hash of the first ${h.treeSize} log entries`);
    }
    if (last && (h.treeSize <= last.treeSize || h.timestamp < last.timestamp))
      l2.fail('L2.C', at, 'tree sizes must increase and timestamps not decrease');
    last = h;
  }
  if (!last || last.treeSize !== tree.size)
    l2.fail(
      'L2.D',
      TREE_HEADS_FILE,
      `the last signed head covers ${last?.treeSize ?? 0} of ${tree.size} log entries`,
    );
}
