/**
 * Fuzzing every route with fast-check (spec/server-api.md §2): malformed JSON, wrong types,
 * huge bodies, invalid group elements, bad signatures, wrong election, wrong phase. Every answer
 * is a 4xx with an `EVD_ERR_…` code, never a 5xx, and nothing is written to any board.
 */
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from './app.js';
import { injectCall, nextSubmission, setUpElection, type LocalElection } from './testing/local-election.js';
import type { BallotSubmission } from './verify/ballot-check.js';

const ADMIN = 'evd_fuzz-admin';
type App = Awaited<ReturnType<typeof buildApp>>;

const ROUTES: { method: 'GET' | 'POST' | 'PUT' | 'DELETE'; url: string; admin?: boolean }[] = [
  { method: 'POST', url: '/elections', admin: true },
  { method: 'POST', url: '/elections/e1/key-ceremony', admin: true },
  { method: 'POST', url: '/elections/e1/credentials', admin: true },
  { method: 'POST', url: '/elections/e1/open', admin: true },
  { method: 'PUT', url: '/elections/e1/schedule', admin: true },
  { method: 'POST', url: '/elections/e1/ballots' },
  { method: 'POST', url: '/elections/e1/challenges' },
  { method: 'POST', url: '/elections/closed1/ballots' },
  { method: 'POST', url: '/elections/nope/ballots' },
  { method: 'POST', url: '/admin/tokens', admin: true },
  { method: 'DELETE', url: '/admin/tokens/xyz', admin: true },
  { method: 'GET', url: '/elections/e1/board/inclusion' },
  { method: 'GET', url: '/elections/e1/board/consistency' },
  { method: 'GET', url: '/elections/e1/board/entries' },
  { method: 'GET', url: '/elections/e1/chains/zz' },
  { method: 'GET', url: '/elections/e1/ballots/zz' },
  { method: 'POST', url: '/elections/e1/tally', admin: true },
  { method: 'POST', url: '/elections/e1/decryption/tally/partials', admin: true },
  { method: 'POST', url: '/elections/e1/decryption/challenged-ballots/responses', admin: true },
  { method: 'POST', url: '/elections/e1/decryption/challenge', admin: true },
  { method: 'POST', url: '/elections/e1/decryption/restart', admin: true },
  { method: 'GET', url: '/elections/e1/decryption/tally/request' },
  { method: 'GET', url: '/elections/e1/decryption/zz/challenge' },
  { method: 'GET', url: '/elections/nope/results' },
  { method: 'PUT', url: '/elections/e1/printing-key', admin: true },
  { method: 'PUT', url: '/elections/e1/stations/p1/key', admin: true },
  { method: 'POST', url: '/elections/e1/roll', admin: true },
  { method: 'GET', url: '/elections/e1/stations/p1/bundle' },
  { method: 'POST', url: '/elections/e1/stations/p1/check-ins', admin: true },
  { method: 'GET', url: '/elections/e1/stations/duplicates' },
  { method: 'POST', url: '/elections/e1/stations/p1/poll-book/close', admin: true },
  { method: 'POST', url: '/elections/e1/stations/p1/exclusion', admin: true },
  { method: 'POST', url: '/elections/e1/stations/nowhere/check-ins', admin: true },
];

