/**
 * The voter page's routes (inject): the HTML in English and French (unknown languages fall back
 * to English, markup escaped), a 404 page for an unknown election, the policy headers, the
 * bundle (built from the sources, no Node built-ins, with an ETag) and the style sheet.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../app.js';
import { setUpElection } from '../testing/local-election.js';

const ADMIN = 'evd_voter-page';

describe('voter page routes', () => {
  let app: Awaited<ReturnType<typeof buildApp>>;
  const get = (url: string, headers: Record<string, string> = {}) =>
    app.inject({ method: 'GET', url, headers });

  beforeAll(async () => {
    app = await buildApp({ adminToken: ADMIN, rateLimit: false });
    const call = async (method: string, url: string, body?: unknown, token?: string) => {
      const r = await app.inject({
        method: method as 'GET',
        url,
        ...(body !== undefined ? { payload: body as object } : {}),
        headers: token ? { authorization: `Bearer ${token}` } : {},
      });
      return { status: r.statusCode, json: r.body ? JSON.parse(r.body) : undefined };
    };
    await setUpElection(call, ADMIN, { voters: 1 });
  });
  afterAll(async () => app.close());

  it('serves the page in English by default, in French with ?lang=fr, Arabic with ?lang=ar, English for anything else', async () => {
    const en = await get('/vote/e1');
    expect(en.statusCode).toBe(200);
    expect(en.headers['content-type']).toMatch(/^text\/html/);
    expect(en.body).toContain('<html lang="en" dir="ltr">');
    expect(en.body).toContain('data-election="e1"');
    expect(en.body).toContain('<label for="credential">Credential code</label>');
    const fr = await get('/vote/e1?lang=fr');
    expect(fr.body).toContain('<html lang="fr" dir="ltr">');
    expect(fr.body).toContain('Code de vote');
    const ar = await get('/vote/e1?lang=ar');
    expect(ar.body).toContain('<html lang="ar" dir="rtl">');
    expect(ar.body).toContain('<label for="credential">رمز الاعتماد</label>');
    expect(ar.body).toContain('<code id="tracking-code" dir="ltr">');
    for (const q of ['?lang=xx', '?lang=%3Cscript%3E', '?lang=constructor', '?lang=']) {
      const r = await get(`/vote/e1${q}`);
      expect(r.statusCode).toBe(200);
      expect(r.body).toContain('<html lang="en" dir="ltr">');
    }
  });

  it('without ?lang=, speaks the first of the browser’s languages it knows', async () => {
    const r = await app.inject({
      method: 'GET',
      url: '/vote/e1',
      headers: { 'accept-language': 'de, ar;q=0.8, fr;q=0.5' },
    });
    expect(r.body).toContain('<html lang="ar" dir="rtl">');
    expect(r.headers.vary).toContain('accept-language');
  });

  it('keeps the credential field out of any form submission and sets a strict policy', async () => {
    const r = await get('/vote/e1');
    const input = /<input id="credential"[^>]*>/.exec(r.body)![0];
    expect(input).not.toMatch(/\bname=/);
    expect(r.body).not.toMatch(/<form[^>]*action=/);
    const csp = r.headers['content-security-policy'] as string;
    expect(csp).toContain("form-action 'none'");
    expect(csp).toContain("connect-src 'self'");
    expect(csp).toContain("script-src 'self' 'wasm-unsafe-eval'");
    expect(r.headers['referrer-policy']).toBe('no-referrer');
  });

  it('answers 404 with a page for an unknown election, 400 for a malformed id', async () => {
    const r = await get('/vote/nope?lang=fr');
    expect(r.statusCode).toBe(404);
    expect(r.body).toContain('<html lang="fr" dir="ltr">');
    expect(r.body).toContain('no election');
    expect((await get('/vote/%3Cb%3E')).statusCode).toBe(400);
  });

  it('serves the bundle (browser code only) with an ETag, and the style sheet', async () => {
    const js = await get('/vote/assets/voter.js');
    expect(js.statusCode).toBe(200);
    expect(js.headers['content-type']).toMatch(/^text\/javascript/);
    expect(js.body.length).toBeGreaterThan(20_000);
    expect(js.body).not.toMatch(/["']node:|require\(["']fs["']\)/);
    const etag = js.headers.etag as string;
    expect((await get('/vote/assets/voter.js', { 'if-none-match': etag })).statusCode).toBe(304);
    const css = await get('/vote/assets/voter.css');
    expect(css.statusCode).toBe(200);
    expect(css.headers['content-type']).toMatch(/^text\/css/);
    expect(css.body).toContain(':focus-visible');
  });
});
