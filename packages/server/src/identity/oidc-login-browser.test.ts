/**
 * The eID login in a real browser (Debian's Chromium through playwright-core) against a real
 * OpenID Connect provider on loopback (`@evident/dev-idp`): the voter page of an election that
 * requires identity shows "Log in with your eID", sends the voter to the provider, who logs in
 * and comes back; the voter types the credential and casts; the receipt checks. Another
 * election's page asks for its own login; a session gone before a cast brings the login step
 * back with the translated message. The callback
 * replayed in the same browser is refused with the translated message on screen (English, then
 * Arabic, right to left). Screenshots go to test-output/oidc-login/. Needs /usr/bin/chromium
 * (tests/support/browser.ts).
 */
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { injectCall, setUpElection, type LocalElection } from '../testing/local-election.js';
import { startOidcBench, type OidcBench } from '../testing/oidc-election.js';
import { describeInBrowser, launchChromium } from '../../../../tests/support/browser.js';
import { axeViolations as axeOf } from '../../../../tests/support/axe-page.js';

const ADMIN = 'evd_browser-test-admin-for-the-eid-login';
const SHOTS = fileURLToPath(new URL('../../../../test-output/oidc-login/', import.meta.url));

describeInBrowser('the eID login of the voter page in Chromium', (chromiumPath) => {
  let dir: string;
  let bench: OidcBench;
  let el: LocalElection;
  let context: BrowserContext;
  let page: Page;
  const callbacks: string[] = [];

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'evident-oidc-browser-'));
    bench = await startOidcBench(['voter-1', 'voter-2'], { adminToken: ADMIN });
    el = await setUpElection(injectCall(bench.app), ADMIN, { id: 'e1', voters: 2, requireIdentity: true });
    await setUpElection(injectCall(bench.app), ADMIN, { id: 'e2', voters: 2, requireIdentity: true });
    ({ context, page } = await launchChromium(chromiumPath, join(dir, 'profile')));
    page.on('request', (r) => {
      if (r.url().startsWith(`${bench.base}/auth/oidc/callback`)) callbacks.push(r.url());
    });
    mkdirSync(SHOTS, { recursive: true });
  });

  afterAll(async () => {
    await context?.close();
    await bench?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  const shot = (name: string) => page.screenshot({ path: join(SHOTS, `${name}.png`), fullPage: true });

  it('logs in at the provider, comes back, types the credential and casts', async () => {
    await page.goto(`${bench.base}/vote/e1`);
    await page.waitForSelector('#login-button', { timeout: 20_000 });
    expect(await page.isHidden('#ballot-form')).toBe(true);
    expect(await page.textContent('#login')).toContain('national electronic identity');
    expect(await axeOf(page)).toEqual([]);
    await shot('1-login-step-en');

    await page.click('#login-button');
    await page.waitForURL((u) => u.href.startsWith(bench.idp.issuer), { timeout: 20_000 });
    await page.fill('input[name=login]', 'voter-1');
    await page.fill('input[name=password]', 'any');
    await shot('2-provider-login');
    await page.click('button[type=submit]');

    await page.waitForURL((u) => u.href.startsWith(`${bench.base}/vote/e1`), { timeout: 20_000 });
    await page.waitForSelector('html[data-ready=true]', { timeout: 20_000 });
    expect(await page.isVisible('#logged-in')).toBe(true);
    expect(await page.isVisible('#ballot-form')).toBe(true);
    expect(callbacks).toHaveLength(1);
    // the session is an HttpOnly cookie: the page's script cannot read it
    expect(await page.evaluate(() => document.cookie)).not.toContain('evd_session');
    await shot('3-logged-in');

    await page.fill('#credential', el.codes.get('voter-1')!);
    await page.check('#c0-o1');
    await page.click('#cast');
    await page.waitForSelector('#receipt:not([hidden])', { timeout: 30_000 });
    expect(await page.getAttribute('#receipt-check', 'data-ok')).toBe('true');
    await shot('4-cast');
  });

  it('asks for a new login on the page of another election, and when the session is gone at casting', async () => {
    // the session of e1 is not one of e2: its page shows the login step, not the ballot
    await page.goto(`${bench.base}/vote/e2?lang=fr`);
    await page.waitForSelector('#login-button', { timeout: 20_000 });
    expect(await page.isHidden('#ballot-form')).toBe(true);
    expect(await page.textContent('#login-button')).toBe('Se connecter avec son identité numérique');
    expect(await axeOf(page)).toEqual([]);
    await shot('5-login-step-fr');

    // back on e1, the session ends (the cookie gone) before the voter casts again
    await page.goto(`${bench.base}/vote/e1`);
    await page.waitForSelector('html[data-ready=true]', { timeout: 20_000 });
    await context.clearCookies();
    await page.fill('#credential', el.codes.get('voter-1')!);
    await page.check('#c0-o2');
    await page.click('#cast');
    await page.waitForSelector('#login-button', { timeout: 30_000 });
    expect(await page.textContent('#errors')).toContain('Your eID session has ended');
    expect(await page.isHidden('#ballot-form')).toBe(true);
    expect(await axeOf(page)).toEqual([]);
    await shot('6-session-gone');
  });

  it('refuses the replayed callback with the message on screen, in the login’s language, then in Arabic', async () => {
    const replay = callbacks[0]!;
    const r = await page.goto(replay);
    expect(r?.status()).toBe(400);
    expect(await page.getAttribute('main', 'data-code')).toBe('EVD_ERR_LOGIN_STATE');
    expect(await page.textContent('#login-error')).toContain('This login answer was already used');
    expect(await page.getAttribute('#back', 'href')).toBe('/vote/e1?lang=en');
    expect(await axeOf(page)).toEqual([]);
    await shot('7-replayed-callback-en');

    // a replay of another login's answer, from a browser that asks for Arabic
    const other = new URL(replay);
    other.searchParams.set('state', 'a-state-this-server-never-gave');
    await page.setExtraHTTPHeaders({ 'accept-language': 'ar' });
    const ar = await page.goto(other.href);
    expect(ar?.status()).toBe(400);
    expect(await page.getAttribute('html', 'dir')).toBe('rtl');
    expect(await page.textContent('#login-error')).toContain('استُخدم رد تسجيل الدخول هذا من قبل');
    await shot('8-replayed-callback-ar');
    await page.setExtraHTTPHeaders({});
  });
  it('offers to keep the session before it ends, and the choices stay (no time limit on marking)', async () => {
    await context.clearCookies();
    await page.clock.install();
    await page.goto(`${bench.base}/vote/e1`);
    await page.click('#login-button');
    await page.waitForURL((u) => u.href.startsWith(bench.idp.issuer), { timeout: 20_000 });
    await page.fill('input[name=login]', 'voter-2');
    await page.fill('input[name=password]', 'any');
    await page.click('button[type=submit]');
    await page.waitForSelector('html[data-ready=true]', { timeout: 20_000 });
    await page.check('#c0-o3');
    await page.clock.fastForward('13:30');
    await page.waitForSelector('#stay-button', { timeout: 10_000 });
    expect(await page.textContent('#session-ending')).toContain('Your eID session ends at');
    expect(await axeOf(page)).toEqual([]);
    await shot('9-session-ending');
    const kept = page.waitForResponse(
      (r) => r.url().includes('/auth/oidc/session') && r.request().method() === 'POST',
    );
    await page.click('#stay-button');
    expect((await kept).status()).toBe(200);
    await page.waitForSelector('#stay-button', { state: 'detached', timeout: 10_000 });
    expect(await page.isVisible('#logged-in')).toBe(true);
    expect(await page.isChecked('#c0-o3')).toBe(true);
    await page.fill('#credential', el.codes.get('voter-2')!);
    await page.click('#cast');
    await page.waitForSelector('#receipt:not([hidden])', { timeout: 30_000 });
    expect(await page.getAttribute('#receipt-check', 'data-ok')).toBe('true');
  });
});