describe('fuzzing every route', () => {
  let app: App;
  let el: LocalElection;
  let valid: BallotSubmission;
  let sizes: () => Promise<string>;

  beforeAll(async () => {
    app = await buildApp({ adminToken: ADMIN, rateLimit: false });
    const call = injectCall(app);
    el = await setUpElection(call, ADMIN, { voters: 3 });
    await setUpElection(call, ADMIN, { id: 'closed1', voters: 1 });
    await call('POST', '/elections/closed1/close', undefined, ADMIN);
    valid = (await nextSubmission(call, el, 'voter-1', 'o1')).sub;
    sizes = async () => {
      const all = await app.evident.store.listElections();
      return JSON.stringify(
        await Promise.all(
          all.map(async (e) => [
            e.id,
            app.evident.logs.get(e.id)!.size,
            e.state,
            await app.evident.store.ballotCounts(e.id),
          ]),
        ),
      );
    };
  });
  afterAll(async () => app.close());

  const check = async (
    method: string,
    url: string,
    payload: string | undefined,
    token?: string,
    contentType = 'application/json',
  ) => {
    const r = await app.inject({
      method: method as 'GET',
      url,
      ...(payload !== undefined ? { payload } : {}),
      headers: {
        ...(payload !== undefined ? { 'content-type': contentType } : {}),
        ...(token ? { authorization: `Bearer ${token}` } : {}),
      },
    });
    expect(r.statusCode, `${method} ${url} ${payload?.slice(0, 200)} → ${r.body}`).toBeGreaterThanOrEqual(
      400,
    );
    expect(r.statusCode, r.body).toBeLessThan(500);
    expect(JSON.parse(r.body).code).toMatch(/^EVD_ERR_[A-Z_]+$/);
  };

  it('answers arbitrary JSON bodies and query strings with coded 4xx, writing nothing', async () => {
    const before = await sizes();
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(...ROUTES),
        fc.oneof(
          fc.jsonValue({ maxDepth: 4 }).map((v) => JSON.stringify(v)),
          fc.string({ maxLength: 200 }),
          fc.constantFrom('{', '{"ballot":', '[]', 'null', '{"ballot":{}}', '\u0000', ''),
        ),
        fc.boolean(),
        fc.string({ maxLength: 30 }),
        async (route, body, auth, query) => {
          const url =
            route.url +
            (route.method === 'GET'
              ? `?${encodeURIComponent(query)}=${encodeURIComponent(body.slice(0, 20))}`
              : '');
          const payload = route.method === 'GET' ? undefined : body;
          if (route.method === 'GET' && route.url.includes('/board/entries') && query === '') return; // a valid read
          await check(route.method, url, payload, route.admin && auth ? ADMIN : undefined);
        },
      ),
      { numRuns: 300 },
    );
    expect(await sizes()).toBe(before);
  });

  it('refuses mutated ballots: invalid elements, bad proofs and signatures, wrong election and phase', async () => {
    const before = await sizes();
    const hexPaths: string[][] = [];
    const walk = (v: unknown, path: string[]) => {
      if (typeof v === 'string' && /^[0-9A-F]{16,}$/.test(v)) hexPaths.push(path);
      else if (v && typeof v === 'object') for (const [k, x] of Object.entries(v)) walk(x, [...path, k]);
    };
    walk(valid, []);
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(...hexPaths),
        fc.nat(),
        fc.constantFrom('flip', 'ff', 'short', 'long', 'zero', 'lower'),
        fc.constantFrom(
          '/elections/e1/ballots',
          '/elections/e1/challenges',
          '/elections/closed1/ballots',
          '/elections/nope/ballots',
        ),
        async (path, pos, how, url) => {
          const b = structuredClone(valid) as unknown as Record<string, unknown>;
          let o = b as Record<string, unknown>;
          for (const k of path.slice(0, -1)) o = o[k] as Record<string, unknown>;
          const key = path[path.length - 1]!;
          const s = o[key] as string;
          const i = pos % s.length;
          o[key] =
            how === 'flip'
              ? s.slice(0, i) + (s[i] === '0' ? '1' : '0') + s.slice(i + 1)
              : how === 'ff'
                ? 'FF'.repeat(s.length / 2)
                : how === 'short'
                  ? s.slice(2)
                  : how === 'long'
                    ? s + '00'
                    : how === 'zero'
                      ? '00'.repeat(s.length / 2)
                      : s.toLowerCase() === s
                        ? s.toUpperCase() + 'X'
                        : s.slice(0, -1) + 'G';
          await check('POST', url, JSON.stringify({ ballot: b }));
        },
      ),
      { numRuns: 150 },
    );
    expect(await sizes()).toBe(before);
  });

  it('refuses bodies over the limit and non-JSON media types', async () => {
    const before = await sizes();
    await check(
      'POST',
      '/elections/e1/ballots',
      JSON.stringify({ ballot: valid, pad: 'x'.repeat(2 * 1024 * 1024) }),
    );
    await check('POST', '/elections/e1/ballots', 'ballot=1', undefined, 'application/x-www-form-urlencoded');
    await check('POST', '/elections/e1/ballots', JSON.stringify({ ballot: { ...valid, extra: 1 } }));
    expect(await sizes()).toBe(before);
  });
});
