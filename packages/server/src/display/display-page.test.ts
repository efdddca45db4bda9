/**
 * The results display in a real browser (Debian's Chromium driven by playwright-core): the server
 * on a temporary SQLite database with an election of three keyed stations in two districts, the
 * display opened. Before any sheet: no station row, "online result not yet decrypted", no
 * accessibility violation (axe-core). A sheet accepted: its station on screen within 1 s. The
 * server restarted on the same port and database: the page says it is reconnecting, reconnects
 * by itself and catches up on a sheet accepted meanwhile. A stream silenced by a relay that
 * drops its bytes without closing anything (a network cut neither end sees): the page's periodic
 * check (clock fast-forwarded) replaces it and catches up. After the trustees decrypt: the online
 * column and the "decrypted" notice. Screenshots go to test-output/display-page/ (gitignored).
 * Needs /usr/bin/chromium (or EVIDENT_CHROMIUM): without it the suite is skipped and the run's
 * summary says so, or fails under CI=true (tests/support/browser.ts).
 */
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { connect, createServer, type Server, type Socket } from 'node:net';
import { fileURLToPath } from 'node:url';
import { signPaperStatement } from '@evident/e2e-crypto';
import { sheetHash } from '@evident/record';
import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { buildApp } from '../app.js';
import { httpCall } from '../testing/http.js';
import { castBallot, setUpElection, type Call, type LocalElection } from '../testing/local-election.js';
import { closeAndDecrypt } from '../testing/run-election.js';
import {
  countedSheet,
  paperManifest,
  PAPER_COUNTING_START,
  registerStationKey,
  sameBallots,
  signSheet,
  type CountedBallot,
} from '../testing/station-sheets.js';
import { displayWords } from './display-view.js';
import { describeInBrowser, launchChromium } from '../../../../tests/support/browser.js';
import { axeViolations as axeOf } from '../../../../tests/support/axe-page.js';

const ADMIN = 'evd_display-test-admin';
const ID = 'display-test';
const SHOTS = fileURLToPath(new URL('../../../../test-output/display-page/', import.meta.url));

/**
 * A TCP relay to the server on 127.0.0.1:`target` that can silence the connections carrying a
 * results stream: their bytes from the server are dropped and nothing is closed — a network cut
 * that neither end notices.
 */
function streamRelay(target: () => number) {
  const streams = new Set<{ silenced: boolean }>();
  const sockets = new Set<Socket>();
  const server: Server = createServer((client) => {
    const upstream = connect(target(), '127.0.0.1');
    const pair = { silenced: false };
    for (const s of [client, upstream]) {
      sockets.add(s);
      s.on('error', () => undefined);
      s.on('close', () => sockets.delete(s));
    }
    client.on('data', (d) => {
      if (d.toString('latin1').includes('/results/stream')) streams.add(pair);
      upstream.write(d);
    });
    upstream.on('data', (d) => {
      if (!pair.silenced) client.write(d);
    });
    client.on('close', () => upstream.destroy());
    upstream.on('close', () => client.destroy());
  });
  return {
    listen: () =>
      new Promise<number>((res) =>
        server.listen(0, '127.0.0.1', () => res((server.address() as { port: number }).port)),
      ),
    /** Silences every stream open now. */
    silence: () => {
      for (const p of streams) p.silenced = true;
      streams.clear();
    },
    close: () => {
      for (const s of sockets) s.destroy();
      server.close();
    },
  };
}

