/**
 * The voter page in a real browser (Debian's Chromium driven by playwright-core): the server on
 * a temporary SQLite database with a small election, the page opened, a ballot marked and cast
 * with the keyboard only; the receipt shows the tracking code and the log index and checks in
 * the browser; the board holds that ballot; WebAssembly was in use; axe-core finds no
 * accessibility violation (English and French); a challenge opens to the choices made, then the
 * ballot cast is tracked on the tracker page with the receipt file the voter page offers; the
 * credential code never appears in any request (every other state of the page:
 * voter-page-states.test.ts). Needs /usr/bin/chromium (or EVIDENT_CHROMIUM):
 * without it the suite is skipped and the run's summary says so, or fails under CI=true
 * (tests/support/browser.ts).
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { buildApp } from '../app.js';
import { httpCall } from '../testing/http.js';
import { setUpElection, type Call, type LocalElection } from '../testing/local-election.js';
import { describeInBrowser, launchChromium } from '../../../../tests/support/browser.js';
import {
  axeViolations as axeOn,
  openVoterPage,
  tabTo as tabOn,
  voterPageManifest,
} from '../../../../tests/support/voter-page.js';

const ADMIN = 'evd_browser-test-admin';

describeInBrowser('the voter page in Chromium', (chromiumPath) => {
  let dir: string;
  let app: Awaited<ReturnType<typeof buildApp>>;
  let base: string;
  let call: Call;
  let el: LocalElection;
  let context: BrowserContext;
  let page: Page;
  /** Every request the browser made: URL and body. */
  const sent: string[] = [];

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'evident-voter-page-'));
    app = await buildApp({ dbPath: join(dir, 'election.db'), adminToken: ADMIN, rateLimit: false });
    base = await app.listen({ port: 0, host: '127.0.0.1' });
    call = httpCall(base);
    el = await setUpElection(call, ADMIN, { voters: 4, manifest: voterPageManifest() });
    ({ context, page } = await launchChromium(chromiumPath, join(dir, 'profile')));
    page.on('request', (r) => sent.push(`${r.url()}\n${r.postData() ?? ''}`));
  });

  afterAll(async () => {
    await context?.close();
    await app?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  const tabTo = (selector: string, p: Page = page): Promise<void> => tabOn(p, selector);
  const open = (query = '', p: Page = page): Promise<void> => openVoterPage(p, base, el.id, query);

  /** Casts option `option` of contest 1 for `voter` with the keyboard; the receipt's tracking code. */
  async function castWithKeyboard(p: Page, voter: string, option: number): Promise<string> {
    await tabTo('#credential', p);
    await p.keyboard.type(el.codes.get(voter)!);
    await tabTo('#c0-o0', p);
    for (let i = 0; i < option; i++) await p.keyboard.press('ArrowDown');
    if (option === 0) await p.keyboard.press('Space');
    await tabTo('#cast', p);
    await p.keyboard.press('Enter');
    await p.waitForSelector('#receipt:not([hidden])', { timeout: 20_000 });
    expect(await p.getAttribute('#receipt-check', 'data-ok')).toBe('true');
    return (await p.textContent('#tracking-code'))!;
  }

  const axeViolations = (): Promise<string[]> => axeOn(page);

  async function boardEntry(
    index: number,
  ): Promise<{ type: string; submission: { ballot: { code: string } } }> {
    const r = await call('GET', `/elections/${el.id}/board/entries?start=${index}&limit=1`);
    expect(r.status).toBe(200);
    return JSON.parse(r.json.entries[0].entry);
  }

  it('casts a ballot with the keyboard only: encrypted in the browser (WebAssembly), receipt checked, on the board', async () => {
    await open();
    expect(await page.getAttribute('html', 'lang')).toBe('en');
    expect(await page.getAttribute('html', 'data-wasm')).toBe('true');
    expect(await axeViolations()).toEqual([]);

    const code = el.codes.get('voter-1')!;
    await tabTo('#credential');
    await page.keyboard.type(code);
    await tabTo('#c0-o0'); // the first radio of contest 1
    await page.keyboard.press('ArrowDown'); // → option 2, checked
    await tabTo('#c1-o0');
    await page.keyboard.press('Space');
    await page.keyboard.press('Tab');
    await page.keyboard.press('Tab');
    await page.keyboard.press('Space'); // councillors 1 and 3
    expect(await page.isChecked('#c0-o1')).toBe(true);
    expect(await page.isChecked('#c1-o0')).toBe(true);
    expect(await page.isChecked('#c1-o2')).toBe(true);
    await tabTo('#cast');
    await page.keyboard.press('Enter');

    await page.waitForSelector('#receipt:not([hidden])', { timeout: 20_000 });
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('receipt-title');
    expect(await page.textContent('#receipt-title')).toBe('Your ballot has been cast');
    expect(await page.getAttribute('#receipt-check', 'data-ok')).toBe('true');
    const tracking = (await page.textContent('#tracking-code'))!;
    const index = Number(await page.textContent('#log-index'));
    expect(tracking).toMatch(/^[0-9A-Fa-f]{64}$/);

    // the board holds the ballot under that tracking code, counted
    const entry = await boardEntry(index);
    expect(entry.type).toBe('ballot');
    expect(entry.submission.ballot.code.toUpperCase()).toBe(tracking.toUpperCase());
    const tracked = await call('GET', `/elections/${el.id}/ballots/${tracking}`);
    expect(tracked.json.status).toBe('counted');

    // the receipt offered as a file: the server's receipt with the key the page pinned
    const link = await page.$eval('#receipt-download', (a) => ({
      name: (a as HTMLAnchorElement).download,
      href: (a as HTMLAnchorElement).href,
    }));
    expect(link.name).toBe(`evident-receipt-${el.id}-${tracking.slice(0, 12)}.json`);
    expect(link.href).toMatch(/^blob:/);
    const [download] = await Promise.all([page.waitForEvent('download'), page.click('#receipt-download')]);
    expect(download.suggestedFilename()).toBe(link.name);
    const kept = JSON.parse(readFileSync(await download.path(), 'utf8'));
    const summary = (await call('GET', `/elections/${el.id}`)).json;
    expect(kept).toMatchObject({
      electionId: el.id,
      confirmationCode: tracking,
      logIndex: index,
      logPublicKey: summary.logPublicKey.toUpperCase(),
    });
    expect(kept.inclusionProof).toBeInstanceOf(Array);

    expect(await axeViolations()).toEqual([]);
    console.log(
      `voter page: ballot encrypted and signed in Chromium in ${await page.getAttribute('html', 'data-encrypt-ms')} ms (WebAssembly)`,
    );
  });

  it('challenges, shows that the opening matches the choices, then casts and tracks the ballot with the receipt file', async () => {
    await open();
    const code = el.codes.get('voter-2')!;
    await tabTo('#credential');
    await page.keyboard.type(code.toLowerCase().replace(/-/g, ' '));
    await tabTo('#c0-o0');
    await page.keyboard.press('Space'); // option 1
    await tabTo('#r0-p1');
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('ArrowDown'); // preference 1: Bo
    await page.keyboard.press('Tab');
    await page.keyboard.press('ArrowDown'); // preference 2: Ada
    expect(await page.inputValue('#r0-p1')).toBe('2');
    expect(await page.inputValue('#r0-p2')).toBe('1');
    await tabTo('#challenge');
    await page.keyboard.press('Enter');
    await page.waitForSelector('#opened-check:not([hidden])', { timeout: 20_000 });
    expect(await page.textContent('#receipt-title')).toBe(
      'Your ballot was challenged and will not be counted',
    );
    expect(await page.getAttribute('#receipt-check', 'data-ok')).toBe('true');
    expect(await page.getAttribute('#opened-check', 'data-ok')).toBe('true');
    const challenged = (await page.textContent('#tracking-code'))!;
    const entry = await boardEntry(Number(await page.textContent('#log-index')));
    expect(entry.type).toBe('challenged-ballot');
    const published = entry as unknown as {
      opened: Record<string, Record<string, number>>;
      openedRanked: { contestId: string; ranks: number[] }[];
    };
    expect(published.opened.c1!.o1).toBe(1);
    expect(published.openedRanked[0]).toMatchObject({ contestId: 'mayor', ranks: [2, 1] });

    // then cast, on the same chain: the code is still in the field after a challenge
    await tabTo('#cast');
    await page.keyboard.press('Enter');
    await page.waitForFunction(
      (c) =>
        document.getElementById('receipt-title')?.textContent === 'Your ballot has been cast' &&
        document.getElementById('tracking-code')?.textContent !== c,
      challenged,
      { timeout: 20_000 },
    );
    expect(await page.getAttribute('#receipt-check', 'data-ok')).toBe('true');
    const tracked = await call(
      'GET',
      `/elections/${el.id}/ballots/${await page.textContent('#tracking-code')}`,
    );
    expect(tracked.json.status).toBe('counted');

    // then tracks the cast ballot on the ballot tracker, with the receipt file the page offers
    const index = Number(await page.textContent('#log-index'));
    await tabTo('#receipt-download');
    const [download] = await Promise.all([page.waitForEvent('download'), page.keyboard.press('Enter')]);
    const file = join(dir, 'voter-2-receipt.json');
    await download.saveAs(file);
    await tabTo('#track-link');
    await Promise.all([page.waitForURL(`**/track/${el.id}?lang=en`), page.keyboard.press('Enter')]);
    await page.waitForSelector('html[data-ready=true]', { timeout: 20_000 });
    await page.setInputFiles('#receipt', file); // the browser's file chooser, which no page script drives
    await tabTo('#check');
    await page.keyboard.press('Enter');
    await page.waitForSelector('#verdict[data-verdict]:not([data-verdict=checking]):not([data-verdict=""])', {
      timeout: 20_000,
    });
    expect(await page.getAttribute('#verdict', 'data-verdict')).toBe('found');
    const verdict = (await page.textContent('#verdict'))!;
    expect(verdict).toContain(`entry ${index} of the bulletin board`);
    expect(verdict).toContain('nothing before your ballot was rewritten');
    expect(await axeViolations()).toEqual([]);
  });

  it('announces errors in the live region and moves the focus to the field', async () => {
    await open();
    await tabTo('#credential');
    await page.keyboard.type('NOT-A-CODE');
    await tabTo('#cast');
    await page.keyboard.press('Enter');
    await page.waitForSelector('#errors li');
    expect(await page.textContent('#errors')).toContain('26 letters and digits');
    expect(await page.getAttribute('#errors', 'role')).toBe('alert');
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('credential');
    expect(await page.getAttribute('#credential', 'aria-invalid')).toBe('true');
    // a well-formed code that is not on the list: the server's refusal, in words
    await page.fill('#credential', '');
    await page.keyboard.type('0000000000000000000000000Z');
    await page.check('#c0-o2');
    await tabTo('#cast');
    await page.keyboard.press('Enter');
    await page.waitForFunction(() =>
      document.getElementById('errors')?.textContent?.includes('not on the list'),
    );
    expect(await axeViolations()).toEqual([]);
  });

  it('speaks French with ?lang=fr, with no accessibility violation', async () => {
    await open('?lang=fr');
    expect(await page.getAttribute('html', 'lang')).toBe('fr');
    expect(await page.textContent('h1')).toBe('Voter en ligne');
    expect(await page.textContent('#election-name')).toBe('Élection de test du navigateur');
    expect(await page.textContent('fieldset[data-contest=c2] legend')).toBe('Conseil');
    expect(await axeViolations()).toEqual([]);
  });

  it('compiles WebAssembly asynchronously with ready() where the main thread refuses synchronous compilation', async () => {
    // Chromium refused synchronous compilation of modules over 4 KB on the main thread before it
    // raised the limit to 8 MB; the module is ~4.2 KB. Simulate that browser, count compiles.
    const p = await context.newPage();
    p.on('request', (r) => sent.push(`${r.url()}\n${r.postData() ?? ''}`));
    await p.addInitScript(() => {
      const Real = WebAssembly.Module;
      const compile = WebAssembly.compile;
      const w = window as unknown as { asyncCompiles: number };
      w.asyncCompiles = 0;
      WebAssembly.Module = function (bytes: BufferSource) {
        if (bytes.byteLength > 4096)
          throw new RangeError('WebAssembly.Module(): Buffer size is over 4KB limit');
        return new Real(bytes);
      } as unknown as typeof WebAssembly.Module;
      WebAssembly.compile = (bytes: BufferSource) => (w.asyncCompiles++, compile(bytes));
    });
    await open('', p);
    expect(await p.getAttribute('html', 'data-wasm')).toBe('true');
    expect(await p.evaluate(() => (window as unknown as { asyncCompiles: number }).asyncCompiles)).toBe(1);
    const tracking = await castWithKeyboard(p, 'voter-3', 3);
    expect((await call('GET', `/elections/${el.id}/ballots/${tracking}`)).json.status).toBe('counted');
    console.log(
      `voter page: asynchronous compilation path, ballot in ${await p.getAttribute('html', 'data-encrypt-ms')} ms`,
    );
    await p.close();
  });

  it('still votes without WebAssembly (BigInt), and says so', async () => {
    const p = await context.newPage();
    p.on('request', (r) => sent.push(`${r.url()}\n${r.postData() ?? ''}`));
    await p.addInitScript(() => {
      delete (window as unknown as { WebAssembly?: unknown }).WebAssembly;
    });
    await open('', p);
    expect(await p.getAttribute('html', 'data-wasm')).toBe('false');
    const tracking = await castWithKeyboard(p, 'voter-4', 0);
    expect((await call('GET', `/elections/${el.id}/ballots/${tracking}`)).json.status).toBe('counted');
    expect(await p.textContent('#timing')).toContain('BigInt');
    console.log(
      `voter page: BigInt fallback, ballot in ${await p.getAttribute('html', 'data-encrypt-ms')} ms`,
    );
    await p.close();
  });

  it('never sends the credential code: only the public credential and signatures leave the page', () => {
    expect(sent.length).toBeGreaterThan(10);
    for (const voter of ['voter-1', 'voter-2', 'voter-3', 'voter-4']) {
      const code = el.codes.get(voter)!.replace(/-/g, '');
      for (const s of sent) {
        const flat = s.toUpperCase().replace(/[-\s]/g, '');
        expect(flat.includes(code)).toBe(false);
      }
    }
    // and a ballot did go out: signed, with the public credential
    expect(sent.some((s) => s.includes('/ballots\n') && s.includes('"signature"'))).toBe(true);
  });
});
