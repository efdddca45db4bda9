/**
 * The ballot tracker page's routes (spec/server-api.md §12.6) without a browser: the page in the
 * chosen language with its strict Content-Security-Policy and its labelled form, a 404 page for an
 * unknown election, the script and style sheet with their ETags (304 on a match).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../app.js';
import { TRACKER_PAGE_CSP } from '../tracker/tracker-page-html.js';
import { injectCall, setUpElection } from '../testing/local-election.js';

const ADMIN = 'evd_tracker-routes-admin';

describe('GET /track/:electionId', () => {
  let app: Awaited<ReturnType<typeof buildApp>>;
  beforeAll(async () => {
    app = await buildApp({ adminToken: ADMIN, rateLimit: false });
    await setUpElection(injectCall(app), ADMIN, { id: 'e1', voters: 1 });
  });
  afterAll(async () => app.close());

  it('serves the page with a strict CSP, in English or French', async () => {
    const r = await app.inject({ method: 'GET', url: '/track/e1' });
    expect(r.statusCode).toBe(200);
    expect(r.headers['content-type']).toContain('text/html');
    expect(r.headers['content-security-policy']).toBe(TRACKER_PAGE_CSP);
    expect(TRACKER_PAGE_CSP).not.toContain('unsafe-inline');
    expect(r.body).toContain('<html lang="en">');
    expect(r.body).toContain('data-election="e1"');
    expect(r.body).toContain('<label for="code">');
    expect(r.body).toContain('<label for="key">');
    expect(r.body).toContain('aria-live="polite"');
    const fr = await app.inject({ method: 'GET', url: '/track/e1?lang=fr' });
    expect(fr.body).toContain('<html lang="fr">');
    expect(fr.body).toContain('Suivre votre bulletin');
  });

  it('answers 404 with a page for an unknown election', async () => {
    const r = await app.inject({ method: 'GET', url: '/track/nope' });
    expect(r.statusCode).toBe(404);
    expect(r.headers['content-type']).toContain('text/html');
    expect(r.headers['content-security-policy']).toBe(TRACKER_PAGE_CSP);
  });

  it('serves the script and the style sheet, 304 on a matching ETag', async () => {
    const js = await app.inject({ method: 'GET', url: '/track/assets/tracker.js' });
    expect(js.statusCode).toBe(200);
    expect(js.headers['content-type']).toContain('text/javascript');
    expect(js.body).toContain('consistency');
    const again = await app.inject({
      method: 'GET',
      url: '/track/assets/tracker.js',
      headers: { 'if-none-match': String(js.headers.etag) },
    });
    expect(again.statusCode).toBe(304);
    const css = await app.inject({ method: 'GET', url: '/track/assets/tracker.css' });
    expect(css.statusCode).toBe(200);
    expect(css.body).toContain('.verdict');
    const css304 = await app.inject({
      method: 'GET',
      url: '/track/assets/tracker.css',
      headers: { 'if-none-match': String(css.headers.etag) },
    });
    expect(css304.statusCode).toBe(304);
  });
});
