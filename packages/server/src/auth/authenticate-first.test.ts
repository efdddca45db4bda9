/**
 * Authentication before the body (spec/server-api.md §10): an unauthenticated request to any
 * administrator or trustee route is refused with 401 before its body is read — over
 * `inject` for every such route, and over a real socket with a 50 MB body, which the server
 * never reads. A role check registered after `onRequest` is refused at registration.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../app.js';
import { postLarge, targetOf } from '../testing/dos-probes.js';
import { injectCall, mustCall } from '../testing/local-election.js';
import { requireRole } from './roles.js';

const ADMIN = 'evd_auth-first-admin-token';
const MB = 2 ** 20;

/** A URL of a route pattern, with made-up parameters. */
const urlOf = (pattern: string): string =>
  pattern
    .replace(':electionId', 'e1')
    .replace(':kind', 'tally')
    .replace(':contestId', 'mayor')
    .replace(':tokenId', 'no-such-token')
    .replace(':credential', '00');

describe('authentication before the body', () => {
  let app: Awaited<ReturnType<typeof buildApp>>;
  let base: string;
  let trusteeToken: string;

  beforeAll(async () => {
    app = await buildApp({ adminToken: ADMIN, rateLimit: false, limits: { trusteeBody: 4 * MB } });
    const must = mustCall(injectCall(app), ADMIN);
    trusteeToken = (await must('POST', '/admin/tokens', { role: 'trustee', label: 'g1', guardian: 1 })).token;
    base = await app.listen({ port: 0, host: '127.0.0.1' });
  });
  afterAll(async () => app.close());

  it('knows every administrator and trustee route, the three trustee uploads among them', () => {
    const routes = app.evident.authenticatedRoutes.map((r) => `${r.method} ${r.url}`);
    expect(routes).toEqual(
      expect.arrayContaining([
        'POST /elections/:electionId/decryption/:kind/partials',
        'POST /elections/:electionId/decryption/:kind/responses',
        'POST /elections/:electionId/ranked/:contestId/mix',
        'POST /elections',
        'POST /admin/tokens',
        'GET /metrics',
      ]),
    );
    expect(routes.length).toBeGreaterThanOrEqual(15);
  });

  it('answers 401 to every authenticated route before reading a body over its limit', async () => {
    // 9 MiB of broken JSON: over every route's limit here, and not JSON — if the body were read
    // first, the answer would be 413 or 400
    const payload = '{' + 'x'.repeat(9 * MB);
    for (const r of app.evident.authenticatedRoutes) {
      if (r.method === 'GET' || r.method === 'HEAD') continue;
      for (const authorization of [undefined, 'Bearer evd_wrong-token']) {
        const res = await app.inject({
          method: r.method as 'POST',
          url: urlOf(r.url),
          payload,
          headers: { 'content-type': 'application/json', ...(authorization ? { authorization } : {}) },
        });
        expect([r.url, res.statusCode, res.json().code]).toEqual([r.url, 401, 'EVD_ERR_UNAUTHENTICATED']);
        expect(res.headers.connection).toBe('close');
      }
    }
  });

  it('refuses 50 MB unauthenticated uploads over a socket without reading them', async () => {
    const t = targetOf(base);
    const paths = [
      '/elections/e1/decryption/tally/partials',
      '/elections/e1/decryption/tally/responses',
      '/elections/e1/ranked/mayor/mix',
    ];
    const results = await Promise.all(
      paths.flatMap((p) => [
        postLarge(t, p, 50 * MB),
        postLarge(t, p, 50 * MB, { authorization: 'Bearer evd_not-a-token' }),
      ]),
    );
    for (const r of results) {
      expect(r.status).toBe(401);
      expect(r.code).toBe('EVD_ERR_UNAUTHENTICATED');
      // the server closed the connection: the client could not send the whole body
      expect(r.sent).toBeLessThan(50 * MB);
    }
  });

  it('refuses a trustee upload over the trustee limit with 413 once authenticated', async () => {
    const r = await postLarge(targetOf(base), '/elections/e1/decryption/tally/partials', 5 * MB, {
      authorization: `Bearer ${trusteeToken}`,
    });
    expect(r.status).toBe(413);
    expect(r.code).toBe('EVD_ERR_BODY_TOO_LARGE');
  });

  it('refuses to register a route whose role check runs after onRequest', async () => {
    const other = await buildApp({ rateLimit: false });
    try {
      expect(() =>
        other.post('/late', { preHandler: requireRole(other.evident.store) }, async () => ({})),
      ).toThrow(/onRequest/);
      expect(() =>
        other.post(
          '/late2',
          { preValidation: [requireRole(other.evident.store, 'trustee')] },
          async () => ({}),
        ),
      ).toThrow(/onRequest/);
    } finally {
      await other.close();
    }
  });
});
