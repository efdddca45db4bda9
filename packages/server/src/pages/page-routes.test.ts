/**
 * The public pages' routes (pages/page-routes.ts; the results display, spec/server-api.md §12.5,
 * and the tracker page, §12.6) without a browser: the page in the chosen language with its strict
 * Content-Security-Policy, a 404 page for an unknown election, the script and style sheet with
 * their ETags (304 on a match).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../app.js';
import { DISPLAY_PAGE_CSP } from '../display/display-page-html.js';
import { TRACKER_PAGE_CSP } from '../tracker/tracker-page-html.js';
import { injectCall, setUpElection } from '../testing/local-election.js';

const ADMIN = 'evd_page-routes-admin';

const PAGES = [
  {
    prefix: '/display',
    name: 'display',
    csp: DISPLAY_PAGE_CSP,
    french: 'Résultats de l’élection',
    arabic: 'نتائج الانتخاب',
    inPage: ['aria-live="polite"'],
    inScript: 'EventSource',
    inStyle: '.bar-paper',
  },
  {
    prefix: '/track',
    name: 'tracker',
    csp: TRACKER_PAGE_CSP,
    french: 'Suivre votre bulletin',
    arabic: 'تتبّع بطاقة اقتراعك',
    inPage: ['aria-live="polite"', '<label for="code">', '<label for="key">'],
    inScript: 'consistency',
    inStyle: '.verdict',
  },
];

describe.each(PAGES)('GET $prefix/:electionId', (p) => {
  let app: Awaited<ReturnType<typeof buildApp>>;
  beforeAll(async () => {
    app = await buildApp({ adminToken: ADMIN, rateLimit: false });
    await setUpElection(injectCall(app), ADMIN, { id: 'e1', voters: 1 });
  });
  afterAll(async () => app.close());
  const get = (url: string, etag?: unknown) =>
    app.inject({ method: 'GET', url, ...(etag ? { headers: { 'if-none-match': String(etag) } } : {}) });

  it('serves the page with a strict CSP, in English, French or Arabic', async () => {
    const r = await get(`${p.prefix}/e1`);
    expect(r.statusCode).toBe(200);
    expect(r.headers['content-type']).toContain('text/html');
    expect(r.headers['content-security-policy']).toBe(p.csp);
    expect(p.csp).toContain("script-src 'self'");
    expect(p.csp).not.toContain('unsafe-inline');
    expect(r.body).toContain('<html lang="en" dir="ltr">');
    expect(r.body).toContain('data-election="e1"');
    for (const s of p.inPage) expect(r.body).toContain(s);
    const fr = await get(`${p.prefix}/e1?lang=fr`);
    expect(fr.body).toContain('<html lang="fr" dir="ltr">');
    expect(fr.body).toContain(p.french);
    const ar = await get(`${p.prefix}/e1?lang=ar`);
    expect(ar.body).toContain('<html lang="ar" dir="rtl">');
    expect(ar.body).toContain(p.arabic);
  });

  it('chooses ?lang= first, then Accept-Language, then English, and says it varies', async () => {
    const ask = (url: string, accept: string) =>
      app.inject({ method: 'GET', url, headers: { 'accept-language': accept } });
    const byHeader = await ask(`${p.prefix}/e1`, 'de-CH, ar;q=0.9, fr;q=0.8');
    expect(byHeader.body).toContain('<html lang="ar" dir="rtl">');
    expect(byHeader.headers.vary).toContain('accept-language');
    expect((await ask(`${p.prefix}/e1?lang=fr`, 'ar')).body).toContain('<html lang="fr" dir="ltr">');
    expect((await ask(`${p.prefix}/e1?lang=xx`, 'de')).body).toContain('<html lang="en" dir="ltr">');
  });

  it('has one switcher: every language named in itself, the current one marked', async () => {
    const r = await get(`${p.prefix}/e1?lang=ar`);
    expect(r.body.match(/<nav class="langs"/g)).toHaveLength(1);
    expect(r.body).toContain('<a href="?lang=en" hreflang="en" lang="en" dir="ltr">English</a>');
    expect(r.body).toContain('<a href="?lang=fr" hreflang="fr" lang="fr" dir="ltr">Français</a>');
    expect(r.body).toContain(
      '<a href="?lang=ar" hreflang="ar" lang="ar" dir="rtl" aria-current="true">العربية</a>',
    );
  });

  it('answers 404 with a page for an unknown election', async () => {
    const r = await get(`${p.prefix}/nope`);
    expect(r.statusCode).toBe(404);
    expect(r.headers['content-type']).toContain('text/html');
    expect(r.headers['content-security-policy']).toBe(p.csp);
    const ar = await get(`${p.prefix}/nope?lang=ar`);
    expect(ar.body).toContain('<html lang="ar" dir="rtl">');
    expect(ar.body).toContain(p.arabic);
  });

  it('serves the script and the style sheet, 304 on a matching ETag', async () => {
    const js = await get(`${p.prefix}/assets/${p.name}.js`);
    expect(js.statusCode).toBe(200);
    expect(js.headers['content-type']).toContain('text/javascript');
    expect(js.body).toContain(p.inScript);
    expect((await get(`${p.prefix}/assets/${p.name}.js`, js.headers.etag)).statusCode).toBe(304);
    const css = await get(`${p.prefix}/assets/${p.name}.css`);
    expect(css.statusCode).toBe(200);
    expect(css.body).toContain(p.inStyle);
    expect((await get(`${p.prefix}/assets/${p.name}.css`, css.headers.etag)).statusCode).toBe(304);
  });
});
