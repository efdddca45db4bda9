/**
 * An append-only Merkle log (RFC 9162 §2.1): appends leaf hashes, answers tree hashes,
 * inclusion proofs (§2.1.3.1) and consistency proofs (§2.1.4.1) for any earlier tree size
 * (spec/bulletin-board.md §2–§3).
 *
 * Storage: for every level ℓ it keeps the hashes of the complete, aligned subtrees of 2^ℓ
 * leaves, in one flat byte array per level (≈ 64 bytes per leaf in all). Such a subtree never
 * changes once complete, so any MTH(D[a:b]) is a few lookups plus O(log n) hashes along the right
 * edge, and a proof costs O(log² n) hashes at most. Browser-safe: no Node APIs.
 * @module
 */
import { LOG_HASH_LENGTH, nodeHash, splitPoint, EMPTY_ROOT_HASH } from './tree-hash.js';

/** A Merkle log held in memory. */
export interface MerkleLog {
  /** Number of leaves appended so far. */
  readonly size: number;
  /**
   * Appends one leaf hash (SHA-256(0x00 ∥ entry), see `leafHash`).
   * @returns the index of the new leaf
   * @throws {TypeError} if `leafHash` is not 32 bytes
   */
  append(leafHash: Uint8Array): number;
  /** The leaf hash at `index`. @throws {RangeError} outside [0, size) */
  leafHash(index: number): Uint8Array;
  /** MTH(D[0:treeSize]) — the root hash of the tree of the first `treeSize` leaves (default: all). */
  rootHash(treeSize?: number): Uint8Array;
  /**
   * PATH(index, D[0:treeSize]) — RFC 9162 §2.1.3.1.
   * @throws {RangeError} unless 0 ≤ index < treeSize ≤ size
   */
  inclusionProof(index: number, treeSize?: number): Uint8Array[];
  /**
   * PROOF(first, D[0:second]) — RFC 9162 §2.1.4.1. Empty when first = 0 or first = second
   * (spec/bulletin-board.md §3.3).
   * @throws {RangeError} unless 0 ≤ first ≤ second ≤ size
   */
  consistencyProof(first: number, second?: number): Uint8Array[];
}

/** One level of complete subtrees: node i covers leaves [i·2^ℓ, (i+1)·2^ℓ). */
interface Level {
  buf: Uint8Array;
  count: number;
}

const HL = LOG_HASH_LENGTH;

function checkSize(name: string, v: number, max: number, min = 0): void {
  if (!Number.isSafeInteger(v) || v < min || v > max) {
    throw new RangeError(`${name} must be an integer in [${min}, ${max}], got ${v}`);
  }
}

/**
 * A new log, optionally pre-filled with the leaf hashes of an existing log (a restart).
 * @param leafHashes - leaf hashes in log order
 */
export function createMerkleLog(leafHashes: Iterable<Uint8Array> = []): MerkleLog {
  const levels: Level[] = [];

  const node = (level: number, index: number): Uint8Array => {
    const l = levels[level]!;
    return l.buf.subarray(index * HL, (index + 1) * HL);
  };
  const push = (level: number, h: Uint8Array): number => {
    let l = levels[level];
    if (!l) {
      l = { buf: new Uint8Array(HL * 64), count: 0 };
      levels[level] = l;
    }
    if ((l.count + 1) * HL > l.buf.length) {
      const bigger = new Uint8Array(l.buf.length * 2);
      bigger.set(l.buf);
      l.buf = bigger;
    }
    l.buf.set(h, l.count * HL);
    return l.count++;
  };
  const size = (): number => levels[0]?.count ?? 0;

  /** MTH(D[start : start + n]) for a range inside the log. */
  const subtree = (start: number, n: number): Uint8Array => {
    if (n === 0) return EMPTY_ROOT_HASH;
    // a complete aligned subtree is stored
    if ((n & (n - 1)) === 0 && start % n === 0) {
      const level = Math.log2(n);
      const idx = start / n;
      const l = levels[level];
      if (l && idx < l.count) return node(level, idx).slice();
    }
    const k = splitPoint(n);
    return nodeHash(subtree(start, k), subtree(start + k, n - k));
  };

  /** PATH(m, D[start : start + n]) (RFC 9162 §2.1.3.1), leaf-to-root order. */
  const path = (m: number, start: number, n: number): Uint8Array[] => {
    if (n === 1) return [];
    const k = splitPoint(n);
    if (m < k) return [...path(m, start, k), subtree(start + k, n - k)];
    return [...path(m - k, start + k, n - k), subtree(start, k)];
  };

  /** SUBPROOF(m, D[start : start + n], b) (RFC 9162 §2.1.4.1). */
  const subproof = (m: number, start: number, n: number, b: boolean): Uint8Array[] => {
    if (m === n) return b ? [] : [subtree(start, n)];
    const k = splitPoint(n);
    if (m <= k) return [...subproof(m, start, k, b), subtree(start + k, n - k)];
    return [...subproof(m - k, start + k, n - k, false), subtree(start, k)];
  };

  const log: MerkleLog = {
    get size() {
      return size();
    },
    append(h) {
      if (!(h instanceof Uint8Array) || h.length !== HL) {
        throw new TypeError('append: leafHash must be a 32-byte Uint8Array');
      }
      let idx = push(0, h);
      let level = 0;
      // every completed pair of subtrees completes their parent
      while (idx % 2 === 1) {
        const parent = nodeHash(node(level, idx - 1), node(level, idx));
        level++;
        idx = push(level, parent);
      }
      return size() - 1;
    },
    leafHash(index) {
      checkSize('index', index, size() - 1);
      return node(0, index).slice();
    },
    rootHash(treeSize = size()) {
      checkSize('treeSize', treeSize, size());
      return subtree(0, treeSize);
    },
    inclusionProof(index, treeSize = size()) {
      checkSize('treeSize', treeSize, size(), 1);
      checkSize('index', index, treeSize - 1);
      return path(index, 0, treeSize);
    },
    consistencyProof(first, second = size()) {
      checkSize('second', second, size());
      checkSize('first', first, second);
      if (first === 0 || first === second) return [];
      return subproof(first, 0, second, true);
    },
  };
  for (const h of leafHashes) log.append(h);
  return log;
}
