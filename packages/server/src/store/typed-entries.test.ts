/**
 * `typedLogEntries` (migration 4's index on the entry type): the entries of some types within an
 * index range, in log order, at most `limit` — the paper channel's few entries among the ballots
 * without walking the log.
 */
import { describe, expect, it } from 'vitest';
import { openSqliteStore } from './sqlite-store.js';

const entry = (index: number, type: string) => ({
  kind: 'log-entry' as const,
  row: {
    electionId: 'e',
    index,
    type,
    entry: new TextEncoder().encode(`{"i":${index}}`),
    leafHash: new Uint8Array(32),
  },
});

describe('typedLogEntries', () => {
  it('returns the entries of the given types in [start, end), in order, at most limit', async () => {
    const store = openSqliteStore({ path: ':memory:' });
    const types = [
      'setup',
      'ballot',
      'station-key',
      'ballot',
      'station-sheet',
      'ballot',
      'station-cvrs',
      'station-sheet',
    ];
    await store.commit(types.map((t, i) => entry(i, t)));
    const of = async (ts: string[], start: number, end: number, limit: number) =>
      (await store.typedLogEntries('e', ts, start, end, limit)).map((r) => [r.index, r.type]);
    expect(await of(['station-sheet', 'station-key', 'station-cvrs'], 0, 8, 10)).toEqual([
      [2, 'station-key'],
      [4, 'station-sheet'],
      [6, 'station-cvrs'],
      [7, 'station-sheet'],
    ]);
    expect(await of(['station-sheet', 'station-key', 'station-cvrs'], 3, 7, 10)).toEqual([
      [4, 'station-sheet'],
      [6, 'station-cvrs'],
    ]);
    expect(await of(['station-sheet', 'station-key', 'station-cvrs', 'setup'], 0, 8, 2)).toEqual([
      [0, 'setup'],
      [2, 'station-key'],
    ]);
    expect(await of(['station-sheet'], 0, 8, 10)).toEqual([
      [4, 'station-sheet'],
      [7, 'station-sheet'],
    ]);
    await store.close();
  });
});
