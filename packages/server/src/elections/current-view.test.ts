/**
 * `onCurrentView` (spec/server-api.md §6.6, staleness): a refusal a stale view can give makes the
 * node read the store again (the election row around any cache, the log caught up) and check
 * once more, whose answer stands; any other outcome is answered as it is, with no extra read.
 * (Two real nodes: tests/cluster-stale-view.test.ts.)
 */
import { describe, expect, it } from 'vitest';
import type { ServerContext } from '../context.js';
import { ApiError, type ErrorCode } from '../errors.js';
import { onCurrentView } from './current-view.js';

/** A context whose store and logs only count what the catch-up reads. */
function counting() {
  const reads = { fresh: 0, catchUps: [] as string[][] };
  const ctx = {
    store: {
      getElection: (_id: string, o?: { fresh?: boolean }) => {
        if (o?.fresh) reads.fresh++;
        return Promise.resolve(undefined);
      },
    },
    logs: {
      exclusive: <T>(f: () => Promise<T>) => f(),
      catchUp: (ids: string[]) => {
        reads.catchUps.push(ids);
        return Promise.resolve([]);
      },
    },
  } as unknown as ServerContext;
  return { ctx, reads };
}

/** A check that refuses with `codes` in turn, then answers 'ok'. */
function refusing(...codes: ErrorCode[]) {
  let calls = 0;
  return {
    check: () => {
      const code = codes[calls++];
      return code ? Promise.reject(new ApiError(code, 'refused')) : Promise.resolve('ok');
    },
    calls: () => calls,
  };
}

describe('onCurrentView', () => {
  it.each<ErrorCode>([
    'EVD_ERR_WRONG_PHASE',
    'EVD_ERR_ILLEGAL_TRANSITION',
    'EVD_ERR_UNREGISTERED_STATION',
    'EVD_ERR_TOO_EARLY',
  ])('%s on the view: reads the store again, checks again, the second answer stands', async (code) => {
    const { ctx, reads } = counting();
    const c = refusing(code);
    expect(await onCurrentView(ctx, 'e1', c.check)).toBe('ok');
    expect(c.calls()).toBe(2);
    expect(reads).toEqual({ fresh: 1, catchUps: [['e1']] });
  });

  it('a refusal the store agrees with is sent (checked twice, not more)', async () => {
    const { ctx, reads } = counting();
    const c = refusing('EVD_ERR_WRONG_PHASE', 'EVD_ERR_WRONG_PHASE', 'EVD_ERR_WRONG_PHASE');
    await expect(onCurrentView(ctx, 'e1', c.check)).rejects.toMatchObject({ code: 'EVD_ERR_WRONG_PHASE' });
    expect(c.calls()).toBe(2);
    expect(reads.fresh).toBe(1);
  });

  it('other refusals and errors: answered at once, no extra read', async () => {
    for (const code of ['EVD_ERR_INVALID_BALLOT', 'EVD_ERR_NOT_FOUND'] as const) {
      const { ctx, reads } = counting();
      const c = refusing(code);
      await expect(onCurrentView(ctx, 'e1', c.check)).rejects.toMatchObject({ code });
      expect([c.calls(), reads.fresh, reads.catchUps.length]).toEqual([1, 0, 0]);
    }
    const { ctx, reads } = counting();
    await expect(onCurrentView(ctx, 'e1', () => Promise.reject(new Error('disk')))).rejects.toThrow('disk');
    expect(reads.fresh).toBe(0);
  });

  it('`also` adds codes the view can give wrongly at that place (a sheet another node accepted)', async () => {
    const { ctx, reads } = counting();
    const c = refusing('EVD_ERR_NOT_FOUND');
    expect(await onCurrentView(ctx, 'e1', c.check, ['EVD_ERR_NOT_FOUND'])).toBe('ok');
    expect(reads.fresh).toBe(1);
  });
});
