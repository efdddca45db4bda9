/**
 * The officials' alerts page in a real browser (Debian's Chromium driven by playwright-core): a
 * burst of refused ballots raises an alert; an official opens the page, reaches the token field
 * with the keyboard alone, enters an observer token and sees the alert; a second burst appears
 * without reloading; a wrong token is refused; the page in Arabic lays out right to left and
 * finds the token kept in the tab. axe-core reports no violation in any of these states.
 * Screenshots go to test-output/officials-page/ (gitignored). Needs /usr/bin/chromium (or
 * EVIDENT_CHROMIUM): without it the suite is skipped (tests/support/browser.ts).
 */
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeInBrowser, launchChromium } from '../../../../tests/support/browser.js';
import { buildApp } from '../app.js';
import { httpCall } from '../testing/http.js';
import { mustCall, setUpElection } from '../testing/local-election.js';
import { REFUSAL_BURST_THRESHOLD } from '../monitoring/refusal-burst.js';
import { officialsText } from './officials-view.js';
import { axeViolations as axeOf } from '../../../../tests/support/axe-page.js';

const ADMIN = 'evd_officials-page-admin';
const ID = 'officials-test';
const SHOTS = fileURLToPath(new URL('../../../../test-output/officials-page/', import.meta.url));

describeInBrowser("the officials' alerts page in Chromium", (chromiumPath) => {
  let dir: string;
  let app: Awaited<ReturnType<typeof buildApp>>;
  let base: string;
  let context: BrowserContext;
  let page: Page;
  let observer: string;

  /** A scripted burst of malformed ballots from `address`: one `anomaly-refusal-burst` alert. */
  const burst = async (address: string) => {
    for (let i = 0; i < REFUSAL_BURST_THRESHOLD; i++) {
      const r = await app.inject({
        method: 'POST',
        url: `/elections/${ID}/ballots`,
        payload: { ballot: { forged: i } },
        remoteAddress: address,
      });
      expect(r.statusCode).toBe(400);
    }
  };

  const shot = async (name: string) => {
    mkdirSync(SHOTS, { recursive: true });
    await page.screenshot({ path: join(SHOTS, `${name}.png`), fullPage: true });
  };

  const open = async (lang: string) => {
    await page.goto(`${base}/officials/${ID}?lang=${lang}`);
    await page.waitForSelector('html[data-ready=true]', { timeout: 20_000 });
  };

  /** Tabs until the token field has the focus (at most 10 presses). */
  const tabToToken = async () => {
    for (let i = 0; i < 10; i++) {
      await page.keyboard.press('Tab');
      if (await page.evaluate(() => document.activeElement?.id === 'token')) return;
    }
    throw new Error('the token field is not reachable with Tab');
  };

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'evident-officials-page-'));
    app = await buildApp({ adminToken: ADMIN, rateLimit: false });
    base = await app.listen({ port: 0, host: '127.0.0.1' });
    const call = httpCall(base);
    await setUpElection(call, ADMIN, { id: ID, voters: 1 });
    observer = (await mustCall(call, ADMIN)('POST', '/admin/tokens', { role: 'observer', label: 'press' }))
      .token;
    await burst('198.51.100.20');
    ({ context, page } = await launchChromium(chromiumPath, join(dir, 'profile'), {
      viewport: { width: 1100, height: 800 },
    }));
  });

  afterAll(async () => {
    await context?.close();
    await app?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('shows nothing before a token, and is clean for axe', async () => {
    await open('en');
    expect(await page.$$eval('#alerts tbody tr', (rows) => rows.length)).toBe(0);
    expect(await axeOf(page)).toEqual([]);
    await shot('en-no-token');
  });

  it('shows the alert to an observer token typed with the keyboard, kept in the tab only', async () => {
    await tabToToken();
    await page.keyboard.type(observer);
    await page.keyboard.press('Enter');
    await page.waitForSelector('html[data-alerts="1"]', { timeout: 20_000 });
    const row = await page.$eval('#alerts tbody tr', (tr) => ({
      kind: tr.getAttribute('data-kind'),
      cells: Array.from(tr.querySelectorAll('td'), (td) => td.textContent),
    }));
    expect(row.kind).toBe('anomaly-refusal-burst');
    expect(row.cells[1]).toBe(officialsText('en')('kindRefusalBurst'));
    expect(row.cells[2]).toBe('—');
    expect(row.cells[3]).toContain(`${REFUSAL_BURST_THRESHOLD} ballot submissions refused from this address`);
    expect(row.cells[4]).toBe('198.51.100.20');
    expect(await page.textContent('#status')).toBe('1 alert.');
    expect(await page.evaluate(() => sessionStorage.getItem('evident-officials-token'))).toBe(observer);
    expect(await page.evaluate(() => localStorage.length + document.cookie.length)).toBe(0);
    expect(await page.inputValue('#token')).toBe('');
    expect(page.url()).not.toContain(observer);
    expect(await axeOf(page)).toEqual([]);
    await shot('en-one-alert');
  });

  it('shows a new alert live, announced in the status region', async () => {
    await burst('198.51.100.21');
    await page.waitForSelector('html[data-alerts="2"]', { timeout: 20_000 });
    expect(await page.textContent('#status')).toBe(`1 new alert: ${officialsText('en')('kindRefusalBurst')}`);
    const times = await page.$$eval('#alerts tbody time', (ts) => ts.map((t) => t.getAttribute('datetime')!));
    expect(times.length).toBe(2);
    expect(Date.parse(times[0]!)).toBeGreaterThanOrEqual(Date.parse(times[1]!)); // newest first
  });

  it('lays out right to left in Arabic and finds the token kept in the tab', async () => {
    await open('ar');
    await page.waitForSelector('html[data-alerts="2"]', { timeout: 20_000 });
    expect(await page.getAttribute('html', 'dir')).toBe('rtl');
    expect(await page.$eval('#alerts', (t) => getComputedStyle(t).direction)).toBe('rtl');
    expect(await page.textContent('h1')).toBe('تنبيهات الأمن');
    expect(await page.$eval('#alerts tbody td.kind', (td) => td.textContent)).toBe(
      officialsText('ar')('kindRefusalBurst'),
    );
    expect(await axeOf(page)).toEqual([]);
    await shot('ar-two-alerts');
    await open('fr');
    await page.waitForSelector('html[data-alerts="2"]', { timeout: 20_000 });
    await shot('fr-two-alerts');
  });

  it('refuses a wrong token and forgets it', async () => {
    await page.click('#forget');
    expect(await page.evaluate(() => sessionStorage.getItem('evident-officials-token'))).toBeNull();
    expect(await page.$$eval('#alerts tbody tr', (rows) => rows.length)).toBe(0);
    await page.fill('#token', 'evd_not-a-token');
    await page.keyboard.press('Enter');
    await page.waitForSelector('#status[data-state=refused]', { timeout: 20_000 });
    expect(await page.textContent('#status')).toBe(officialsText('fr')('tokenRefused'));
    expect(await page.getAttribute('#token', 'aria-invalid')).toBe('true');
    expect(await page.evaluate(() => sessionStorage.getItem('evident-officials-token'))).toBeNull();
    expect(await axeOf(page)).toEqual([]);
    await shot('fr-token-refused');
  });
});
