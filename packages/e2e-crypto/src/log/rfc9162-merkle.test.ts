/**
 * RFC 9162 §2.1 known answers and properties of the Merkle log: tree hashes, inclusion and
 * consistency proofs. The reference values are computed here from the RFC's definitions with
 * node:crypto (an independent SHA-256), and fixed hex vectors pin the results.
 */
import { createHash } from 'node:crypto';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createMerkleLog } from './merkle-log.js';
import { EMPTY_ROOT_HASH, leafHash, merkleTreeHash, nodeHash } from './tree-hash.js';
import { rootFromInclusionProof, verifyConsistency, verifyInclusion } from './verify-proofs.js';

const sha = (...parts: Uint8Array[]): Uint8Array => {
  const h = createHash('sha256');
  for (const p of parts) h.update(p);
  return new Uint8Array(h.digest());
};
const hex = (b: Uint8Array): string => Buffer.from(b).toString('hex');
const bytes = (h: string): Uint8Array => new Uint8Array(Buffer.from(h, 'hex'));

/** MTH written from RFC 9162 §2.1.1 with node:crypto. */
function refMth(d: Uint8Array[]): Uint8Array {
  const n = d.length;
  if (n === 0) return sha();
  if (n === 1) return sha(new Uint8Array([0]), d[0]!);
  let k = 1;
  while (k * 2 < n) k *= 2;
  return sha(new Uint8Array([1]), refMth(d.slice(0, k)), refMth(d.slice(k)));
}

/** PATH(m, D[n]) from RFC 9162 §2.1.3.1. */
function refPath(m: number, d: Uint8Array[]): Uint8Array[] {
  const n = d.length;
  if (n === 1) return [];
  let k = 1;
  while (k * 2 < n) k *= 2;
  return m < k
    ? [...refPath(m, d.slice(0, k)), refMth(d.slice(k))]
    : [...refPath(m - k, d.slice(k)), refMth(d.slice(0, k))];
}

/** SUBPROOF(m, D[n], b) from RFC 9162 §2.1.4.1. */
function refSubproof(m: number, d: Uint8Array[], b: boolean): Uint8Array[] {
  const n = d.length;
  if (m === n) return b ? [] : [refMth(d)];
  let k = 1;
  while (k * 2 < n) k *= 2;
  return m <= k
    ? [...refSubproof(m, d.slice(0, k), b), refMth(d.slice(k))]
    : [...refSubproof(m - k, d.slice(k), false), refMth(d.slice(0, k))];
}

/** The eight entries used by the Certificate Transparency test suites since RFC 6962. */
const CT_LEAVES = [
  '',
  '00',
  '10',
  '2021',
  '3031',
  '40414243',
  '5051525354555657',
  '606162636465666768696a6b6c6d6e6f',
].map(bytes);
/** Roots for the first 1..8 of CT_LEAVES (the well-known RFC 6962 test roots). */
const CT_ROOTS = [
  '6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d',
  'fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125',
  'aeb6bcfe274b70a14fb067a5e5578264db0fa9b51af5e0ba159158f329e06e77',
  'd37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7',
  '4e3bbb1f7b478dcfe71fb631631519a3bca12c9aefca1612bfce4c13a86264d4',
  '76e67dadbcdf1e10e1b74ddc608abd2f98dfb16fbce75277b5232a127f2087ef',
  'ddb89be403809e325750d3d263cd78929c2942b7942a34b77e122c9594a74c8c',
  '5dc9da79a70659a9ad559cb701ded9a2ab9d823aad2f4960cfe370eff4604328',
];

function logOf(entries: Uint8Array[]) {
  return createMerkleLog(entries.map(leafHash));
}

