/**
 * Verification of inclusion and consistency proofs, following the algorithms of
 * RFC 9162 §2.1.3.2 and §2.1.4.2 step by step (spec/bulletin-board.md §3).
 *
 * These functions never throw on bad data: a malformed proof returns false.
 * @module
 */
import { bytesEqual } from '../bytes.js';
import { LOG_HASH_LENGTH, nodeHash } from './tree-hash.js';

const isHash = (h: unknown): h is Uint8Array => h instanceof Uint8Array && h.length === LOG_HASH_LENGTH;
const isSize = (n: unknown): n is number => typeof n === 'number' && Number.isSafeInteger(n) && n >= 0;

/**
 * The root hash that an inclusion proof leads to (RFC 9162 §2.1.3.2 steps 1–4), or undefined
 * when the proof cannot be a proof for (index, treeSize) at all.
 * @param leafHash - the leaf hash being proven
 * @param index - its leaf index
 * @param treeSize - size of the tree the proof is for
 * @param path - the inclusion path, leaf to root
 */
export function rootFromInclusionProof(
  leafHash: Uint8Array,
  index: number,
  treeSize: number,
  path: readonly Uint8Array[],
): Uint8Array | undefined {
  if (!isHash(leafHash) || !isSize(index) || !isSize(treeSize) || !Array.isArray(path)) return undefined;
  // 1. leaf_index must be smaller than tree_size
  if (index >= treeSize) return undefined;
  // 2.–3.
  let fn = index;
  let sn = treeSize - 1;
  let r = leafHash;
  // 4.
  for (const p of path) {
    if (!isHash(p)) return undefined;
    if (sn === 0) return undefined; // 4.a
    if (fn % 2 === 1 || fn === sn) {
      r = nodeHash(p, r); // 4.b.i
      if (fn % 2 === 0) {
        // 4.b.ii: skip the levels where this subtree has no right sibling
        while (fn % 2 === 0 && fn !== 0) {
          fn = Math.floor(fn / 2);
          sn = Math.floor(sn / 2);
        }
      }
    } else {
      r = nodeHash(r, p);
    }
    fn = Math.floor(fn / 2); // 4.c
    sn = Math.floor(sn / 2);
  }
  // 5. (first half): sn must be 0
  return sn === 0 ? r : undefined;
}

/**
 * True when `path` proves that the leaf with hash `leafHash` is at `index` in the tree of
 * `treeSize` leaves with root `rootHash` (RFC 9162 §2.1.3.2).
 */
export function verifyInclusion(
  leafHash: Uint8Array,
  index: number,
  treeSize: number,
  path: readonly Uint8Array[],
  rootHash: Uint8Array,
): boolean {
  const r = rootFromInclusionProof(leafHash, index, treeSize, path);
  return r !== undefined && isHash(rootHash) && bytesEqual(r, rootHash); // step 5
}

/**
 * True when `path` proves that the tree of `first` leaves with root `firstHash` is a prefix of
 * the tree of `second` leaves with root `secondHash` (RFC 9162 §2.1.4.2).
 *
 * Edge cases the RFC's algorithm leaves to the caller (spec/bulletin-board.md §3.3):
 * first = second needs an empty proof and equal roots; first = 0 needs an empty proof
 * (the empty tree is a prefix of every tree).
 */
export function verifyConsistency(
  first: number,
  second: number,
  path: readonly Uint8Array[],
  firstHash: Uint8Array,
  secondHash: Uint8Array,
): boolean {
  if (!isSize(first) || !isSize(second) || first > second || !Array.isArray(path)) return false;
  if (!isHash(firstHash) || !isHash(secondHash) || !path.every(isHash)) return false;
  if (first === second) return path.length === 0 && bytesEqual(firstHash, secondHash);
  if (first === 0) return path.length === 0;
  // 1. an empty path cannot prove 0 < first < second
  if (path.length === 0) return false;
  // 2. if first is an exact power of two, prepend first_hash
  const p = (first & (first - 1)) === 0 ? [firstHash, ...path] : [...path];
  // 3.
  let fn = first - 1;
  let sn = second - 1;
  // 4. while LSB(fn) is set, shift both right
  while (fn % 2 === 1) {
    fn = Math.floor(fn / 2);
    sn = Math.floor(sn / 2);
  }
  // 5.
  let fr = p[0]!;
  let sr = p[0]!;
  // 6.
  for (let i = 1; i < p.length; i++) {
    const c = p[i]!;
    if (sn === 0) return false; // 6.a
    if (fn % 2 === 1 || fn === sn) {
      fr = nodeHash(c, fr); // 6.b.i
      sr = nodeHash(c, sr);
      if (fn % 2 === 0) {
        while (fn % 2 === 0 && fn !== 0) {
          fn = Math.floor(fn / 2);
          sn = Math.floor(sn / 2);
        }
      }
    } else {
      sr = nodeHash(sr, c); // 6.b "otherwise"
    }
    fn = Math.floor(fn / 2); // 6.c
    sn = Math.floor(sn / 2);
  }
  // 7.
  return bytesEqual(fr, firstHash) && bytesEqual(sr, secondHash) && sn === 0;
}
