/**
 * Test support: what a lying server can do to its own bulletin board. It holds the log's secret
 * key, so after rewriting `board/log.jsonl` it signs fresh tree heads that L2 accepts; only the
 * checks on the entries' content (L1, L3, L4, C1, C5) can catch the change. Not part of the
 * verifier: tests import it by path.
 * @module
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { canonicalJsonString, createMerkleLog, leafHash, signTreeHead } from '@evident/e2e-crypto';
import { LOG_FILE, TREE_HEADS_FILE } from '@evident/record';

/** A parsed log entry. */
export type LogEntry = Record<string, unknown> & { type: string };

const utf8 = new TextEncoder();

/** The entries of the record's `board/log.jsonl`, parsed, in log order. */
export function readBoardEntries(dir: string): LogEntry[] {
  return readFileSync(join(dir, LOG_FILE), 'utf8')
    .split('\n')
    .filter((l) => l.length > 0)
    .map((l) => JSON.parse(l) as LogEntry);
}

/**
 * Writes `entries` as the record's log (canonical JSON, one per line) and replaces
 * `board/tree-heads.jsonl` by heads signed with `secretKey` over the new log: one at each size
 * of `sizes` (default: none) and one covering the whole log.
 * @param secretKey - the log's Ed25519 secret key (the server's `logSecretKey`)
 */
export function writeBoardLog(
  dir: string,
  secretKey: Uint8Array,
  entries: readonly LogEntry[],
  sizes: readonly number[] = [],
): void {
  const texts = entries.map((e) => canonicalJsonString(e));
  writeFileSync(join(dir, LOG_FILE), texts.map((t) => `${t}\n`).join(''));
  const tree = createMerkleLog(texts.map((t) => leafHash(utf8.encode(t))));
  const logId = String(entries[0]?.electionId ?? '');
  const all = [...new Set([...sizes.filter((n) => n > 0 && n < texts.length), texts.length])].sort(
    (a, b) => a - b,
  );
  const t0 = Date.now();
  const heads = all.map((n, i) => signTreeHead(secretKey, logId, n, tree.rootHash(n), t0 + i));
  writeFileSync(join(dir, TREE_HEADS_FILE), heads.map((h) => `${JSON.stringify(h)}\n`).join(''));
}

/**
 * Rewrites the record's log with `edit` and re-signs its heads (see {@link writeBoardLog}).
 * @param edit - gets the parsed entries, returns the new log
 */
export function rewriteBoardLog(
  dir: string,
  secretKey: Uint8Array,
  edit: (entries: LogEntry[]) => LogEntry[],
): void {
  writeBoardLog(dir, secretKey, edit(readBoardEntries(dir)));
}

/**
 * Moves the entry at `from` to position `to` (its index afterwards) and renumbers the log
 * indices that other entries cite (`supersession` superseded/by, `mix-inputs` ballots), so
 * that only the order changes.
 */
export function moveEntry(entries: readonly LogEntry[], from: number, to: number): LogEntry[] {
  const order = entries.map((_, i) => i);
  order.splice(to, 0, ...order.splice(from, 1));
  const newIndex = new Map(order.map((old, i) => [old, i]));
  const renumber = (i: unknown): unknown => (typeof i === 'number' ? (newIndex.get(i) ?? i) : i);
  return order.map((old) => {
    const e = entries[old]!;
    if (e.type === 'supersession') return { ...e, superseded: renumber(e.superseded), by: renumber(e.by) };
    if (e.type === 'mix-inputs' && Array.isArray(e.ballots))
      return { ...e, ballots: e.ballots.map(renumber) };
    return e;
  });
}

/** `entries` with `entry` inserted at position `at`, the cited log indices renumbered (see {@link moveEntry}). */
export function insertEntry(entries: readonly LogEntry[], at: number, entry: LogEntry): LogEntry[] {
  return moveEntry([...entries, entry], entries.length, at);
}
