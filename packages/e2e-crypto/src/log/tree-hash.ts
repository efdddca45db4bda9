/**
 * Merkle tree hashing of the bulletin board, exactly as RFC 9162 §2.1.1 defines it
 * (spec/bulletin-board.md §2).
 *
 * - leaf hash:  SHA-256(0x00 ∥ entry)
 * - node hash:  SHA-256(0x01 ∥ left ∥ right)
 * - MTH({}) = SHA-256() (the hash of the empty string)
 * - MTH(D[n]) for n > 1: with k the largest power of two smaller than n,
 *   SHA-256(0x01 ∥ MTH(D[0:k]) ∥ MTH(D[k:n])).
 *
 * {@link merkleTreeHash} is the definition written out recursively; the log in
 * `merkle-log.ts` computes the same values incrementally.
 * @module
 */
import { sha256Digest } from '../hash/hmac.js';

/** Length in bytes of every hash in the log. */
export const LOG_HASH_LENGTH = 32;

const LEAF_PREFIX = new Uint8Array([0x00]);
const NODE_PREFIX = new Uint8Array([0x01]);

/** SHA-256(0x00 ∥ entry) — the hash of one log entry (RFC 9162 §2.1.1). */
export function leafHash(entry: Uint8Array): Uint8Array {
  return sha256Digest(LEAF_PREFIX, entry); // native in Node (../hash/hmac.ts)
}

/** SHA-256(0x01 ∥ left ∥ right) — an interior node (RFC 9162 §2.1.1). */
export function nodeHash(left: Uint8Array, right: Uint8Array): Uint8Array {
  return sha256Digest(NODE_PREFIX, left, right);
}

/** MTH({}) = SHA-256() — the root of the empty tree. */
export const EMPTY_ROOT_HASH: Uint8Array = sha256Digest();

/**
 * The largest power of two strictly smaller than n (the split point k of RFC 9162 §2.1.1).
 * @throws {RangeError} if n < 2
 */
export function splitPoint(n: number): number {
  if (!Number.isSafeInteger(n) || n < 2) throw new RangeError(`splitPoint: n must be ≥ 2, got ${n}`);
  let k = 1;
  while (k * 2 < n) k *= 2;
  return k;
}

/**
 * MTH(D[n]) computed straight from the recursive definition of RFC 9162 §2.1.1, from the
 * entries themselves. O(n) hashes; for tests and for checking an exported log in one pass.
 * @param entries - the log entries D[0..n-1]
 * @returns the 32-byte Merkle tree hash
 */
export function merkleTreeHash(entries: readonly Uint8Array[]): Uint8Array {
  return mthOfLeafHashes(entries.map(leafHash), 0, entries.length);
}

/**
 * MTH of the leaves [start, start + n) given their leaf hashes (RFC 9162 §2.1.1).
 * @param leafHashes - leaf hashes of the whole log
 */
export function mthOfLeafHashes(leafHashes: readonly Uint8Array[], start: number, n: number): Uint8Array {
  if (n === 0) return EMPTY_ROOT_HASH;
  if (n === 1) {
    const h = leafHashes[start];
    if (h === undefined) throw new RangeError('mthOfLeafHashes: range outside the leaves');
    return h;
  }
  const k = splitPoint(n);
  return nodeHash(mthOfLeafHashes(leafHashes, start, k), mthOfLeafHashes(leafHashes, start + k, n - k));
}
