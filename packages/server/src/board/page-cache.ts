/**
 * Complete board pages kept as bytes (spec/server-api.md §6.5, §10): a page of `limit` entries
 * from `start` — or one the byte limit cut before the end of the log — never changes once its
 * entries are committed (the log is append-only), so its serialised answer is kept and served to
 * every reader, compressed once per content coding. The last page of a log, still filling, is
 * never kept.
 *
 * The page that ends the board (it reaches the end of the node's tree) changes when the tree
 * grows: it is kept with the tree size it was built at (`atSize`) and served only while the tree
 * has that size — the first read after a commit, on this node or caught up from another, builds
 * it afresh.
 *
 * A kept page is served only from a tree that holds it: every entry's leaf hash is compared with
 * the leaf at its index in the node's tree before the page is sent (a node whose tree is behind,
 * or was reloaded with other leaves, builds the page afresh). Committed leaves of one tree object
 * never change (the tree is append-only; a reload makes a new tree), so the comparison is made once
 * per page and tree object, then only the tree's size is looked at. At most `maxBytes` are kept — the
 * pages' bytes and their compressed forms — the least recently read page going first.
 * @module
 */
import type { MerkleLog } from '@evident/e2e-crypto';
import type { CachedAnswer } from '../limits/cached-answer.js';
import type { ElectionLog } from './election-logs.js';

/** A kept page. */
export interface KeptPage {
  readonly answer: CachedAnswer;
  /** The entries' leaf hashes, one after the other (32 bytes each). */
  readonly leaves: Uint8Array;
  /** The page that ends the board: valid only while the tree has this size (absent: forever). */
  readonly atSize?: number;
}

/** The cache. */
export interface PageCache {
  /** The page from `start` of at most `limit` entries, if kept, held by `log`'s tree and current. */
  get(log: ElectionLog, start: number, limit: number): KeptPage | undefined;
  /** Keeps a complete page, or the one ending the board (`atSize`; not when alone larger than the bound). */
  put(electionId: string, start: number, limit: number, page: KeptPage): void;
  /** Tells the cache that a kept answer holds `bytes` more (a compressed form was made). */
  grew(answer: CachedAnswer, bytes: number): void;
  /** Bytes held now. */
  readonly bytes: number;
  /** Pages held now. */
  readonly size: number;
}

const HASH = 32;

function sameLeaves(log: ElectionLog, start: number, leaves: Uint8Array): boolean {
  const n = leaves.length / HASH;
  if (start + n > log.size) return false;
  for (let i = 0; i < n; i++) {
    const h = log.tree.leafHash(start + i);
    for (let j = 0; j < HASH; j++) if (h[j] !== leaves[i * HASH + j]) return false;
  }
  return true;
}

/**
 * A cache of at most `maxBytes` (0: nothing is kept).
 * @throws {RangeError} if `maxBytes` is not a non-negative integer
 */
export function pageCache(maxBytes: number): PageCache {
  if (!Number.isSafeInteger(maxBytes) || maxBytes < 0)
    throw new RangeError(`maxBytes must be a non-negative integer, got ${maxBytes}`);
  const kept = new Map<string, KeptPage>(); // least recently read first
  /** The tree each page's leaves were last found in (committed leaves of a tree never change). */
  const heldBy = new WeakMap<KeptPage, WeakRef<MerkleLog>>();
  const keyOf = new Map<CachedAnswer, string>();
  let bytes = 0;
  const cost = (p: KeptPage): number => p.answer.bytes + p.leaves.length;
  const drop = (key: string): void => {
    const p = kept.get(key);
    if (!p) return;
    kept.delete(key);
    keyOf.delete(p.answer);
    bytes -= cost(p);
  };
  const trim = (): void => {
    while (bytes > maxBytes && kept.size > 0) drop(kept.keys().next().value!);
  };
  return {
    get(log, start, limit) {
      const key = `${log.electionId}|${start}|${limit}`;
      const p = kept.get(key);
      if (!p) return undefined;
      if (p.atSize !== undefined && p.atSize !== log.size) {
        drop(key); // the board grew (or the tree was reloaded smaller): never served again
        return undefined;
      }
      if (heldBy.get(p)?.deref() === log.tree) {
        if (start + p.leaves.length / HASH > log.size) return undefined;
      } else {
        if (!sameLeaves(log, start, p.leaves)) return undefined;
        heldBy.set(p, new WeakRef(log.tree));
      }
      kept.delete(key);
      kept.set(key, p);
      return p;
    },
    put(electionId, start, limit, page) {
      if (page.answer.bytes + page.leaves.length > maxBytes) return; // alone over the bound: not kept
      const key = `${electionId}|${start}|${limit}`;
      drop(key);
      kept.set(key, page);
      keyOf.set(page.answer, key);
      bytes += cost(page);
      trim();
    },
    grew(answer, n) {
      if (!keyOf.has(answer)) return; // dropped meanwhile: nothing held
      bytes += n;
      trim();
    },
    get bytes() {
      return bytes;
    },
    get size() {
      return kept.size;
    },
  };
}
