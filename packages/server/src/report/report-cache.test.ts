import type { ElectionReport } from '@evident/report';
import { describe, expect, it } from 'vitest';
import type { ServerContext } from '../context.js';
import { ReportCache } from './report-cache.js';

/** A cache whose builds are counted, and fail when `failing` says so. */
function counted(failing = () => false) {
  const builds: string[] = [];
  const cache = new ReportCache({} as ServerContext, async (id, lang) => {
    builds.push(`${id}/${lang}`);
    await new Promise((r) => setTimeout(r, 5));
    if (failing()) throw new Error('export failed');
    return {
      electionId: id,
      language: lang,
      incidents: null,
      refusedSheets: null,
    } as unknown as ElectionReport;
  });
  return { cache, builds };
}

describe('ReportCache', () => {
  it('builds once per election, board size and language, however many ask at once', async () => {
    const { cache, builds } = counted();
    await Promise.all([
      cache.report('e1', 10, 'en'),
      cache.report('e1', 10, 'en'),
      cache.body('e1', 10, 'en', 'json'),
    ]);
    await cache.body('e1', 10, 'en', 'json');
    expect(builds).toEqual(['e1/en']);
    await cache.report('e1', 10, 'ar');
    await cache.report('e2', 10, 'en');
    expect(builds).toEqual(['e1/en', 'e1/ar', 'e2/en']);
  });

  it('builds again when the board grows, and renders each form once per size', async () => {
    const { cache, builds } = counted();
    const a = await cache.body('e1', 10, 'en', 'json');
    expect(await cache.body('e1', 10, 'en', 'json')).toBe(a);
    await cache.body('e1', 11, 'en', 'json');
    expect(builds).toEqual(['e1/en', 'e1/en']);
  });

  it('keeps no failed build: the next request tries again', async () => {
    let fail = true;
    const { cache, builds } = counted(() => fail);
    await expect(cache.report('e1', 10, 'en')).rejects.toThrow('export failed');
    fail = false;
    await expect(cache.report('e1', 10, 'en')).resolves.toMatchObject({ electionId: 'e1' });
    expect(builds).toHaveLength(2);
  });
});
