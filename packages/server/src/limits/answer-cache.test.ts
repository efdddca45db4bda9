/**
 * Answers serialised once (spec/server-api.md §6.5, §10): one build for concurrent readers, a
 * rebuild when the stamp changes, a failed build kept by nobody, at most `keep` answers.
 */
import { describe, expect, it } from 'vitest';
import { answerCache } from './answer-cache.js';

describe('answer cache', () => {
  it('builds once for concurrent and later readers of one stamp, again for a new stamp', async () => {
    const c = answerCache(2);
    let builds = 0;
    const build = (v: number) => async () => {
      builds++;
      await new Promise((r) => setTimeout(r, 5));
      return { v };
    };
    const texts = await Promise.all(Array.from({ length: 10 }, () => c.text('k', 's1', build(1))));
    expect(new Set(texts)).toEqual(new Set(['{"v":1}']));
    expect(await c.text('k', 's1', build(99))).toBe('{"v":1}');
    expect(builds).toBe(1);
    expect(await c.text('k', 's2', build(2))).toBe('{"v":2}');
    expect(builds).toBe(2);
  });

  it('keeps no failed build: its error reaches its readers, the next read builds again', async () => {
    const c = answerCache(2);
    const failing = async () => {
      throw new Error('not yet');
    };
    await expect(Promise.all([c.text('k', 's', failing), c.text('k', 's', failing)])).rejects.toThrow(
      'not yet',
    );
    expect(await c.text('k', 's', async () => 'ok')).toBe('"ok"');
  });

  it('keeps at most keep answers and refuses keep < 1', async () => {
    const c = answerCache(1);
    let builds = 0;
    const b = async () => ++builds;
    await c.text('a', 's', b);
    await c.text('b', 's', b); // a goes
    await c.text('b', 's', b);
    await c.text('a', 's', b);
    expect(builds).toBe(3);
    expect(() => answerCache(0)).toThrow(RangeError);
  });
});
