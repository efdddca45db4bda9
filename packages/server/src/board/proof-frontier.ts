/**
 * Inclusion proofs from a tree's frontier (spec/server-api.md §6.5). A tree of `size` leaves is,
 * left to right, the complete subtrees of the binary digits of `size` (P₁ of 2^a₁ leaves, P₂ of
 * 2^a₂, … P_K); the proof of a leaf in P_j (RFC 9162 §2.1.3.1) is its path inside P_j, then
 * R_{j+1} — the hash of everything right of P_j — unless j = K, then P_{j−1}, …, P₁. The tree keeps
 * every complete subtree, so all of that is a lookup but the R's, which the tree hashes afresh
 * for each proof (O(log² n) hashes at a million leaves). They depend only on the tree size: here
 * they are hashed once per size (K − 2 hashes) and kept with the tree, for the last few sizes
 * asked, and each proof is then lookups only. Answers are exactly `tree.inclusionProof`'s.
 * @module
 */
import { nodeHash, type MerkleLog } from '@evident/e2e-crypto';

/** Tree sizes whose frontier is kept per tree (the current one and a few that readers name). */
const SIZES_KEPT = 8;

interface Frontier {
  /** Offsets of P₁ … P_K, then `size`. */
  readonly offsets: readonly number[];
  /** R₂ … R_K (`rights[j]` is R_{j+1} for P_j, 0-based j). */
  readonly rights: readonly Uint8Array[];
}

const kept = new WeakMap<MerkleLog, Map<number, Frontier>>();

/** Offsets of the complete subtrees of a tree of `size` leaves, left to right, then `size`. */
function offsetsOf(size: number): number[] {
  const out: number[] = [];
  let at = 0;
  for (let w = 2 ** Math.floor(Math.log2(size)); w >= 1; w /= 2)
    if (size - at >= w) {
      out.push(at);
      at += w;
    }
  out.push(size);
  return out;
}

function frontierOf(tree: MerkleLog, size: number): Frontier {
  let sizes = kept.get(tree);
  const hit = sizes?.get(size);
  if (hit) return hit;
  const offsets = offsetsOf(size);
  const K = offsets.length - 1;
  const width = (j: number): number => offsets[j + 1]! - offsets[j]!;
  const rights: Uint8Array[] = [];
  if (K >= 2) {
    // lookups: a proof of a leaf in P_K ends with P_{K−1} … P₁; one in P_{K−1} holds R_K = P_K
    const last = tree.inclusionProof(offsets[K - 1]!, size);
    const perfect = last.slice(Math.log2(width(K - 1))).reverse(); // P₁ … P_{K−1}
    const pK = tree.inclusionProof(offsets[K - 2]!, size)[Math.log2(width(K - 2))]!;
    rights[K - 2] = pK;
    for (let j = K - 3; j >= 0; j--) rights[j] = nodeHash(perfect[j + 1]!, rights[j + 1]!);
  }
  const f: Frontier = { offsets, rights };
  if (!sizes) kept.set(tree, (sizes = new Map()));
  if (sizes.size >= SIZES_KEPT) sizes.delete(sizes.keys().next().value!);
  sizes.set(size, f);
  return f;
}

/**
 * PATH(index, D[0:treeSize]) of `tree`, the same as `tree.inclusionProof(index, treeSize)`.
 * @throws {RangeError} unless 0 ≤ index < treeSize ≤ tree.size
 */
export function inclusionProof(tree: MerkleLog, index: number, treeSize: number): Uint8Array[] {
  const valid = Number.isSafeInteger(index) && index >= 0 && index < treeSize;
  if (!valid || !Number.isSafeInteger(treeSize) || treeSize > tree.size)
    return tree.inclusionProof(index, treeSize); // its RangeError
  const f = frontierOf(tree, treeSize);
  const K = f.offsets.length - 1;
  let j = K - 1;
  while (f.offsets[j]! > index) j--;
  if (j === K - 1) return tree.inclusionProof(index, treeSize); // lookups only
  const end = f.offsets[j + 1]!;
  const proof = tree.inclusionProof(index, end); // P_j is the last subtree there: lookups only
  proof.splice(Math.log2(end - f.offsets[j]!), 0, f.rights[j]!);
  return proof;
}
