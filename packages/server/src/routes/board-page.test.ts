/**
 * `GET …/board/entries` pages (spec/server-api.md §10): at most `pageEntries` entries and at most
 * `pageBytes` bytes of entry text (one entry always, however large), with `next` while entries
 * remain; following `next` gives every entry once, in order; a page the byte limit cut is kept
 * (`immutable`, spec §6.5), the last page is not.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../app.js';
import { IMMUTABLE, NO_CACHE } from '../limits/cached-answer.js';
import { castBallot, injectCall, setUpElection, type Call } from '../testing/local-election.js';

const ADMIN = 'evd_board-page-admin';
const PAGE_BYTES = 3000;

interface Page {
  treeSize: number;
  next?: number;
  entries: { index: number; entry: string }[];
}

describe('board entry pages', () => {
  let app: Awaited<ReturnType<typeof buildApp>>;
  let call: Call;

  beforeAll(async () => {
    app = await buildApp({
      adminToken: ADMIN,
      rateLimit: false,
      limits: { pageBytes: PAGE_BYTES, pageEntries: 50 },
    });
    call = injectCall(app);
    const el = await setUpElection(call, ADMIN, { id: 'e1', voters: 4 });
    for (const v of ['voter-1', 'voter-2', 'voter-3', 'voter-4']) await castBallot(call, el, v, 'o1');
  });
  afterAll(async () => app.close());

  const page = async (q: string): Promise<Page> => {
    const r = await call('GET', `/elections/e1/board/entries?${q}`);
    expect(r.status).toBe(200);
    return r.json as Page;
  };

  it('cuts a page at the byte limit, sends one large entry alone, and continues with next', async () => {
    const seen: { index: number; entry: string }[] = [];
    let start: number | undefined = 0;
    let pages = 0;
    let size = 0;
    while (start !== undefined && pages < 100) {
      const p = await page(`start=${start}&limit=50`);
      size = p.treeSize;
      expect(p.entries.length).toBeGreaterThan(0);
      const bytes = p.entries.reduce((a, e) => a + Buffer.byteLength(e.entry), 0);
      if (p.entries.length > 1) expect(bytes).toBeLessThanOrEqual(PAGE_BYTES);
      expect(p.entries[0]!.index).toBe(start);
      seen.push(...p.entries);
      if (p.next !== undefined) expect(p.next).toBe(start + p.entries.length);
      start = p.next;
      pages++;
    }
    expect(size).toBeGreaterThanOrEqual(8);
    expect(pages).toBeGreaterThan(2); // the byte limit did cut pages
    expect(seen.map((e) => e.index)).toEqual(Array.from({ length: size }, (_, i) => i));
    // a cast ballot's entry is larger than the page: alone on its page
    const big = seen.find((e) => Buffer.byteLength(e.entry) > PAGE_BYTES);
    expect(big).toBeDefined();
    const alone = await page(`start=${big!.index}&limit=50`);
    expect(alone.entries.map((e) => e.index)).toEqual([big!.index]);
  });

  it('stops at limit entries and refuses a limit over pageEntries', async () => {
    const p = await page('start=0&limit=1');
    expect(p.entries.length).toBe(1);
    expect(p.next).toBe(1);
    const r = await call('GET', '/elections/e1/board/entries?limit=51');
    expect(r.status).toBe(400);
    expect(r.json.code).toBe('EVD_ERR_VALIDATION');
  });

  it('keeps a page the byte limit cut (its entries are fixed), not the last page', async () => {
    const { treeSize } = await page('start=0&limit=1');
    const r = await app.inject({ method: 'GET', url: '/elections/e1/board/entries?start=0&limit=50' });
    const cut = r.json() as Page;
    expect(cut.entries.length).toBeLessThan(50); // the byte limit ended it, entries follow
    expect(cut.next).toBe(cut.entries.length);
    expect(r.headers['cache-control']).toBe(IMMUTABLE);
    const last = await app.inject({
      method: 'GET',
      url: `/elections/e1/board/entries?start=${treeSize - 1}&limit=50`,
    });
    expect(last.headers['cache-control']).toBe(NO_CACHE);
  });

  it('has no next on the last page', async () => {
    const { treeSize } = await page('start=0&limit=1');
    const last = await page(`start=${treeSize - 1}&limit=50`);
    expect(last.entries.length).toBe(1);
    expect(last.next).toBeUndefined();
  });
});
