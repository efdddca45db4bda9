/**
 * The Merkle tree hashes L2 compares with the signed tree heads (spec/bulletin-board.md §6,
 * RFC 9162 §2.1.1), computed while the log is read, in O(log n) memory: the tree of the first n
 * leaves is the right fold of its complete subtrees (sizes the powers of two of n, largest
 * first), so keeping only the roots of those subtrees — the frontier — gives MTH(D[0:n]) at
 * every n. The hashes of the sizes that the heads name are kept as the log goes by, instead of
 * the whole tree (64 bytes a leaf and more as it grows: over 130 MB at a million entries).
 * @module
 */
import { EMPTY_ROOT_HASH, nodeHash } from '@evident/e2e-crypto';

/** Leaves in, the tree hashes of chosen sizes out. */
export interface MerkleFrontier {
  /** Number of leaves appended. */
  readonly size: number;
  /** Appends a leaf hash; returns its index. */
  append(leafHash: Uint8Array): number;
  /**
   * MTH(D[0:n]) for n among the sizes asked for (once reached) or n = size; undefined for any
   * other n.
   */
  rootHash(n: number): Uint8Array | undefined;
}

/**
 * A frontier that keeps the tree hashes of `sizes`.
 * @param sizes - the tree sizes whose hashes will be asked for (the heads' `treeSize`s)
 */
export function merkleFrontier(sizes: ReadonlySet<number>): MerkleFrontier {
  const nodes: Uint8Array[] = []; // roots of the complete subtrees, largest first
  const heights: number[] = [];
  const kept = new Map<number, Uint8Array>();
  let size = 0;
  const root = (): Uint8Array => {
    if (nodes.length === 0) return EMPTY_ROOT_HASH;
    let r = nodes[nodes.length - 1]!;
    for (let i = nodes.length - 2; i >= 0; i--) r = nodeHash(nodes[i]!, r);
    return r;
  };
  if (sizes.has(0)) kept.set(0, EMPTY_ROOT_HASH);
  return {
    get size() {
      return size;
    },
    append(leafHash) {
      if (leafHash.length !== 32) throw new TypeError('append: leafHash must be 32 bytes');
      let h = leafHash;
      let height = 0;
      while (heights.length > 0 && heights[heights.length - 1] === height) {
        h = nodeHash(nodes.pop()!, h);
        heights.pop();
        height++;
      }
      nodes.push(h);
      heights.push(height);
      size++;
      if (sizes.has(size)) kept.set(size, root());
      return size - 1;
    },
    rootHash: (n) => (n === size ? root() : kept.get(n)),
  };
}