describe('RFC 9162 §2.1.1 tree hash', () => {
  it('hashes leaves with 0x00 and nodes with 0x01', () => {
    const e = bytes('c0ffee');
    expect(hex(leafHash(e))).toBe(hex(sha(new Uint8Array([0]), e)));
    const a = sha(bytes('01'));
    const b = sha(bytes('02'));
    expect(hex(nodeHash(a, b))).toBe(hex(sha(new Uint8Array([1]), a, b)));
  });

  it('MTH of the empty tree is SHA-256 of the empty string', () => {
    expect(hex(EMPTY_ROOT_HASH)).toBe('e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855');
    expect(hex(createMerkleLog().rootHash())).toBe(hex(EMPTY_ROOT_HASH));
  });

  it('matches the RFC 6962/9162 test roots for 1..8 leaves', () => {
    for (let n = 1; n <= 8; n++) {
      const d = CT_LEAVES.slice(0, n);
      expect(hex(refMth(d))).toBe(CT_ROOTS[n - 1]);
      expect(hex(merkleTreeHash(d))).toBe(CT_ROOTS[n - 1]);
      expect(hex(logOf(d).rootHash())).toBe(CT_ROOTS[n - 1]);
    }
  });

  it('answers every earlier tree size from the grown log', () => {
    const log = logOf(CT_LEAVES);
    for (let n = 1; n <= 8; n++) expect(hex(log.rootHash(n))).toBe(CT_ROOTS[n - 1]);
  });

  it('a 7-leaf tree splits 4 + (2 + 1) as the definition says', () => {
    const L = CT_LEAVES.slice(0, 7).map((d) => sha(new Uint8Array([0]), d));
    const n = (a: Uint8Array, b: Uint8Array) => sha(new Uint8Array([1]), a, b);
    const root = n(n(n(L[0]!, L[1]!), n(L[2]!, L[3]!)), n(n(L[4]!, L[5]!), L[6]!));
    expect(hex(logOf(CT_LEAVES.slice(0, 7)).rootHash())).toBe(hex(root));
  });
});

describe('RFC 9162 §2.1.3 inclusion proofs', () => {
  it('equal PATH(m, D[n]) of the definition for every m < n ≤ 20', () => {
    const entries = Array.from({ length: 20 }, (_, i) => new Uint8Array([i, i * 7]));
    const log = logOf(entries);
    for (let n = 1; n <= 20; n++) {
      for (let m = 0; m < n; m++) {
        const p = log.inclusionProof(m, n);
        expect(p.map(hex)).toEqual(refPath(m, entries.slice(0, n)).map(hex));
        expect(verifyInclusion(leafHash(entries[m]!), m, n, p, log.rootHash(n))).toBe(true);
      }
    }
  });

  it('known answer: leaf 0 of 8 CT leaves', () => {
    const p = logOf(CT_LEAVES).inclusionProof(0, 8);
    expect(p.map(hex)).toEqual([
      hex(leafHash(CT_LEAVES[1]!)),
      hex(refMth(CT_LEAVES.slice(2, 4))),
      hex(refMth(CT_LEAVES.slice(4, 8))),
    ]);
  });

  it('rejects a wrong index, size, root, leaf, or a shortened/extended path', () => {
    const log = logOf(CT_LEAVES);
    const leaf = leafHash(CT_LEAVES[5]!);
    const p = log.inclusionProof(5, 8);
    const root = log.rootHash(8);
    expect(verifyInclusion(leaf, 5, 8, p, root)).toBe(true);
    expect(verifyInclusion(leaf, 4, 8, p, root)).toBe(false);
    expect(verifyInclusion(leaf, 5, 6, p, root)).toBe(false); // (size 7 has the same path shape: the signed head binds the size)
    expect(verifyInclusion(leaf, 8, 8, p, root)).toBe(false);
    expect(verifyInclusion(leaf, 5, 8, p, log.rootHash(7))).toBe(false);
    expect(verifyInclusion(leafHash(CT_LEAVES[4]!), 5, 8, p, root)).toBe(false);
    expect(verifyInclusion(leaf, 5, 8, p.slice(1), root)).toBe(false);
    expect(verifyInclusion(leaf, 5, 8, [...p, root], root)).toBe(false);
    expect(rootFromInclusionProof(leaf, 5, 8, [new Uint8Array(31), ...p.slice(1)])).toBeUndefined();
  });
});

describe('RFC 9162 §2.1.4 consistency proofs', () => {
  it('equal PROOF(m, D[n]) of the definition for every 0 < m < n ≤ 20', () => {
    const entries = Array.from({ length: 20 }, (_, i) => new Uint8Array([i + 1]));
    const log = logOf(entries);
    for (let n = 2; n <= 20; n++) {
      for (let m = 1; m < n; m++) {
        const p = log.consistencyProof(m, n);
        expect(p.map(hex)).toEqual(refSubproof(m, entries.slice(0, n), true).map(hex));
        expect(verifyConsistency(m, n, p, log.rootHash(m), log.rootHash(n))).toBe(true);
      }
    }
  });

  it('known answer: PROOF(3, D[7]) of the CT leaves has 4 nodes', () => {
    const d = CT_LEAVES.slice(0, 7);
    const p = logOf(CT_LEAVES).consistencyProof(3, 7);
    expect(p.map(hex)).toEqual([
      hex(leafHash(d[2]!)),
      hex(leafHash(d[3]!)),
      hex(refMth(d.slice(0, 2))),
      hex(refMth(d.slice(4, 7))),
    ]);
  });

  it('handles first = second and first = 0', () => {
    const log = logOf(CT_LEAVES);
    expect(log.consistencyProof(8, 8)).toEqual([]);
    expect(verifyConsistency(8, 8, [], log.rootHash(8), log.rootHash(8))).toBe(true);
    expect(verifyConsistency(8, 8, [], log.rootHash(7), log.rootHash(8))).toBe(false);
    expect(verifyConsistency(0, 8, [], EMPTY_ROOT_HASH, log.rootHash(8))).toBe(true);
    expect(verifyConsistency(0, 8, [log.rootHash(8)], EMPTY_ROOT_HASH, log.rootHash(8))).toBe(false);
    expect(verifyConsistency(3, 7, [], log.rootHash(3), log.rootHash(7))).toBe(false);
    expect(verifyConsistency(7, 3, [], log.rootHash(7), log.rootHash(3))).toBe(false);
  });

  it('rejects a rewritten history', () => {
    const a = logOf(CT_LEAVES);
    const forged = [...CT_LEAVES];
    forged[1] = bytes('ff');
    const b = logOf(forged);
    const p = b.consistencyProof(4, 8);
    expect(verifyConsistency(4, 8, p, b.rootHash(4), b.rootHash(8))).toBe(true);
    expect(verifyConsistency(4, 8, p, a.rootHash(4), b.rootHash(8))).toBe(false);
  });
});

