/**
 * The ballot tracker page in a real browser (Debian's Chromium driven by playwright-core): the
 * server with a polling station and a known log key; voter-1 casts (its receipt file kept as the
 * voter page offers it, and a tree head saved) then revotes; voter-2 casts then is checked in at
 * station p1. The page's light check shows each state: voter-1's first ballot superseded (from
 * the receipt file), its second counted (typed code and pasted key, keyboard alone, with the
 * kept head file), voter-2's cancelled naming the station; a wrong key refused; an unknown code;
 * a tampered inclusion proof refused;
 * a forked log (tests/support/forked-board-server.ts, the page's requests routed to it) refused
 * with the receipt and with the kept head file, naming it; French; axe-core reports no violation
 * in any of these states; the page never asks for more than one board entry at a time. The
 * page's weight (gzipped) is printed. Screenshots go to test-output/tracker-page/ (gitignored).
 * Needs /usr/bin/chromium (or EVIDENT_CHROMIUM): without it the suite is skipped and the run's
 * summary says so, or fails under CI=true (tests/support/browser.ts).
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { canonicalJsonString, generateLogKey, toHex } from '@evident/e2e-crypto';
import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { httpCall } from '../testing/http.js';
import { castBallot, mustCall } from '../testing/local-election.js';
import { checkIn, setUpStationElection, type StationElection } from '../testing/station-election.js';
import { receiptFileText } from '../voter/browser/receipt-keep.js';
import { ltr, translator } from '@evident/i18n';
import { TRACKER_STATE_STRINGS } from './tracker-state-strings.js';
import { TRACKER_CATALOG } from './tracker-strings.js';
import { TRACKER_ASSETS, TRACKER_PAGE_CSP } from './tracker-page-html.js';
import { describeInBrowser, launchChromium } from '../../../../tests/support/browser.js';
import { serveForkedBoard } from '../../../../tests/support/forked-board-server.js';
import { axeViolations as axeOf } from '../../../../tests/support/axe-page.js';

const ADMIN = 'evd_tracker-page-test-admin';
const ID = 'e1';
const SHOTS = fileURLToPath(new URL('../../../../test-output/tracker-page/', import.meta.url));
const en = translator(TRACKER_CATALOG, 'en');
const s = translator(TRACKER_STATE_STRINGS, 'en');

describeInBrowser('the ballot tracker page in Chromium', (chromiumPath) => {
  let dir: string;
  let st: StationElection;
  let base: string;
  let context: BrowserContext;
  let page: Page;
  /** voter-1's first (superseded) and second (counted) ballots, voter-2's (cancelled) */
  const code = { first: '', second: '', cancelled: '' };
  let receiptFile: string;
  let headFile: string;
  /** every path the page asked of the server */
  const asked: string[] = [];
  const logKeys = generateLogKey();

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
      state: await page.getAttribute('#verdict', 'data-state'),
    };
  };

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'evident-tracker-page-'));
    st = await setUpStationElection(ADMIN, {
      voters: 3,
      keyed: ['p1'],
      roll: ['voter-1', 'voter-2', 'voter-3'].map((v) => ({ voterId: v, station: 'p1', name: v })),
      logSecretKey: toHex(logKeys.secretKey),
    });
    base = await st.app.listen({ port: 0, host: '127.0.0.1' });
    const call = httpCall(base);
    const cast = async (voter: string) => {
      const { r } = await castBallot(call, st.el, voter, 'o1');
      expect(r.status).toBe(200);
      return r.json as { electionId: string; confirmationCode: string };
    };
    const first = await cast('voter-1');
    code.first = first.confirmationCode;
    receiptFile = join(dir, 'receipt.json');
    writeFileSync(receiptFile, receiptFileText(first, logKeys.publicKey));
    headFile = join(dir, 'tree-head-monday.json');
    writeFileSync(
      headFile,
      JSON.stringify(await mustCall(call, ADMIN)('GET', `/elections/${ID}/board/tree-head`)),
    );
    code.second = (await cast('voter-1')).confirmationCode; // a revote: the first is superseded
    code.cancelled = (await cast('voter-2')).confirmationCode;
    const p1 = st.stations.get('p1')!;
    const r = await call(
      'POST',
      `/elections/${ID}/stations/p1/check-ins`,
      { checkIns: [checkIn('voter-2')] },
      p1.token,
    );
    expect(r.json.cancellations).toBe(1);
    ({ context, page } = await launchChromium(chromiumPath, join(dir, 'profile'), {
      viewport: { width: 1000, height: 900 },
    }));
    page.on('request', (req) => asked.push(new URL(req.url()).pathname + new URL(req.url()).search));
  });

  afterAll(async () => {
    await context?.close();
    await st?.app.close();
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

  it('from the receipt file: the first ballot, superseded by the revote, its head extended', async () => {
    await open();
    expect(await page.getAttribute('html', 'lang')).toBe('en');
    expect(await page.getAttribute('#verdict', 'aria-live')).toBe('polite');
    expect(await axeOf(page)).toEqual([]);
    await page.setInputFiles('#receipt', receiptFile);
    await page.click('#check');
    const v = await verdict();
    expect(v.kind).toBe('found');
    expect(v.state).toBe('superseded');
    expect(v.text).toContain('Found and proved');
    expect(v.text).toMatch(/Superseded: a later ballot of the same credential \(entry \d+\)/);
    expect(v.text).toContain(en('foundReceipt'));
    expect(v.text).toContain(s('lightNote'));
    expect(await axeOf(page)).toEqual([]);
    await shot('1-superseded-from-receipt');
  });

  it('with the keyboard alone: the revote counted, a typed code, a pasted key, a kept head extended', async () => {
    await open();
    await page.setInputFiles('#kept', headFile);
    await page.focus('#code');
    await page.keyboard.type(code.second.toLowerCase());
    await page.keyboard.press('Tab'); // the receipt file
    await page.keyboard.press('Tab'); // the kept heads
    await page.keyboard.press('Tab'); // the key
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('key');
    await page.keyboard.type(toHex(logKeys.publicKey));
    await page.keyboard.press('Enter');
    const v = await verdict();
    expect(v).toMatchObject({ kind: 'found', state: 'cast' });
    expect(v.text).toContain(s('stateCast'));
    expect(v.text).toContain(s('keptExtended', { n: 1 }));
    expect(v.text).not.toContain(en('foundReceipt'));
    expect(await axeOf(page)).toEqual([]);
    await shot('2-counted-with-kept-head');
  });

  it('a ballot cancelled by a check-in at a polling station, naming the station', async () => {
    await open();
    await page.fill('#code', code.cancelled);
    await page.fill('#key', toHex(logKeys.publicKey));
    await page.click('#check');
    const v = await verdict();
    expect(v).toMatchObject({ kind: 'found', state: 'cancelled' });
    expect(v.text).toMatch(/Cancelled: you were checked in at polling station p1 \(entry \d+\)/);
    expect(await axeOf(page)).toEqual([]);
    await shot('3-cancelled');
  });

  it('never reads the whole board: one entry at a time, never the setup entry', () => {
    const pages = asked.filter((p) => p.includes('/board/entries'));
    expect(pages.length).toBeGreaterThan(0);
    for (const p of pages) expect(p).toMatch(/limit=1$/);
    expect(asked.some((p) => p.includes('/board/credential/'))).toBe(true);
  });

  it('refuses a wrong key, and says an unknown code is unknown', async () => {
    await open();
    await page.fill('#code', code.second);
    await page.fill('#key', toHex(generateLogKey().publicKey));
    await page.click('#check');
    const wrong = await verdict();
    expect(wrong).toEqual({ kind: 'wrong-key', text: en('wrongKey'), state: '' });
    expect(await axeOf(page)).toEqual([]);
    await shot('4-wrong-key');
    await open();
    await page.fill('#code', 'AB'.repeat(32));
    await page.fill('#key', toHex(logKeys.publicKey));
    await page.click('#check');
    expect(await verdict()).toEqual({ kind: 'unknown-code', text: en('unknownCode'), state: '' });
    await open();
    await page.fill('#code', 'not a code');
    await page.fill('#key', toHex(logKeys.publicKey));
    await page.click('#check');
    expect(await verdict()).toEqual({ kind: 'usage', text: en('badCode'), state: '' });
    expect(await page.getAttribute('#code', 'aria-invalid')).toBe('true');
    expect(await axeOf(page)).toEqual([]);
  });

  it('refuses a tampered inclusion proof: the same board, one hash of each proof changed', async () => {
    const texts = (
      (await mustCall(httpCall(base), ADMIN)('GET', `/elections/${ID}/board/entries?start=0&limit=1000`))
        .entries as { entry: string }[]
    ).map((e) => e.entry);
    const tampered = await serveForkedBoard(ID, texts, logKeys.secretKey, { badInclusion: true });
    await page.route(`${base}/elections/**`, async (route) => {
      const u = new URL(route.request().url());
      const r = await fetch(`${tampered.base}${u.pathname}${u.search}`);
      await route.fulfill({ status: r.status, contentType: 'application/json', body: await r.text() });
    });
    try {
      await open();
      await page.setInputFiles('#receipt', receiptFile);
      await page.click('#check');
      expect(await verdict()).toEqual({
        kind: 'inconsistent',
        text: en('inconsistent', { why: ltr('inclusion') }),
        state: '',
      });
      expect(await axeOf(page)).toEqual([]);
      await shot('5-tampered-inclusion');
    } finally {
      await page.unroute(`${base}/elections/**`);
      await tampered.close();
    }
  });

  it('refuses a forked log: a history rewritten under the same key extends neither the receipt nor the kept head', async () => {
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
    // the page's requests to the board go to the forked server, as if this server had rewritten it;
    // the heads the page reports to the monitoring's tree-head check are kept here
    const reported: { treeHead: { treeSize: number; rootHash: string } }[] = [];
    await page.route(`${base}/elections/**`, async (route) => {
      const u = new URL(route.request().url());
      if (route.request().method() === 'POST' && u.pathname.endsWith('/tree-heads/check')) {
        reported.push(JSON.parse(route.request().postData() ?? '{}'));
        return route.fulfill({ status: 409, contentType: 'application/json', body: '{}' });
      }
      const r = await fetch(`${fork.base}${u.pathname}${u.search}`);
      await route.fulfill({ status: r.status, contentType: 'application/json', body: await r.text() });
    });
    try {
      await open();
      await page.fill('#code', code.second);
      await page.fill('#key', toHex(logKeys.publicKey));
      await page.click('#check');
      expect((await verdict()).kind).toBe('found'); // without what the voter kept, the made-up log is self-consistent
      await open();
      await page.setInputFiles('#receipt', receiptFile);
      await page.click('#check');
      expect(await verdict()).toEqual({ kind: 'inconsistent', text: en('fork'), state: '' });
      // the receipt's head goes to the server's monitoring (an alert for the officials), and no other
      const receiptHead = (JSON.parse(readFileSync(receiptFile, 'utf8')) as { treeHead: object }).treeHead;
      await expect.poll(() => reported.length).toBe(1);
      expect(reported[0]!.treeHead).toEqual(receiptHead);
      expect(await axeOf(page)).toEqual([]);
      await shot('6-fork-receipt');
      await open();
      await page.fill('#code', code.second);
      await page.fill('#key', toHex(logKeys.publicKey));
      await page.setInputFiles('#kept', headFile);
      await page.click('#check');
      expect(await verdict()).toEqual({
        kind: 'inconsistent',
        text: s('keptFork', { file: ltr('tree-head-monday.json') }),
        state: '',
      });
      await expect.poll(() => reported.length).toBe(2);
      await shot('7-fork-kept-head');
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
    expect(v).toMatchObject({ kind: 'found', state: 'superseded' });
    expect(v.text).toContain('Trouvé et prouvé');
    expect(v.text).toContain('Remplacé');
    expect(await axeOf(page)).toEqual([]);
    await shot('8-french');
  });
});
