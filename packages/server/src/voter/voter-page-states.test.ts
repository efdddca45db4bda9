/**
 * Every state of the voter page in Chromium, with the keyboard only, each checked by axe-core
 * (WCAG 2.2 A and AA: zero violations): loading, the ballot form (radio buttons, check boxes,
 * ranked preferences) in the high-contrast theme at 200 % text, validation errors (a malformed
 * credential, too many choices), encrypting (the busy indicator still under reduced motion),
 * the cast receipt checked, a challenge and its opening, a refusal by the server (a credential
 * cancelled by a station check-in, 409), a connection lost after the server committed the
 * ballot (the page sends the same ballot again and the board holds it once), no time limit,
 * and the closed election. The focus moves to the errors and to the receipt; the live regions
 * say what happens. The cast and challenge of voter-page.test.ts are not repeated here.
 */
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import type { BrowserContext, Page, Route } from 'playwright-core';
import { toHex } from '@evident/e2e-crypto';
import { isolate, translator } from '@evident/i18n';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { buildApp } from '../app.js';
import { httpCall } from '../testing/http.js';
import { mustCall, setUpElection, type Call, type LocalElection } from '../testing/local-election.js';
import { checkIn, registerStation } from '../testing/station-election.js';
import { ASSETS } from './voter-page-html.js';
import { VOTER_STATE_STRINGS } from './voter-state-strings.js';
import { VOTER_CATALOG } from './voter-strings.js';
import { describeInBrowser, launchChromium } from '../../../../tests/support/browser.js';
import {
  axeViolations,
  focusedId,
  openVoterPage,
  tabTo,
  voterPageManifest,
} from '../../../../tests/support/voter-page.js';

const ADMIN = 'evd_voter-states-admin';
const SHOTS = fileURLToPath(new URL('../../../../test-output/voter-page-states/', import.meta.url));
const en = translator(VOTER_CATALOG, 'en');
const ts = translator(VOTER_STATE_STRINGS, 'en');

/** A gate a route waits at until the test opens it. */
function gate(): { wait: Promise<void>; open: () => void } {
  let open!: () => void;
  const wait = new Promise<void>((r) => (open = r));
  return { wait, open };
}

