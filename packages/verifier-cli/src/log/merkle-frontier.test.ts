/**
 * The frontier's tree hashes are RFC 9162's: the same as the full Merkle log's at every size
 * asked for and at the end, none at a size not asked for.
 */
import { randomBytes } from 'node:crypto';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { EMPTY_ROOT_HASH, createMerkleLog } from '@evident/e2e-crypto';
import { merkleFrontier } from './merkle-frontier.js';

const hex = (h: Uint8Array | undefined) => h && Buffer.from(h).toString('hex');

describe('Merkle frontier (L2)', () => {
  it('gives the full log’s root hash at every size asked for (property)', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 300 }),
        fc.uniqueArray(fc.integer({ min: 0, max: 300 }), { maxLength: 20 }),
        (n, asked) => {
          const full = createMerkleLog();
          const f = merkleFrontier(new Set(asked));
          for (let i = 0; i < n; i++) {
            const leaf = randomBytes(32);
            expect(f.append(leaf)).toBe(full.append(leaf));
          }
          expect(f.size).toBe(n);
          expect(hex(f.rootHash(n))).toBe(hex(full.rootHash(n)));
          for (const m of asked) {
            if (m <= n) expect(hex(f.rootHash(m)), `size ${m}`).toBe(hex(full.rootHash(m)));
            else expect(f.rootHash(m)).toBeUndefined();
          }
        },
      ),
      { numRuns: 60 },
    );
  });

  it('the empty tree, and no hash for a size not asked for', () => {
    const f = merkleFrontier(new Set([0, 2]));
    expect(hex(f.rootHash(0))).toBe(hex(EMPTY_ROOT_HASH));
    for (let i = 0; i < 4; i++) f.append(randomBytes(32));
    expect(f.rootHash(1)).toBeUndefined();
    expect(f.rootHash(3)).toBeUndefined();
    expect(f.rootHash(2)).toBeDefined();
    expect(() => f.append(new Uint8Array(31))).toThrow(TypeError);
  });
});
