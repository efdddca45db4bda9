/**
 * Rate limiting behind a reverse proxy (spec/server-api.md §3, §8): with `trustProxy` naming the
 * proxy, the limiter keys on the client's address from X-Forwarded-For; without it, on the
 * connection's address, and X-Forwarded-For is ignored (a client cannot choose its key).
 */
import { afterEach, describe, expect, it } from 'vitest';
import { buildApp } from './app.js';

type App = Awaited<ReturnType<typeof buildApp>>;

describe('rate limiting and trustProxy', () => {
  let app: App | undefined;
  afterEach(async () => app?.close());

  const get = (a: App, client: string, proxy = '10.0.0.7') =>
    a.inject({
      method: 'GET',
      url: '/openapi.json',
      remoteAddress: proxy,
      headers: { 'x-forwarded-for': client },
    });

  it('behind a trusted proxy: one limit per client address', async () => {
    app = await buildApp({ rateLimit: { max: 2, timeWindow: 60_000 }, trustProxy: ['10.0.0.7'] });
    expect((await get(app, '203.0.113.1')).statusCode).toBe(200);
    expect((await get(app, '203.0.113.1')).statusCode).toBe(200);
    const limited = await get(app, '203.0.113.1');
    expect(limited.statusCode).toBe(429);
    expect(JSON.parse(limited.body).code).toBe('EVD_ERR_RATE_LIMITED');
    // when to come back (clients such as the demo's wait that long and send again)
    expect(Number(limited.headers['retry-after'])).toBeGreaterThan(0);
    // another client behind the same proxy has its own limit
    expect((await get(app, '203.0.113.2')).statusCode).toBe(200);
    // a CIDR works the same way
    await app.close();
    app = await buildApp({ rateLimit: { max: 1, timeWindow: 60_000 }, trustProxy: ['10.0.0.0/8'] });
    expect((await get(app, '198.51.100.1')).statusCode).toBe(200);
    expect((await get(app, '198.51.100.2')).statusCode).toBe(200);
    expect((await get(app, '198.51.100.1')).statusCode).toBe(429);
  });

  it('by default X-Forwarded-For is not trusted: the connection address is the key', async () => {
    app = await buildApp({ rateLimit: { max: 2, timeWindow: 60_000 } });
    expect((await get(app, '203.0.113.1')).statusCode).toBe(200);
    expect((await get(app, '203.0.113.2')).statusCode).toBe(200);
    expect((await get(app, '203.0.113.3')).statusCode).toBe(429);
  });

  it('an untrusted proxy address does not make X-Forwarded-For trusted', async () => {
    app = await buildApp({ rateLimit: { max: 1, timeWindow: 60_000 }, trustProxy: ['10.0.0.7'] });
    expect((await get(app, '203.0.113.1', '10.0.0.8')).statusCode).toBe(200);
    expect((await get(app, '203.0.113.2', '10.0.0.8')).statusCode).toBe(429);
  });
});