describe('properties', () => {
  const sizes = fc.integer({ min: 1, max: 300 });

  it('every inclusion proof verifies; any changed byte or index fails', () => {
    fc.assert(
      fc.property(sizes, fc.nat(), fc.nat(), fc.nat(), (n, mi, bi, flip) => {
        const log = createMerkleLog(
          Array.from({ length: n }, (_, i) => leafHash(new Uint8Array([i & 255, i >> 8]))),
        );
        const m = mi % n;
        const t = 1 + (mi % n) + ((bi % n) - (mi % n) > 0 ? (bi % n) - (mi % n) : 0);
        const treeSize = Math.min(n, Math.max(t, m + 1));
        const p = log.inclusionProof(m, treeSize);
        const root = log.rootHash(treeSize);
        const leaf = log.leafHash(m);
        expect(verifyInclusion(leaf, m, treeSize, p, root)).toBe(true);
        // flip one bit of the leaf, of a path node or of the root
        const targets = [leaf, root, ...p];
        const which = flip % targets.length;
        const changed = targets.map((h, i) => {
          if (i !== which) return h;
          const c = h.slice();
          c[bi % 32] = c[bi % 32]! ^ (1 << (flip % 8));
          return c;
        });
        expect(verifyInclusion(changed[0]!, m, treeSize, changed.slice(2), changed[1]!)).toBe(false);
        if (treeSize > 1) expect(verifyInclusion(leaf, (m + 1) % treeSize, treeSize, p, root)).toBe(false);
      }),
      { numRuns: 150 },
    );
  });

  it('every consistency proof verifies; any changed byte or size fails', () => {
    fc.assert(
      fc.property(sizes, fc.nat(), fc.nat(), fc.nat(), (n, a, bi, flip) => {
        const log = createMerkleLog(
          Array.from({ length: n }, (_, i) => leafHash(new Uint8Array([i & 255, i >> 8, 9]))),
        );
        const first = 1 + (a % n);
        const second = n;
        const p = log.consistencyProof(first, second);
        const r1 = log.rootHash(first);
        const r2 = log.rootHash(second);
        expect(verifyConsistency(first, second, p, r1, r2)).toBe(true);
        if (first === second) return;
        const targets = [r1, r2, ...p];
        const which = flip % targets.length;
        const changed = targets.map((h, i) => {
          if (i !== which) return h;
          const c = h.slice();
          c[bi % 32] = c[bi % 32]! ^ (1 << (flip % 8));
          return c;
        });
        expect(verifyConsistency(first, second, changed.slice(2), changed[0]!, changed[1]!)).toBe(false);
        if (first + 1 < second) expect(verifyConsistency(first + 1, second, p, r1, r2)).toBe(false);
      }),
      { numRuns: 150 },
    );
  });

  it('appending never changes an earlier root', () => {
    fc.assert(
      fc.property(fc.array(fc.uint8Array({ maxLength: 8 }), { minLength: 1, maxLength: 60 }), (entries) => {
        const log = createMerkleLog();
        const roots: string[] = [];
        for (const e of entries) {
          log.append(leafHash(e));
          roots.push(hex(log.rootHash()));
        }
        for (let i = 0; i < entries.length; i++) expect(hex(log.rootHash(i + 1))).toBe(roots[i]);
        expect(hex(log.rootHash())).toBe(hex(refMth(entries)));
      }),
      { numRuns: 60 },
    );
  });
});
