/**
 * The results display's memory stays flat over a long night, accelerated (spec/server-api.md
 * §12.5; testing/display-soak.ts): the page in Chromium on a synthetic results feed in front of a
 * real server receives 1,000 snapshots after its warm-up, with a reconnection every 200, and after
 * forced garbage collections its JS heap stays within a generous margin of the heap after the
 * warm-up, while its DOM nodes and event listeners do not grow with the number of events. A
 * control shows that the measure sees a leak: retained nodes and memory in the page show up.
 * `npm run bench:display-soak -- --minutes N` is the long run, reporting the heap over time.
 * Needs /usr/bin/chromium (or EVIDENT_CHROMIUM), as every browser suite (tests/support/browser.ts).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { buildApp } from '../app.js';
import { runDisplaySoak, pageMemory } from '../testing/display-soak.js';
import { httpCall } from '../testing/http.js';
import { syntheticResults, type SyntheticResults } from '../testing/synthetic-results.js';
import { setUpElection } from '../testing/local-election.js';
import { paperManifest } from '../testing/station-sheets.js';
import { describeInBrowser, launchChromium } from '../../../../tests/support/browser.js';

const ADMIN = 'evd_display-memory-admin';
const ID = 'display-memory';

describeInBrowser('the results display keeps its memory flat', (chromiumPath) => {
  let dir: string;
  let app: Awaited<ReturnType<typeof buildApp>>;
  let feed: SyntheticResults;
  let context: BrowserContext;
  let page: Page;
  const manifest = paperManifest(3); // 6 stations in 2 districts, 2 contests

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'evident-display-memory-'));
    app = await buildApp({ dbPath: join(dir, 'e.db'), adminToken: ADMIN, rateLimit: false });
    const base = await app.listen({ port: 0, host: '127.0.0.1' });
    await setUpElection(httpCall(base), ADMIN, { id: ID, manifest, voters: 1, open: false });
    feed = await syntheticResults(base, manifest, ID);
    ({ context, page } = await launchChromium(chromiumPath, join(dir, 'profile'), {
      viewport: { width: 1600, height: 900 },
    }));
  });

  afterAll(async () => {
    await context?.close();
    await feed?.close();
    await app?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('after 1,000 snapshots and 5 reconnections: heap within the margin, no more DOM nodes or listeners', async () => {
    const r = await runDisplaySoak({
      page,
      feed,
      electionId: ID,
      events: 1000,
      warmup: 48,
      intervalMs: 0,
      reconnectEvery: 200,
      sampleEvery: 200,
      log: (s) => console.log(`display memory: ${s}`),
    });
    expect(r.reconnects).toBe(5);
    expect(r.samples.map((s) => s.events)).toEqual([0, 200, 400, 600, 800, 1000]);
    const [warm, ...rest] = r.samples;
    const end = r.samples.at(-1)!;
    // the board really was drawn each time (the control below shows the measure is live)
    expect(warm!.nodes).toBeGreaterThan(200);
    for (const s of rest) {
      // same rows at every sample: the DOM has the same size, give or take a text node
      expect(s.nodes).toBeLessThanOrEqual(warm!.nodes + 20);
      expect(s.listeners).toBeLessThanOrEqual(warm!.listeners + 5);
      expect(s.documents).toBeLessThanOrEqual(warm!.documents);
    }
    // generous: V8 keeps some slack; a leak of a board per event (~100 KB) would be 100 MB
    expect(end.heapUsedMB).toBeLessThanOrEqual(warm!.heapUsedMB * 1.5 + 2);
  });

  it('the measure sees a leak (control): retained nodes and memory show up', async () => {
    const cdp = await page.context().newCDPSession(page);
    await cdp.send('Performance.enable');
    const before = await pageMemory(cdp);
    await page.evaluate(() => {
      const keep: unknown[] = [];
      for (let i = 0; i < 2000; i++) {
        const d = document.createElement('div');
        d.textContent = `kept ${i}`;
        keep.push(d, new Array(1000).fill(i));
      }
      (window as unknown as { kept: unknown[] }).kept = keep;
    });
    const after = await pageMemory(cdp);
    await cdp.detach();
    expect(after.nodes - before.nodes).toBeGreaterThanOrEqual(4000); // each div and its text
    expect(after.heapUsedMB - before.heapUsedMB).toBeGreaterThan(5);
  });
});
