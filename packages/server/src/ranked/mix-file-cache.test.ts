/**
 * The mix file is written once per change of its chain to the spool folder (spec/server-api.md
 * §6.5, §10): concurrent and repeated reads share one build; an accepted stage makes the next
 * read build again; at most `keep` files are kept and the others removed; a build that fails
 * leaves no file.
 */
import { closeSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ServerContext } from '../context.js';
import type { SpooledAnswer } from '../limits/spooled-answers.js';
import { mixFileSpool } from './mix-file-cache.js';
import type { RankedState } from './ranked-state.js';

/** A context whose store holds `states` (election → ranked state) and nothing else. */
function contextWith(states: Map<string, RankedState>): ServerContext {
  const store = {
    getMeta: async (key: string) => {
      const s = states.get(key.replace(/^ranked:/, ''));
      return s ? JSON.stringify(s) : undefined;
    },
    getElection: async () => undefined,
  };
  return { store } as unknown as ServerContext;
}

const mix = (stages: number) => ({
  inputsIndex: 7,
  rows: 3,
  stages: Array.from({ length: stages }, (_, j) => ({ logIndex: 10 + j, x: j + 1, id: `g${j + 1}` })),
});

/** The file's text, its descriptor closed. */
function text(a: SpooledAnswer): string {
  try {
    const t = readFileSync(a.fd, 'utf8');
    expect(Buffer.byteLength(t)).toBe(a.size);
    return t;
  } finally {
    closeSync(a.fd);
  }
}

describe('mix file spool', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'mix-spool-test-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('builds once for many readers, again after a stage is accepted', async () => {
    const states = new Map<string, RankedState>([['e1', { required: 2, contests: { mayor: mix(0) } }]]);
    const builds: string[] = [];
    const files = mixFileSpool(contextWith(states), dir, 4, async (_ctx, id, contest, out) => {
      builds.push(`${id}/${contest}`);
      await out.write('{"next":');
      await new Promise((r) => setTimeout(r, 5));
      await out.write(Buffer.from(`${states.get(id)!.contests[contest]!.stages.length}}`));
    });
    const first = await Promise.all(Array.from({ length: 20 }, () => files('e1', 'mayor')));
    expect(new Set(first.map(text))).toEqual(new Set(['{"next":0}']));
    expect(text(await files('e1', 'mayor'))).toBe('{"next":0}');
    expect(builds).toEqual(['e1/mayor']);

    states.set('e1', { required: 2, contests: { mayor: mix(1) } });
    expect(text(await files('e1', 'mayor'))).toBe('{"next":1}');
    expect(text(await files('e1', 'mayor'))).toBe('{"next":1}');
    expect(builds).toEqual(['e1/mayor', 'e1/mayor']);
    expect(readdirSync(dir)).toHaveLength(1); // the stale file is removed
  });

  it('keeps at most keep files, the least recently read going first', async () => {
    const states = new Map<string, RankedState>();
    for (const id of ['a', 'b', 'c']) states.set(id, { required: 1, contests: { x: mix(0) } });
    const builds: string[] = [];
    const files = mixFileSpool(contextWith(states), dir, 2, async (_ctx, id, _c, out) => {
      builds.push(id);
      await out.write(JSON.stringify({ id }));
    });
    const held = await files('a', 'x'); // a reader still streaming a file that is then removed
    closeSync((await files('b', 'x')).fd);
    closeSync((await files('a', 'x')).fd); // a is now the most recent
    closeSync((await files('c', 'x')).fd); // b goes
    closeSync((await files('a', 'x')).fd);
    expect(text(await files('b', 'x'))).toBe('{"id":"b"}');
    expect(builds).toEqual(['a', 'b', 'c', 'b']);
    expect(readdirSync(dir)).toHaveLength(2);
    expect(text(held)).toBe('{"id":"a"}');
  });

  it('refuses unknown contests and untallied elections before writing; a failed build leaves no file', async () => {
    const states = new Map<string, RankedState>([['e1', { required: 1, contests: { mayor: mix(0) } }]]);
    let builds = 0;
    const files = mixFileSpool(contextWith(states), dir, 2, async (_ctx, _id, _c, out) => {
      builds++;
      await out.write('{"half":');
      throw new Error('refused');
    });
    await expect(files('e2', 'mayor')).rejects.toThrow(/no election|not found/i);
    expect(builds).toBe(0);
    await expect(files('e1', 'mayor')).rejects.toThrow('refused');
    expect(builds).toBe(1);
    expect(readdirSync(dir)).toEqual([]);
  });
});
