/**
 * The board page cache (spec/server-api.md §6.5): a kept page only from a tree that holds its
 * leaves; at most `maxBytes` held, compressed forms counted, the least recently read dropped first.
 */
import { describe, expect, it } from 'vitest';
import type { MerkleLog } from '@evident/e2e-crypto';
import { cachedAnswer } from '../limits/cached-answer.js';
import type { ElectionLog } from './election-logs.js';
import { pageCache, type KeptPage } from './page-cache.js';

const leaf = (i: number): Uint8Array => new Uint8Array(32).fill(i + 1);

function fakeLog(size: number, leafOf = leaf): ElectionLog {
  const tree = { leafHash: (i: number) => leafOf(i) } as unknown as MerkleLog;
  return { electionId: 'e1', tree, size, head: undefined as never };
}

function page(start: number, n: number, bodyBytes: number): KeptPage {
  const leaves = new Uint8Array(32 * n);
  for (let i = 0; i < n; i++) leaves.set(leaf(start + i), 32 * i);
  return { answer: cachedAnswer(Buffer.alloc(bodyBytes, 0x61)), leaves };
}

describe('pageCache', () => {
  it('serves a kept page only from a tree holding the same leaves', () => {
    const c = pageCache(1 << 20);
    const p = page(4, 2, 100);
    c.put('e1', 4, 2, p);
    expect(c.get(fakeLog(6), 4, 2)).toBe(p);
    expect(c.get(fakeLog(5), 4, 2)).toBeUndefined(); // the tree ends before the page does
    expect(
      c.get(
        fakeLog(9, (i) => (i === 5 ? new Uint8Array(32) : leaf(i))),
        4,
        2,
      ),
    ).toBeUndefined();
    expect(c.get(fakeLog(6), 4, 3)).toBeUndefined(); // another limit: another page
    expect(c.get({ ...fakeLog(6), electionId: 'e2' }, 4, 2)).toBeUndefined();
  });

  it('compares the leaves once per tree object: a tree reloaded with other leaves is compared again, a shorter size refused', () => {
    const c = pageCache(1 << 20);
    const p = page(4, 2, 100);
    c.put('e1', 4, 2, p);
    let reads = 0;
    const counted = fakeLog(6, (i) => (reads++, leaf(i)));
    expect(c.get(counted, 4, 2)).toBe(p);
    expect(reads).toBe(2);
    expect(c.get(counted, 4, 2)).toBe(p);
    expect(reads).toBe(2); // the same tree: not compared again
    counted.size = 5; // the tree's committed size below the page's end
    expect(c.get(counted, 4, 2)).toBeUndefined();
    const reloaded = fakeLog(9, (i) => (i === 5 ? new Uint8Array(32) : leaf(i)));
    expect(c.get(reloaded, 4, 2)).toBeUndefined(); // a new tree object: compared, and it differs
  });

  it('holds at most maxBytes, dropping the least recently read, compressed forms counted', () => {
    const c = pageCache(1000);
    const a = page(0, 1, 300);
    const b = page(1, 1, 300);
    c.put('e1', 0, 1, a);
    c.put('e1', 1, 1, b);
    expect(c.bytes).toBe(600 + 64);
    c.get(fakeLog(9), 0, 1); // a read last: b goes first
    a.answer.bytes += 200;
    c.grew(a.answer, 200);
    expect(c.bytes).toBe(800 + 64);
    c.put('e1', 2, 1, page(2, 1, 300));
    expect(c.size).toBe(2);
    expect(c.get(fakeLog(9), 1, 1)).toBeUndefined();
    expect(c.get(fakeLog(9), 0, 1)).toBe(a);
    expect(c.bytes).toBeLessThanOrEqual(1000);
    c.put('e1', 3, 1, page(3, 1, 2000)); // larger than the bound alone: not kept, the rest stays
    expect(c.get(fakeLog(9), 3, 1)).toBeUndefined();
    expect(c.get(fakeLog(9), 0, 1)).toBe(a);
    expect(c.size).toBe(2);
  });

  it('serves the page ending the board only while the tree has the size it was built at', () => {
    const c = pageCache(1 << 20);
    const p = { ...page(4, 2, 100), atSize: 6 };
    c.put('e1', 4, 3, p); // two entries of a page of three: the board ends at 6
    expect(c.get(fakeLog(6), 4, 3)).toBe(p);
    expect(c.bytes).toBeGreaterThan(0);
    expect(c.get(fakeLog(7), 4, 3)).toBeUndefined(); // the board grew: a new entry belongs on it
    expect(c.size).toBe(0); // dropped, not kept for a tree that may shrink back
    expect(c.bytes).toBe(0);
    expect(c.get(fakeLog(6), 4, 3)).toBeUndefined();
    c.put('e1', 4, 3, p);
    expect(c.get(fakeLog(5), 4, 3)).toBeUndefined(); // a tree reloaded smaller
    const done = page(4, 3, 100); // the complete page replaces it, kept for good
    c.put('e1', 4, 3, done);
    expect(c.get(fakeLog(9), 4, 3)).toBe(done);
    expect(c.size).toBe(1);
  });

  it('keeps nothing at 0 bytes and refuses a bad bound', () => {
    const c = pageCache(0);
    c.put('e1', 0, 1, page(0, 1, 10));
    expect(c.size).toBe(0);
    expect(c.get(fakeLog(9), 0, 1)).toBeUndefined();
    expect(() => pageCache(-1)).toThrow(RangeError);
    expect(() => pageCache(1.5)).toThrow(RangeError);
  });
});
