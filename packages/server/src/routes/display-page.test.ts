/**
 * The results display's routes (spec/server-api.md §12.5) without a browser: the page in the
 * chosen language with its strict Content-Security-Policy, a 404 page naming the unknown
 * election, the script and style sheet with their ETags (304 on a match).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../app.js';
import { DISPLAY_PAGE_CSP } from '../display/display-page-html.js';
import { injectCall, setUpElection } from '../testing/local-election.js';

const ADMIN = 'evd_display-routes-admin';

describe('GET /display/:electionId', () => {
  let app: Awaited<ReturnType<typeof buildApp>>;
  beforeAll(async () => {
    app = await buildApp({ adminToken: ADMIN, rateLimit: false });
    await setUpElection(injectCall(app), ADMIN, { id: 'e1', voters: 1 });
  });
  afterAll(async () => app.close());

  it('serves the page with a strict CSP, in English or French', async () => {
    const r = await app.inject({ method: 'GET', url: '/display/e1' });
    expect(r.statusCode).toBe(200);
    expect(r.headers['content-type']).toContain('text/html');
    expect(r.headers['content-security-policy']).toBe(DISPLAY_PAGE_CSP);
    expect(DISPLAY_PAGE_CSP).toContain("script-src 'self'");
    expect(DISPLAY_PAGE_CSP).not.toContain('unsafe-inline');
    expect(r.body).toContain('<html lang="en">');
    expect(r.body).toContain('data-election="e1"');
    expect(r.body).toContain('aria-live="polite"');
    const fr = await app.inject({ method: 'GET', url: '/display/e1?lang=fr' });
    expect(fr.body).toContain('<html lang="fr">');
    expect(fr.body).toContain('Résultats de l’élection');
  });

  it('answers 404 with a page for an unknown election', async () => {
    const r = await app.inject({ method: 'GET', url: '/display/nope' });
    expect(r.statusCode).toBe(404);
    expect(r.headers['content-type']).toContain('text/html');
    expect(r.headers['content-security-policy']).toBe(DISPLAY_PAGE_CSP);
  });

  it('serves the script and the style sheet, 304 on a matching ETag', async () => {
    const js = await app.inject({ method: 'GET', url: '/display/assets/display.js' });
    expect(js.statusCode).toBe(200);
    expect(js.headers['content-type']).toContain('text/javascript');
    expect(js.body).toContain('EventSource');
    const again = await app.inject({
      method: 'GET',
      url: '/display/assets/display.js',
      headers: { 'if-none-match': String(js.headers.etag) },
    });
    expect(again.statusCode).toBe(304);
    const css = await app.inject({ method: 'GET', url: '/display/assets/display.css' });
    expect(css.statusCode).toBe(200);
    expect(css.body).toContain('.bar-paper');
    const css304 = await app.inject({
      method: 'GET',
      url: '/display/assets/display.css',
      headers: { 'if-none-match': String(css.headers.etag) },
    });
    expect(css304.statusCode).toBe(304);
  });
});
