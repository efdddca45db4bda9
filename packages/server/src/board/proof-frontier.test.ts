/**
 * Inclusion proofs from the frontier (board/proof-frontier.ts): the very proofs of
 * `MerkleLog.inclusionProof` for every leaf of every size of a small tree, a sample of a larger
 * one, a tree that grows between proofs and a tree reloaded with other leaves.
 */
import { randomBytes } from 'node:crypto';
import { createMerkleLog, encodeLogHash, type MerkleLog } from '@evident/e2e-crypto';
import { describe, expect, it } from 'vitest';
import { inclusionProof } from './proof-frontier.js';

const hex = (p: Uint8Array[]): string[] => p.map(encodeLogHash);
const tree = (n: number): MerkleLog => createMerkleLog(Array.from({ length: n }, () => randomBytes(32)));

describe('inclusion proofs from the frontier', () => {
  it('equal the tree’s own for every leaf of every size up to 80', () => {
    const t = tree(80);
    for (let size = 1; size <= 80; size++)
      for (let m = 0; m < size; m++)
        expect(hex(inclusionProof(t, m, size)), `${m} of ${size}`).toEqual(hex(t.inclusionProof(m, size)));
  });

  it('equal the tree’s own on a larger tree, sizes asked in any order', () => {
    const t = tree(5000);
    for (let i = 0; i < 400; i++) {
      const size = 1 + ((i * 7907) % 5000);
      const m = (i * 104729) % size;
      expect(hex(inclusionProof(t, m, size))).toEqual(hex(t.inclusionProof(m, size)));
    }
  });

  it('follow a growing tree and a tree built afresh with other leaves', () => {
    const t = tree(37);
    const before = hex(inclusionProof(t, 3, 37));
    t.append(randomBytes(32));
    expect(hex(inclusionProof(t, 3, 38))).toEqual(hex(t.inclusionProof(3, 38)));
    expect(hex(inclusionProof(t, 3, 37))).toEqual(before); // an earlier size still answers the same
    const other = tree(37);
    expect(hex(inclusionProof(other, 3, 37))).toEqual(hex(other.inclusionProof(3, 37)));
    expect(hex(inclusionProof(other, 3, 37))).not.toEqual(before);
  });

  it('refuses what the tree refuses', () => {
    const t = tree(10);
    expect(() => inclusionProof(t, 10, 10)).toThrow(RangeError);
    expect(() => inclusionProof(t, 0, 11)).toThrow(RangeError);
    expect(() => inclusionProof(t, 0, 0)).toThrow(RangeError);
    expect(() => inclusionProof(t, -1, 5)).toThrow(RangeError);
  });
});
