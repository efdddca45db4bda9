/**
 * The mix file is built once per change of its chain (spec/server-api.md §10): concurrent and
 * repeated reads share one build; an accepted stage makes the next read build again; at most
 * `keep` files are kept.
 */
import { describe, expect, it } from 'vitest';
import type { ServerContext } from '../context.js';
import { mixFileCache } from './mix-file-cache.js';
import type { RankedState } from './ranked-state.js';

/** A context whose store holds `states` (election → ranked state) and nothing else. */
function contextWith(states: Map<string, RankedState>): ServerContext {
  const store = {
    getMeta: async (key: string) => {
      const s = states.get(key.replace(/^ranked:/, ''));
      return s ? JSON.stringify(s) : undefined;
    },
  };
  return { store } as unknown as ServerContext;
}

const mix = (stages: number) => ({
  inputsIndex: 7,
  rows: 3,
  stages: Array.from({ length: stages }, (_, j) => ({ logIndex: 10 + j, x: j + 1, id: `g${j + 1}` })),
});

describe('mix file cache', () => {
  it('builds once for many readers, again after a stage is accepted', async () => {
    const states = new Map<string, RankedState>([['e1', { required: 2, contests: { mayor: mix(0) } }]]);
    const builds: string[] = [];
    const text = mixFileCache(contextWith(states), 4, async (_ctx, id, contest) => {
      builds.push(`${id}/${contest}`);
      await new Promise((r) => setTimeout(r, 5));
      return { next: states.get(id)!.contests[contest]!.stages.length };
    });
    const first = await Promise.all(Array.from({ length: 20 }, () => text('e1', 'mayor')));
    expect(new Set(first)).toEqual(new Set(['{"next":0}']));
    expect(await text('e1', 'mayor')).toBe('{"next":0}');
    expect(builds).toEqual(['e1/mayor']);

    states.set('e1', { required: 2, contests: { mayor: mix(1) } });
    expect(await text('e1', 'mayor')).toBe('{"next":1}');
    expect(await text('e1', 'mayor')).toBe('{"next":1}');
    expect(builds).toEqual(['e1/mayor', 'e1/mayor']);
  });

  it('keeps at most keep files, the least recently read going first', async () => {
    const states = new Map<string, RankedState>();
    for (const id of ['a', 'b', 'c']) states.set(id, { required: 1, contests: { x: mix(0) } });
    const builds: string[] = [];
    const text = mixFileCache(contextWith(states), 2, async (_ctx, id) => {
      builds.push(id);
      return { id };
    });
    await text('a', 'x');
    await text('b', 'x');
    await text('a', 'x'); // a is now the most recent
    await text('c', 'x'); // b goes
    await text('a', 'x');
    await text('b', 'x');
    expect(builds).toEqual(['a', 'b', 'c', 'b']);
  });

  it('passes unknown contests and untallied elections to the builder, which refuses them', async () => {
    const states = new Map<string, RankedState>([['e1', { required: 1, contests: { mayor: mix(0) } }]]);
    let builds = 0;
    const text = mixFileCache(contextWith(states), 2, async () => {
      builds++;
      throw new Error('refused');
    });
    await expect(text('e1', 'nope')).rejects.toThrow('refused');
    await expect(text('e2', 'mayor')).rejects.toThrow('refused');
    expect(builds).toBe(2);
  });
});
