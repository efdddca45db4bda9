/**
 * The ballot tracker page in a real browser (Debian's Chromium driven by playwright-core): the
 * server on a temporary SQLite database with a known log key, a ballot cast, its receipt file
 * kept as the voter page offers it. The ballot found and proved from the receipt file, and from
 * a typed code and pasted key using the keyboard alone; a wrong key refused; an unknown code;
 * a forked log (tests/support/forked-board-server.ts, the page's board requests routed to it)
 * refused with the receipt; French; axe-core reports no violation in any of these states. The
 * page's weight (gzipped) is printed. Screenshots go to test-output/tracker-page/ (gitignored).
 * Needs /usr/bin/chromium (or EVIDENT_CHROMIUM): without it the suite is skipped and the run's
 * summary says so, or fails under CI=true (tests/support/browser.ts).
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { canonicalJsonString, generateLogKey, toHex } from '@evident/e2e-crypto';
import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { buildApp } from '../app.js';
import { httpCall } from '../load/http.js';
import { castBallot, mustCall, setUpElection } from '../testing/local-election.js';
import { receiptFileText } from '../voter/browser/receipt-keep.js';
import { translator } from '@evident/i18n';
import { TRACKER_CATALOG } from './tracker-strings.js';
import { TRACKER_ASSETS, TRACKER_PAGE_CSP } from './tracker-page-html.js';
import { describeInBrowser, launchChromium } from '../../../../tests/support/browser.js';
import { serveForkedBoard } from '../../../../tests/support/forked-board-server.js';

const ADMIN = 'evd_tracker-page-test-admin';
const ID = 'track-test';
const AXE = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');
const SHOTS = fileURLToPath(new URL('../../../../test-output/tracker-page/', import.meta.url));
const en = translator(TRACKER_CATALOG, 'en');

describeInBrowser('the ballot tracker page in Chromium', (chromiumPath) => {
  let dir: string;
  let app: Awaited<ReturnType<typeof buildApp>>;
  let base: string;
  let context: BrowserContext;
  let page: Page;
  let code: string;
  let receiptFile: string;
  const logKeys = generateLogKey();

  async function axeViolations(): Promise<string[]> {
    await page.evaluate(AXE); // through the DevTools protocol: the page's CSP does not apply
    return page.evaluate(async () => {
      // eslint-disable-next-line @typescript-eslint/no-explicit-any
      const res = await (window as any).axe.run(document, {
        runOnly: {
          type: 'tag',
          values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa', 'best-practice'],
        },
        resultTypes: ['violations'],
      });
      return (res.violations as { id: string; nodes: { target: string[] }[] }[]).map(
        (v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`,
      );
    });
  }

  const shot = async (name: string) => {
    mkdirSync(SHOTS, { recursive: true });
    await page.screenshot({ path: join(SHOTS, `${name}.png`), fullPage: true });
  };

  /** Opens the page afresh and waits for its script. */
  const open = async (lang = 'en') => {
    await page.goto(`${base}/track/${ID}?lang=${lang}`);
    await page.waitForSelector('html[data-ready=true]', { timeout: 20_000 });
  };

  /** Submits the form and waits for a verdict; the verdict's kind and text. */
  const verdict = async () => {
    await page.waitForSelector('#verdict[data-verdict]:not([data-verdict=checking]):not([data-verdict=""])', {
      timeout: 30_000,
    });
    return {
      kind: await page.getAttribute('#verdict', 'data-verdict'),
      text: (await page.textContent('#verdict')) ?? '',
    };
  };

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'evident-tracker-page-'));
    app = await buildApp({
      dbPath: join(dir, 'election.db'),
      adminToken: ADMIN,
      rateLimit: false,
      logSecretKey: toHex(logKeys.secretKey),
    });
    base = await app.listen({ port: 0, host: '127.0.0.1' });
    const call = httpCall(base);
    const el = await setUpElection(call, ADMIN, { id: ID, voters: 3 });
    const { r } = await castBallot(call, el, 'voter-1', 'o1');
    expect(r.status).toBe(200);
    code = (r.json as { confirmationCode: string }).confirmationCode;
    receiptFile = join(dir, 'receipt.json');
    writeFileSync(
      receiptFile,
      receiptFileText(r.json as { electionId: string; confirmationCode: string }, logKeys.publicKey),
    );
    expect((await castBallot(call, el, 'voter-2', 'o2')).r.status).toBe(200); // the board grows past the receipt
    ({ context, page } = await launchChromium(chromiumPath, join(dir, 'profile'), {
      viewport: { width: 1000, height: 900 },
    }));
  });

  afterAll(async () => {
    await context?.close();
    await app?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('is served with a strict CSP and weighs little (gzipped)', async () => {
    const html = await fetch(`${base}/track/${ID}`);
    expect(html.status).toBe(200);
    expect(html.headers.get('content-security-policy')).toBe(TRACKER_PAGE_CSP);
    const parts = [await html.text()];
    for (const asset of [TRACKER_ASSETS.script, TRACKER_ASSETS.style]) {
      const r = await fetch(`${base}${asset}`);
      expect(r.status).toBe(200);
      parts.push(await r.text());
    }
    const gz = parts.reduce((n, p) => n + gzipSync(p).length, 0);
    console.log(`tracker page weight: ${(gz / 1024).toFixed(1)} KB gzipped (HTML, script, style)`);
    expect(gz).toBeLessThan(300 * 1024);
    expect((await fetch(`${base}/track/nope`)).status).toBe(404);
  });

  it('finds and proves a cast ballot from the receipt file, its head extended by the current one', async () => {
    await open();
    expect(await page.getAttribute('html', 'lang')).toBe('en');
    expect(await page.getAttribute('#verdict', 'aria-live')).toBe('polite');
    expect(await axeViolations()).toEqual([]);
    await page.setInputFiles('#receipt', receiptFile);
    await page.click('#check');
    const v = await verdict();
    expect(v.kind).toBe('found');
    expect(v.text).toContain('Found and proved');
    expect(v.text).toContain(en('foundReceipt'));
    expect(await axeViolations()).toEqual([]);
    await shot('1-found-from-receipt');
  });

  it('with the keyboard alone: a typed code and a pasted key', async () => {
    await open();
    await page.focus('#code');
    await page.keyboard.type(code.toLowerCase());
    await page.keyboard.press('Tab'); // the receipt file
    await page.keyboard.press('Tab'); // the key
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('key');
    await page.keyboard.type(toHex(logKeys.publicKey));
    await page.keyboard.press('Enter');
    const v = await verdict();
    expect(v.kind).toBe('found');
    expect(v.text).not.toContain(en('foundReceipt'));
  });

  it('refuses a wrong key, and says an unknown code is unknown', async () => {
    await open();
    await page.fill('#code', code);
    await page.fill('#key', toHex(generateLogKey().publicKey));
    await page.click('#check');
    const wrong = await verdict();
    expect(wrong).toEqual({ kind: 'wrong-key', text: en('wrongKey') });
    expect(await axeViolations()).toEqual([]);
    await shot('2-wrong-key');
    await open();
    await page.fill('#code', 'AB'.repeat(32));
    await page.fill('#key', toHex(logKeys.publicKey));
    await page.click('#check');
    expect(await verdict()).toEqual({ kind: 'unknown-code', text: en('unknownCode') });
    await open();
    await page.fill('#code', 'not a code');
    await page.fill('#key', toHex(logKeys.publicKey));
    await page.click('#check');
    expect(await verdict()).toEqual({ kind: 'usage', text: en('badCode') });
    expect(await page.getAttribute('#code', 'aria-invalid')).toBe('true');
    expect(await axeViolations()).toEqual([]);
  });

  it('refuses a forked log: a history rewritten under the same key does not extend the receipt', async () => {
    const must = mustCall(httpCall(base), ADMIN);
    const texts = (
      (await must('GET', `/elections/${ID}/board/entries?start=0&limit=1000`)).entries as { entry: string }[]
    ).map((e) => e.entry);
    const open_ = texts.findIndex((t) => (JSON.parse(t) as { type: string }).type === 'open');
    const rewritten = texts.map((t, i) => {
      if (i !== open_) return t;
      const e = JSON.parse(t) as { time: number };
      return canonicalJsonString({ ...e, time: e.time + 1 });
    });
    const fork = await serveForkedBoard(ID, rewritten, logKeys.secretKey);
    // the page's requests to the board go to the forked server, as if this server had rewritten it
    await page.route(`${base}/elections/**`, async (route) => {
      const u = new URL(route.request().url());
      const r = await fetch(`${fork.base}${u.pathname}${u.search}`);
      await route.fulfill({ status: r.status, contentType: 'application/json', body: await r.text() });
    });
    try {
      await open();
      await page.fill('#code', code);
      await page.fill('#key', toHex(logKeys.publicKey));
      await page.click('#check');
      expect((await verdict()).kind).toBe('found'); // without the receipt the made-up log is self-consistent
      await open();
      await page.setInputFiles('#receipt', receiptFile);
      await page.click('#check');
      expect(await verdict()).toEqual({ kind: 'inconsistent', text: en('fork') });
      expect(await axeViolations()).toEqual([]);
      await shot('3-fork');
    } finally {
      await page.unroute(`${base}/elections/**`);
      await fork.close();
    }
  });

  it('speaks French with ?lang=fr', async () => {
    await open('fr');
    expect(await page.getAttribute('html', 'lang')).toBe('fr');
    expect(await page.textContent('h1')).toBe(translator(TRACKER_CATALOG, 'fr')('title'));
    await page.setInputFiles('#receipt', receiptFile);
    await page.click('#check');
    const v = await verdict();
    expect(v.kind).toBe('found');
    expect(v.text).toContain('Trouvé et prouvé');
    expect(await axeViolations()).toEqual([]);
    await shot('4-french');
  });
});
