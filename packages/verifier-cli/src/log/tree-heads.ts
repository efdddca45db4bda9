/**
 * L2 (spec/bulletin-board.md §6): every head of `board/tree-heads.jsonl` has a valid Ed25519
 * signature under the setup entry's key and the election's log id (L2.A), its root is the Merkle
 * tree hash of the first treeSize lines of the exported log (L2.B), sizes and times never
 * decrease (L2.C), and the last head covers the whole log (L2.D).
 * @module
 */
import { existsSync, readFileSync } from 'node:fs';
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

/** Signatures of tree heads to check: lines of `board/tree-heads.jsonl` from line index `first`. */
export interface HeadSignatureTask {
  readonly key: Uint8Array;
  readonly logId: string;
  readonly first: number;
  readonly lines: readonly string[];
}

/**
 * L2.A's signature check over the task's lines (a worker task: Ed25519 costs most of L2).
 * @returns the line indices whose head has another log id or a signature that does not verify
 *   (lines that are empty or not JSON are left to {@link checkHeads})
 */
export function badHeadSignatures(t: HeadSignatureTask): number[] {
  const bad: number[] = [];
  t.lines.forEach((text, k) => {
    let h: SignedTreeHead;
    try {
      h = JSON.parse(text) as SignedTreeHead;
    } catch {
      return;
    }
    if (h?.logId !== t.logId || !verifyTreeHead(h, t.key)) bad.push(t.first + k);
  });
  return bad;
}

/** The log's key and id as the setup entry gives them (key undefined when unreadable). */
export function headKey(log: LogSummary): { key: Uint8Array | undefined; logId: string } {
  let key: Uint8Array | undefined;
  try {
    key = fromHex(String(log.setup?.logPublicKey), 'logPublicKey');
  } catch {
    key = undefined;
  }
  return { key, logId: String(log.setup?.electionId ?? '') };
}

/** The lines of `board/tree-heads.jsonl`, or undefined when it is missing. */
export function headLines(dir: string): string[] | undefined {
  const path = join(dir, TREE_HEADS_FILE);
  return existsSync(path) ? readFileSync(path, 'utf8').split('\n') : undefined;
}

/**
 * L2: every signed tree head of `board/tree-heads.jsonl` against the log's Merkle tree.
 * @param tree - the tree hashes of the exported log's leaves at the heads' sizes (from L1)
 * @param badSignatures - the line indices {@link badHeadSignatures} found, when it ran elsewhere
 *   (a worker thread); else the signatures are checked here
 * @param lines - the file's lines when the caller read them already (read here otherwise)
 */
export function checkHeads(
  dir: string,
  l2: Collector,
  tree: MerkleFrontier,
  log: LogSummary,
  badSignatures?: ReadonlySet<number>,
  lines: string[] | undefined = headLines(dir),
): void {
  if (!lines) {
    l2.fail('L2.D', TREE_HEADS_FILE, 'missing: no signed tree head covers the log');
    return;
  }
  const { key, logId } = headKey(log);
  const bad = badSignatures ?? new Set(key ? badHeadSignatures({ key, logId, first: 0, lines }) : []);
  let last: SignedTreeHead | undefined;
  lines.forEach((text, i) => {
    if (text.length === 0) return;
    const at = `${TREE_HEADS_FILE}:${i + 1}`;
    l2.item();
    let h: SignedTreeHead;
    try {
      h = JSON.parse(text) as SignedTreeHead;
    } catch {
      l2.fail('L2.A', at, 'not JSON');
      return;
    }
    if (!key || bad.has(i))
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
  });
  if (!last || last.treeSize !== tree.size)
    l2.fail(
      'L2.D',
      TREE_HEADS_FILE,
      `the last signed head covers ${last?.treeSize ?? 0} of ${tree.size} log entries`,
    );
}