describeInBrowser('every state of the voter page in Chromium, with axe-core', (chromiumPath) => {
  let dir: string;
  let app: Awaited<ReturnType<typeof buildApp>>;
  let base: string;
  let call: Call;
  let el: LocalElection;
  let context: BrowserContext;
  let page: Page;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'evident-voter-states-'));
    app = await buildApp({ dbPath: join(dir, 'election.db'), adminToken: ADMIN, rateLimit: false });
    base = await app.listen({ port: 0, host: '127.0.0.1' });
    call = httpCall(base);
    const must = mustCall(call, ADMIN);
    el = await setUpElection(call, ADMIN, { voters: 8, manifest: voterPageManifest(), open: false });
    const p1 = await registerStation(must, el.id, 'p1');
    await must('POST', `/elections/${el.id}/roll`, {
      voters: [{ voterId: 'voter-8', station: 'p1', name: 'Paper Voter' }],
    });
    await must('POST', `/elections/${el.id}/open`);
    // voter-8 votes on paper: the check-in cancels the online credential (paper wins)
    const r = await call(
      'POST',
      `/elections/${el.id}/stations/p1/check-ins`,
      { checkIns: [checkIn('voter-8')] },
      p1.token,
    );
    expect(r.json.results[0].status).toBe('accepted');
    ({ context, page } = await launchChromium(chromiumPath, join(dir, 'profile')));
  });

  afterAll(async () => {
    await context?.close();
    await app?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  /** axe-core's violations in this state, and a screenshot of it kept in test-output/. */
  async function checked(p: Page, name: string): Promise<string[]> {
    mkdirSync(SHOTS, { recursive: true });
    await p.screenshot({ path: join(SHOTS, `${name}.png`), fullPage: true });
    return axeViolations(p);
  }

  const open = (query = '', p: Page = page): Promise<void> => openVoterPage(p, base, el.id, query);
  const state = (p: Page = page) => p.getAttribute('html', 'data-state');

  /** The board's entries, parsed. */
  async function board(): Promise<
    { type: string; submission?: { credential: string; ballot: { code: string } } }[]
  > {
    const r = await call('GET', `/elections/${el.id}/board/entries?start=0`);
    return r.json.entries.map((e: { entry: string }) => JSON.parse(e.entry));
  }

  /** Types `voter`'s code and marks option 1 of contest 1, with the keyboard. */
  async function markBallot(voter: string, p: Page = page): Promise<void> {
    await tabTo(p, '#credential');
    await p.keyboard.type(el.codes.get(voter)!);
    await tabTo(p, '#c0-o0');
    await p.keyboard.press('Space');
  }

  /** The focused element's outline: style and width in px. */
  const focusRing = (p: Page = page) =>
    p.evaluate(() => {
      const s = getComputedStyle(document.activeElement!);
      return { style: s.outlineStyle, width: parseFloat(s.outlineWidth) };
    });

  it('weighs at most 300 KB gzipped (HTML, script, style)', async () => {
    const parts: string[] = [];
    for (const path of [`/vote/${el.id}`, ASSETS.script, ASSETS.style]) {
      const r = await fetch(`${base}${path}`);
      expect(r.status, path).toBe(200);
      parts.push(await r.text());
    }
    const gz = parts.reduce((n, p) => n + gzipSync(p).length, 0);
    console.log(`voter page weight: ${(gz / 1024).toFixed(1)} KB gzipped (HTML, script, style)`);
    expect(gz).toBeLessThan(300 * 1024);
  });

  it('loading: the status says so in its polite live region, with no violation', async () => {
    const summary = gate();
    await page.route(
      (u) => u.pathname === `/elections/${el.id}`,
      async (route: Route) => {
        await summary.wait;
        await route.continue();
      },
    );
    await page.goto(`${base}/vote/${el.id}`);
    await page.waitForSelector('html[data-state=loading]');
    expect(await page.textContent('#status')).toBe(en('loading'));
    expect(await page.getAttribute('#status', 'aria-live')).toBe('polite');
    expect(await page.getAttribute('html', 'data-busy')).toBe('true');
    expect(await page.isHidden('#ballot-form')).toBe(true);
    expect(await checked(page, '1-loading')).toEqual([]);
    summary.open();
    await page.waitForSelector('html[data-ready=true]');
    await page.unroute((u) => u.pathname === `/elections/${el.id}`);
    expect(await state()).toBe('ready');
  });

  it('the ballot form in every kind, in high contrast at 200 % text chosen with the keyboard, kept across loads', async () => {
    await open();
    expect(await page.locator('fieldset[data-contest] legend').allTextContents()).toEqual([
      'Mayor',
      'Council',
    ]);
    expect(await page.locator('fieldset[data-contest=c1] input[type=radio]').count()).toBe(6); // with blank
    expect(await page.locator('fieldset[data-contest=c2] input[type=checkbox]').count()).toBe(3);
    expect(await page.locator('fieldset[data-ranked] select').count()).toBe(2);
    expect(await checked(page, '2-form')).toEqual([]);

    await tabTo(page, '#high-contrast');
    expect(await focusRing()).toMatchObject({ style: 'solid' });
    await page.keyboard.press('Space');
    await tabTo(page, '#text-size');
    for (let i = 0; i < 3; i++) await page.keyboard.press('ArrowDown'); // 100 → 125 → 150 → 200 %
    expect(await page.getAttribute('html', 'data-contrast')).toBe('high');
    expect(await page.getAttribute('html', 'data-text-size')).toBe('2');
    const look = () =>
      page.evaluate(() => ({
        font: getComputedStyle(document.documentElement).fontSize,
        bg: getComputedStyle(document.body).backgroundColor,
      }));
    expect(await look()).toEqual({ font: '32px', bg: 'rgb(0, 0, 0)' });
    expect(await checked(page, '3-form-high-contrast-200')).toEqual([]); // contrast included, in the dark theme
    for (const sel of ['#credential', '#c0-o0', '#c1-o0', '#r0-p1', '#cast', '#challenge']) {
      await tabTo(page, sel);
      const ring = await focusRing();
      expect(ring.style, sel).toBe('solid');
      expect(ring.width, sel).toBeGreaterThanOrEqual(3);
    }

    await open(); // kept in the browser
    expect(await look()).toEqual({ font: '32px', bg: 'rgb(0, 0, 0)' });
    expect(await page.isChecked('#high-contrast')).toBe(true);
    await tabTo(page, '#high-contrast');
    await page.keyboard.press('Space');
    await tabTo(page, '#text-size');
    await page.keyboard.press('Home');
    expect(await page.getAttribute('html', 'data-contrast')).toBe('normal');
    expect(await page.getAttribute('html', 'data-text-size')).toBeNull();
    expect(await look()).toEqual({ font: '16px', bg: 'rgb(255, 255, 255)' });

    // the system's "more contrast" gives the same theme to a voter who never chose
    await page.evaluate(() => localStorage.clear());
    await page.emulateMedia({ contrast: 'more' });
    await open();
    expect(await page.getAttribute('html', 'data-contrast')).toBeNull();
    expect((await look()).bg).toBe('rgb(0, 0, 0)');
    expect(await page.isChecked('#high-contrast')).toBe(true);
    expect(await axeViolations(page)).toEqual([]);
    await page.emulateMedia({ contrast: null });
  });

  it('validation errors: a malformed credential and too many choices, announced, the focus on the first', async () => {
    await open();
    await tabTo(page, '#credential');
    await page.keyboard.type('NOT-A-CODE');
    await tabTo(page, '#c1-o0');
    for (let i = 0; i < 3; i++) {
      await page.keyboard.press('Space'); // three councillors where two are allowed
      await page.keyboard.press('Tab');
    }
    await tabTo(page, '#cast');
    await page.keyboard.press('Enter');
    await page.waitForSelector('#errors li');
    expect(await page.locator('#errors li').allTextContents()).toEqual([
      en('errCredential'),
      en('errTooMany', { contest: isolate('Council'), n: 2 }),
    ]);
    expect(await page.getAttribute('#errors', 'role')).toBe('alert');
    expect(await page.textContent('#errors p')).toBe(en('errorsHeading'));
    expect(await state()).toBe('refused');
    expect(await focusedId(page)).toBe('credential');
    expect(await page.getAttribute('#credential', 'aria-invalid')).toBe('true');
    expect(await checked(page, '4-validation-errors')).toEqual([]);
    // the code fixed: the choices' error alone, the focus on the contest
    await page.fill('#credential', el.codes.get('voter-1')!);
    await tabTo(page, '#cast');
    await page.keyboard.press('Enter');
    await page.waitForFunction(() => document.querySelectorAll('#errors li').length === 1);
    expect(await focusedId(page)).toBe('c1-o0');
    expect((await board()).filter((e) => e.type === 'ballot')).toHaveLength(0); // nothing sent
  });

  it('encrypting: the status and a busy indicator that stops under reduced motion; then the checked receipt', async () => {
    await open();
    const chain = gate();
    await page.route('**/chains/**', async (route) => {
      await chain.wait;
      await route.continue();
    });
    await markBallot('voter-1');
    await tabTo(page, '#cast');
    await page.keyboard.press('Enter');
    await page.waitForSelector('html[data-state=encrypting]');
    expect(await page.textContent('#status')).toBe(en('encrypting'));
    expect(await page.isDisabled('#cast')).toBe(true);
    const spin = () => page.$eval('.spinner', (s) => getComputedStyle(s).animationName);
    await page.emulateMedia({ reducedMotion: 'no-preference' });
    expect(await spin()).toBe('evident-spin');
    await page.emulateMedia({ reducedMotion: 'reduce' });
    expect(await spin()).toBe('none');
    expect(await checked(page, '5-encrypting')).toEqual([]);
    chain.open();
    await page.waitForSelector('html[data-state=receipt]', { timeout: 20_000 });
    await page.unroute('**/chains/**');
    await page.emulateMedia({ reducedMotion: null });
    expect(await focusedId(page)).toBe('receipt-title');
    expect(await page.getAttribute('#receipt-check', 'data-ok')).toBe('true');
    expect(await page.getAttribute('html', 'data-busy')).toBe('false');
    expect(await checked(page, '6-receipt')).toEqual([]);
  });

  it('a challenge: the opening shown and matched, with no violation', async () => {
    await open();
    await markBallot('voter-2');
    await tabTo(page, '#challenge');
    await page.keyboard.press('Enter');
    await page.waitForSelector('#opened-check:not([hidden])', { timeout: 20_000 });
    expect(await focusedId(page)).toBe('receipt-title');
    expect(await page.textContent('#receipt-title')).toBe(en('challengedTitle'));
    expect(await page.getAttribute('#opened-check', 'data-ok')).toBe('true');
    expect(await checked(page, '7-challenged')).toEqual([]);
  });

  it('the server refuses a credential a station check-in cancelled (409): said in words, the focus on the message', async () => {
    const before = (await board()).length;
    await open();
    await markBallot('voter-8');
    await tabTo(page, '#cast');
    await page.keyboard.press('Enter');
    await page.waitForSelector('html[data-state=refused]', { timeout: 20_000 });
    expect(await page.textContent('#errors li')).toBe(ts('errCancelled'));
    expect(await page.locator('#errors p').count()).toBe(0); // nothing to correct in the form
    expect(await focusedId(page)).toBe('errors');
    expect(await page.isHidden('#resend')).toBe(true); // an answer, not a lost connection
    expect(await checked(page, '8-refused-cancelled')).toEqual([]);
    expect((await board()).length).toBe(before);
  });

  /** Every POST of a ballot the browser made: its body. */
  function postedBallots(p: Page): string[] {
    const bodies: string[] = [];
    p.on('request', (r) => {
      if (r.method() === 'POST' && r.url().endsWith('/ballots')) bodies.push(r.postData() ?? '');
    });
    return bodies;
  }

  /** Cuts the connection of the next POST of a ballot after the server answered it: what it answered. */
  function cutAfterCommit(p: Page, then: 'continue' | 'abort'): Promise<{ confirmationCode: string }> {
    let first = true;
    return new Promise((resolve) => {
      void p.route('**/ballots', async (route) => {
        if (!first) return then === 'continue' ? route.continue() : route.abort('connectionreset');
        first = false;
        const answered = await route.fetch(); // the server commits and answers…
        resolve((await answered.json()) as { confirmationCode: string });
        await route.abort('connectionreset'); // …and the browser never hears it
      });
    });
  }

  /** The board's cast ballots of `voter`'s credential. */
  async function castsOf(voter: string): Promise<{ code: string }[]> {
    const hex = toHex(el.client.ctx.G.encode(el.client.credential(el.codes.get(voter)!).S)).toUpperCase();
    return (await board())
      .filter((e) => e.type === 'ballot' && e.submission!.credential.toUpperCase() === hex)
      .map((e) => ({ code: e.submission!.ballot.code.toUpperCase() }));
  }

  it('the connection lost after the server committed: the same ballot sent again, on the board once, the receipt shown', async () => {
    const p = await context.newPage();
    const bodies = postedBallots(p);
    await open('', p);
    const committed = cutAfterCommit(p, 'continue');
    await markBallot('voter-3', p);
    await tabTo(p, '#cast');
    await p.keyboard.press('Enter');
    await p.waitForSelector('html[data-state=receipt]', { timeout: 30_000 });
    const code = (await committed).confirmationCode;
    expect((await p.textContent('#tracking-code'))!.toUpperCase()).toBe(code.toUpperCase());
    expect(await p.getAttribute('#receipt-check', 'data-ok')).toBe('true');
    expect(bodies.length).toBe(2);
    expect(bodies[1]).toBe(bodies[0]); // the same submission, byte for byte
    expect(await castsOf('voter-3')).toEqual([{ code: code.toUpperCase() }]);
    expect((await board()).filter((e) => e.type === 'supersession')).toHaveLength(0);
    expect((await call('GET', `/elections/${el.id}/ballots/${code}`)).json.status).toBe('counted');
    await p.close();
  });

  it('the connection down for every retry: the ballot kept, a button sends it again, counted once', async () => {
    const p = await context.newPage();
    const bodies = postedBallots(p);
    await open('', p);
    const committed = cutAfterCommit(p, 'abort');
    await markBallot('voter-4', p);
    await tabTo(p, '#cast');
    await p.keyboard.press('Enter');
    await p.waitForFunction(() => document.getElementById('status')?.textContent?.includes('attempt 2 of 4'));
    await p.waitForSelector('html[data-state=refused]', { timeout: 30_000 });
    expect(await p.textContent('#errors li')).toBe(ts('errNetworkKept'));
    expect(await focusedId(p)).toBe('errors');
    expect(await p.isVisible('#resend')).toBe(true);
    expect(await checked(p, '9-connection-lost-kept')).toEqual([]);
    expect(bodies.length).toBe(4);
    await p.unroute('**/ballots');
    await tabTo(p, '#resend');
    await p.keyboard.press('Enter');
    await p.waitForSelector('html[data-state=receipt]', { timeout: 30_000 });
    expect(new Set(bodies).size).toBe(1); // five sendings, one submission
    expect(bodies.length).toBe(5);
    const code = (await committed).confirmationCode.toUpperCase();
    expect((await p.textContent('#tracking-code'))!.toUpperCase()).toBe(code);
    expect(await castsOf('voter-4')).toEqual([{ code }]);
    expect(await p.isHidden('#resend')).toBe(true);
    await p.close();
  });

  it('no time limit: two hours on a marked ballot, then it casts', async () => {
    const p = await context.newPage();
    await p.clock.install();
    await open('', p);
    await markBallot('voter-5', p);
    await p.clock.fastForward('02:00:00');
    await tabTo(p, '#cast');
    await p.keyboard.press('Enter');
    await p.waitForSelector('html[data-state=receipt]', { timeout: 30_000 });
    expect(await p.getAttribute('#receipt-check', 'data-ok')).toBe('true');
    await p.close();
  });

  it('the election closed: a ballot marked before is refused in words, and the page then says voting is not open', async () => {
    const p = await context.newPage();
    await open('', p);
    await markBallot('voter-6', p);
    await mustCall(call, ADMIN)('POST', `/elections/${el.id}/close`);
    await tabTo(p, '#cast');
    await p.keyboard.press('Enter');
    await p.waitForSelector('html[data-state=refused]', { timeout: 20_000 });
    expect(await p.textContent('#errors li')).toBe(ts('errClosed'));
    expect(await focusedId(p)).toBe('errors');
    expect(await checked(p, '10-refused-closed')).toEqual([]);
    await p.goto(`${base}/vote/${el.id}`);
    await p.waitForSelector('html[data-state=unavailable]', { timeout: 20_000 });
    expect(await p.textContent('#errors li')).toBe(
      'Voting is not open in this election: it is closed (state: closed).',
    );
    expect(await p.isHidden('#ballot-form')).toBe(true);
    expect(await checked(p, '11-not-open')).toEqual([]);
    await p.close();
  });
});
