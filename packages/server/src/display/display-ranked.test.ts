/**
 * Ranked contests on the results display in Chromium (spec/server-api.md §12.5): a real server
 * with an election of two ranked contests (instant-runoff; STV with a write-in), the display
 * opened through the synthetic results relay (testing/synthetic-results.ts), which lets the test put
 * the published counts (`results.ranked`, in the results' real format, counted by
 * `countRankedContest`) on the stream without running the mix and the decryption — the server's
 * side of `results.ranked` is tested end to end in tests/server-ranked.test.ts. Before the count:
 * "not counted yet" and why, no table. Once the counts arrive on the stream: the round tables
 * (votes per round, the excluded and the elected marked) and the charts, axe-clean.
 * Screenshots go to test-output/display-page/ (gitignored).
 */
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { countRankedContest } from '@evident/e2e-crypto';
import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { buildApp } from '../app.js';
import { httpCall } from '../testing/http.js';
import { syntheticResults, type SyntheticResults } from '../testing/synthetic-results.js';
import { setUpElection } from '../testing/local-election.js';
import { COUNCIL, MAYOR, rankedManifest } from '../testing/ranked-election.js';
import { axeViolations } from '../../../../tests/support/axe-page.js';
import { describeInBrowser, launchChromium } from '../../../../tests/support/browser.js';

const ADMIN = 'evd_display-ranked-admin';
const ID = 'display-ranked';
const SHOTS = fileURLToPath(new URL('../../../../test-output/display-page/', import.meta.url));

/** The text of each cell of a round table's row. */
const rowText = (page: Page, contest: string, candidate: string) =>
  page.$$eval(`section[data-ranked=${contest}] tr[data-candidate="${candidate}"] > *`, (cells) =>
    cells.map((c) => c.textContent),
  );

describeInBrowser('ranked contests on the results display in Chromium', (chromiumPath) => {
  let dir: string;
  let app: Awaited<ReturnType<typeof buildApp>>;
  let feed: SyntheticResults;
  let context: BrowserContext;
  let page: Page;
  const manifest = rankedManifest();

  const shot = async (name: string) => {
    mkdirSync(SHOTS, { recursive: true });
    await page.screenshot({ path: join(SHOTS, `${name}.png`), fullPage: true });
  };

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'evident-display-ranked-'));
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

  it('before the count: "not counted yet" and why, for each ranked contest', async () => {
    await page.goto(`${feed.base}/display/${ID}`);
    await page.waitForSelector('html[data-stream=live] section[data-ranked=mayor]', { timeout: 20_000 });
    for (const c of ['mayor', 'council']) {
      const notice = await page.textContent(`section[data-ranked=${c}] .notice[data-counted=false]`);
      expect(notice).toContain('Not counted yet');
      expect(notice).toContain('trustees have mixed them');
      expect(await page.$(`section[data-ranked=${c}] table`)).toBeNull();
    }
    expect(await axeViolations(page)).toEqual([]);
    await shot('6-ranked-not-counted');
  });

  it('once counted: each round of each contest as a table and a chart, pushed through the stream', async () => {
    // Ada 3, Bo 2, Cy 2 (then Bo): Cy is excluded (tied, listed last), Bo wins 4–3 in round 2
    const mayor = countRankedContest(
      MAYOR,
      [[1], [1], [1], [2, 1], [2], [3, 2], [3, 2]].map((r) => [...r, ...Array(3 - r.length).fill(0)]),
    );
    const council = countRankedContest(
      COUNCIL,
      [
        [1, 2],
        [1, 2],
        [1, 2],
        [1, 0],
        [2, 0],
        [5, 0],
        [5, 0],
      ],
      [[null], [null], [null], [null], [null], ['Zed'], ['Zed']],
    );
    feed.set({
      election: { id: ID, state: 'published', timeZone: 'UTC' },
      results: {
        quorum: [],
        contests: [],
        ranked: [
          { contestId: 'mayor', result: mayor },
          { contestId: 'council', result: council },
        ],
      },
    });
    feed.emit();
    await page.waitForSelector('section[data-ranked=mayor] .notice[data-counted=true]', { timeout: 5000 });
    expect(await page.textContent('section[data-ranked=mayor] [data-figure=elected]')).toBe('Elected: Bo');
    expect(await rowText(page, 'mayor', 'Bo')).toEqual(['Bo', '2', '4 (elected)']);
    expect(await rowText(page, 'mayor', 'Cy')).toEqual(['Cy', '2 (excluded)', '—']);
    expect(await page.$$('section[data-ranked=mayor] svg rect')).toHaveLength(5);
    // STV with a write-in: a row of its own, two seats filled
    await page.waitForSelector('section[data-ranked=council] tr[data-candidate=Zed]');
    expect(await page.textContent('section[data-ranked=council] .notice')).toContain(
      'Single transferable vote: 2 seats',
    );
    expect(council.elected).toHaveLength(2);
    for (const name of council.elected)
      expect(await page.textContent('section[data-ranked=council] [data-figure=elected]')).toContain(name);
    expect(await axeViolations(page)).toEqual([]);
    await shot('7-ranked-counted');
  });
});
