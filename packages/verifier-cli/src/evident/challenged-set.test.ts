import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import type { ChallengedCiphertexts } from './check-chunk.js';
import { challengedEntries, challengedSetBuilder } from './challenged-set.js';

const hex = (n = 32): string => randomBytes(n).toString('hex');

/** A challenged ballot of `k` contests of `n` selections, with strings of every kind. */
function ballot(i: number, k = 1, n = 10): ChallengedCiphertexts {
  return {
    code: hex().toUpperCase(),
    location: `ballots/device-${i}.jsonl:${i + 1}`,
    contests: Array.from({ length: k }, (_, c) => ({
      label: c === 0 ? 'contest-1' : `contest ${c} — ünïcode`,
      index: c + 1,
      selections: Array.from({ length: n }, () => ({ alpha: hex(), beta: hex().toUpperCase() })),
      contestData: { c0: hex(), c1: '', c2: 'aB12' },
    })),
  };
}

const unpacked = (entries: Iterable<{ read(): ChallengedCiphertexts }>): ChallengedCiphertexts[] =>
  [...entries].map((e) => e.read());

describe('the challenged ballots handed on to steps 12–14, packed as bytes', () => {
  it('gives back every ballot exactly, in order, over several pages', () => {
    const b = challengedSetBuilder();
    // about 1.2 KB each: 800 fill more than two 256 KiB pages
    const all = Array.from({ length: 800 }, (_, i) => ballot(i, 1 + (i % 2)));
    for (const c of all) b.add(c);
    const set = b.done();
    expect(set.count).toBe(800);
    expect(set.pages.length).toBeGreaterThan(2);
    expect(unpacked(challengedEntries(set))).toEqual(all);
    expect([...challengedEntries(set)].map((e) => [e.code, e.location])).toEqual(
      all.map((c) => [c.code, c.location]),
    );
  });

  it('keeps odd strings as they were: mixed-case and odd-length hex, text, empty', () => {
    const odd: ChallengedCiphertexts = {
      code: 'not a code',
      location: '',
      contests: [
        {
          label: '',
          index: 0,
          selections: [{ alpha: 'AbCd', beta: 'abc' }],
          contestData: { c0: 'ABC', c1: '0x12', c2: '€' },
        },
      ],
    };
    const b = challengedSetBuilder();
    b.add(odd);
    expect(unpacked(challengedEntries(b.done()))).toEqual([odd]);
  });

  it('holds an entry bigger than a page, and survives a structured clone (to a worker)', () => {
    const big = ballot(1, 3, 2000); // about 390 KB
    const small = ballot(2);
    const b = challengedSetBuilder();
    b.add(small);
    b.add(big);
    b.add(small);
    const set = structuredClone(b.done());
    expect(unpacked(challengedEntries(set))).toEqual([small, big, small]);
  });

  it('an entry may be read after the others were walked past, and twice', () => {
    const all = [ballot(1), ballot(2), ballot(3)];
    const b = challengedSetBuilder();
    for (const c of all) b.add(c);
    const entries = [...challengedEntries(b.done())];
    expect(entries[0]!.read()).toEqual(all[0]);
    expect(entries[0]!.read()).toEqual(all[0]);
    expect(entries.map((e) => e.read())).toEqual(all);
  });

  it('is empty when nothing was added', () => {
    const set = challengedSetBuilder().done();
    expect(set.count).toBe(0);
    expect([...challengedEntries(set)]).toEqual([]);
  });
});