describeInBrowser('the results display in Chromium', (chromiumPath) => {
  let dir: string;
  let app: Awaited<ReturnType<typeof buildApp>>;
  let port: number;
  let base: string;
  let call: Call;
  let el: LocalElection;
  let context: BrowserContext;
  let page: Page;
  const manifest = paperManifest();
  const keys = new Map<string, { secretKey: Uint8Array }>();

  const start = async (listenPort: number) => {
    app = await buildApp({
      dbPath: join(dir, 'election.db'),
      adminToken: ADMIN,
      rateLimit: false,
      now: () => PAPER_COUNTING_START,
    });
    base = await app.listen({ port: listenPort, host: '127.0.0.1' });
    port = Number(new URL(base).port);
    call = httpCall(base);
  };

  const submit = async (station: string, list: CountedBallot[], o = {}) => {
    const { sheet, cvrs } = countedSheet(manifest, ID, station, list, o);
    const r = await call(
      'POST',
      `/elections/${ID}/stations/${station}/sheets`,
      { signed: signSheet(sheet, keys.get(station)!.secretKey), cvrs },
      ADMIN,
    );
    expect(r.status).toBe(201);
    return sheetHash(sheet);
  };

  const shot = async (name: string) => {
    mkdirSync(SHOTS, { recursive: true });
    await page.screenshot({ path: join(SHOTS, `${name}.png`), fullPage: true });
  };

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'evident-display-page-'));
    await start(0);
    el = await setUpElection(call, ADMIN, { id: ID, manifest, voters: 3, n: 3, k: 2, open: false });
    for (const s of ['p1', 'p2', 'p3']) keys.set(s, await registerStationKey(app.evident, ID, s));
    // paper-only voters of p2 (their check-ins cancel no online ballot)
    const voters = ['paper-1', 'paper-2'].map((voterId) => ({ voterId, station: 'p2', name: voterId }));
    expect((await call('POST', `/elections/${ID}/roll`, { voters }, ADMIN)).status).toBe(200);
    expect((await call('POST', `/elections/${ID}/open`, undefined, ADMIN)).status).toBe(200);
    ({ context, page } = await launchChromium(chromiumPath, join(dir, 'profile'), {
      viewport: { width: 1600, height: 900 },
    }));
  });

  afterAll(async () => {
    await context?.close();
    await app?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('before any sheet: no station, "online result not yet decrypted", no accessibility violation', async () => {
    expect((await castBallot(call, el, 'voter-1', 'a')).r.status).toBe(200);
    await page.goto(`${base}/display/${ID}`);
    await page.waitForSelector('html[data-stream=live][data-tree-size]', { timeout: 20_000 });
    expect(await page.getAttribute('html', 'lang')).toBe('en');
    expect(await page.textContent('h1')).toBe(displayWords('en')('title'));
    expect(await page.$$('tr[data-station]')).toHaveLength(0);
    expect(await page.textContent('[data-figure=stations]')).toContain('0 of 3');
    expect(await page.textContent('[data-empty=stations]')).toContain('No polling station has reported yet');
    const notice = await page.textContent('section[data-contest=c1] .notice');
    expect(notice).toContain('Online result not yet decrypted');
    expect(await page.textContent('[data-figure=online] dd')).toContain('1');
    expect(await page.getAttribute('#announce', 'aria-live')).toBe('polite');
    expect(await page.textContent('#updated')).toMatch(/^Last update: /);
    expect(await axeOf(page)).toEqual([]);
    await shot('1-before-any-sheet');
  });

  it('shows the check-ins of each station live, before its sheet', async () => {
    expect(await page.textContent('tr[data-live-station=p2]')).toContain('0');
    const checkIns = ['paper-1', 'paper-2'].map((voterId, i) => ({
      id: `ci-${i}`,
      voterId,
      checkedBy: 'worker-1',
      document: { type: 'passport', last: 'X42Z' },
      at: '2026-05-10T09:00:00Z',
    }));
    const r = await call('POST', `/elections/${ID}/stations/p2/check-ins`, { checkIns }, ADMIN);
    expect(r.json.results.map((x: { status: string }) => x.status)).toEqual(['accepted', 'accepted']);
    // the board did not grow (paper-only voters): the stream's check-in snapshot brings them
    await page.waitForFunction(
      () => document.querySelector('tr[data-live-station=p2] td:last-child')?.textContent === '2',
      undefined,
      { timeout: 5000 },
    );
    expect(await page.textContent('[data-figure=live-check-ins]')).toContain(
      '2 voters checked in at 3 stations',
    );
    expect(await axeOf(page)).toEqual([]);
    await shot('1b-live-check-ins');
  });

  it('shows a station sheet within 1 s of its acceptance', async () => {
    await submit('p1', [...sameBallots(3, 'a', ['x']), ...sameBallots(2, 'b', ['y'])]);
    const accepted = Date.now();
    await page.waitForSelector('tr[data-station=p1]', { timeout: 1000 });
    console.log(`display: station sheet on screen ${Date.now() - accepted} ms after its acceptance`);
    expect(await page.textContent('[data-figure=stations]')).toContain('1 of 3');
    expect(await page.textContent('tr[data-district=d1]')).toContain('1 of 2');
    expect(await page.textContent('section[data-contest=c1] tr[data-option=a]')).toBe('a3—360%');
    await page.waitForFunction(() => document.getElementById('announce')?.textContent?.includes('Station 1'));
    expect(await axeOf(page)).toEqual([]);
    await shot('2-one-station');
  });

  it('reconnects by itself after the server restarts on the same port and database, and catches up', async () => {
    await app.close();
    await page.waitForSelector('html[data-stream=reconnecting]', { timeout: 10_000 });
    expect(await page.textContent('#state')).toBe(displayWords('en')('reconnecting'));
    await shot('3-reconnecting');
    await start(port);
    await submit('p2', sameBallots(4, 'c', ['z'])); // accepted while the page may still be away
    await page.waitForSelector('tr[data-station=p2]', { timeout: 15_000 });
    await page.waitForSelector('html[data-stream=live]', { timeout: 5000 });
    expect(await page.textContent('[data-figure=stations]')).toContain('2 of 3');
    expect(await page.$('tr[data-live-station=p2]')).toBeNull(); // its sheet replaced the live count
    // and it is live again: the next sheet arrives through the new stream within 1 s
    await submit('p3', sameBallots(1, 'b'));
    const accepted = Date.now();
    await page.waitForSelector('tr[data-station=p3]', { timeout: 1000 });
    console.log(
      `display: after the restart, a sheet on screen ${Date.now() - accepted} ms after its acceptance`,
    );
    expect(await page.textContent('tr[data-district=d2]')).toContain('1 of 1');
  });

  it('replaces a stream that went silent (a network cut nobody noticed) and catches up', async () => {
    const relay = streamRelay(() => port);
    const relayBase = `http://127.0.0.1:${await relay.listen()}`;
    const p = await context.newPage();
    try {
      await p.clock.install(); // the page's 30 s check, fast-forwarded
      await p.goto(`${relayBase}/display/${ID}`);
      await p.waitForSelector('html[data-stream=live] tr[data-station=p1]', { timeout: 20_000 });
      const size = Number(await p.getAttribute('html', 'data-tree-size'));
      relay.silence();
      const first = (await call('GET', `/elections/${ID}/results`)).json.paper.byStation[0].sheetHash;
      await submit('p1', sameBallots(5, 'a', ['x']), {
        sequence: 2,
        previousSheet: first,
        correctionReason: 'recount',
      });
      await new Promise((r) => setTimeout(r, 1500));
      // the stream is silent: the page has not seen the correction, and believes it is live
      expect(Number(await p.getAttribute('html', 'data-tree-size'))).toBe(size);
      expect(await p.getAttribute('html', 'data-stream')).toBe('live');
      await p.clock.fastForward(31_000);
      await p.waitForSelector('tr[data-station=p1] .sub', { timeout: 10_000 });
      expect(await p.textContent('tr[data-station=p1]')).toContain('corrected once');
      await p.waitForFunction((n) => Number(document.documentElement.dataset.treeSize) > n, size);
      await p.waitForSelector('html[data-stream=live]', { timeout: 10_000 });
      // the new stream is live: the next change arrives through it
      expect((await castBallot(call, el, 'voter-2', 'b')).r.status).toBe(200);
      await p.waitForFunction(
        () => document.querySelector('[data-figure=online] dd')?.textContent?.startsWith('2'),
        undefined,
        { timeout: 10_000 },
      );
    } finally {
      await p.close();
      relay.close();
    }
  });

  it('shows the online result and drops the notice once the trustees have decrypted', async () => {
    for (const station of ['p1', 'p2', 'p3']) {
      const checkIns = station === 'p2' ? 2 : 0; // the check-ins taken above
      const closing = { electionId: ID, station, checkIns, closedAt: '2026-05-10T17:00:00Z' };
      const signature = signPaperStatement(keys.get(station)!.secretKey, 'poll-book-close', ID, closing);
      const url = `/elections/${ID}/stations/${station}/poll-book/close`;
      expect((await call('POST', url, { closing, signature }, ADMIN)).status).toBe(201);
    }
    await closeAndDecrypt(call, ADMIN, el, 3, 2);
    await page.waitForSelector('section[data-contest=c1] .notice[data-decrypted=true]', { timeout: 10_000 });
    expect(await page.textContent('section[data-contest=c1] .notice')).toBe(displayWords('en')('decrypted'));
    // option a: 5 on paper (p1's correction) + 1 online
    expect(await page.textContent('section[data-contest=c1] tr[data-option=a]')).toMatch(/^a516/);
    expect(await axeOf(page)).toEqual([]);
    await shot('4-decrypted');
  });

  it('speaks French with ?lang=fr', async () => {
    await page.goto(`${base}/display/${ID}?lang=fr`);
    await page.waitForSelector('html[data-stream=live][data-tree-size]', { timeout: 20_000 });
    expect(await page.getAttribute('html', 'lang')).toBe('fr');
    expect(await page.textContent('h1')).toBe(displayWords('fr')('title'));
    expect(await page.textContent('[data-figure=stations]')).toContain('3 sur 3');
    expect(await axeOf(page)).toEqual([]);
    await shot('5-french');
  });
});
