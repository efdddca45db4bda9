import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { demoHttp } from './processes.js';

let server: Server | undefined;
afterEach(() => new Promise<void>((done) => (server ? server.close(() => done()) : done())));

/** A server that closes the first connection on its first request, unanswered, and answers the rest. */
async function closingOnce(): Promise<{ base: string; requests: () => number }> {
  let n = 0;
  server = createServer((req, res) => {
    n += 1;
    if (n === 1) return req.socket.destroy();
    res.setHeader('content-type', 'application/json');
    res.end(JSON.stringify({ n }));
  });
  await new Promise<void>((r) => server!.listen(0, '127.0.0.1', r));
  return { base: `http://127.0.0.1:${(server!.address() as AddressInfo).port}`, requests: () => n };
}

describe('demoHttp', () => {
  it('sends a request once more when the server closed the connection before answering', async () => {
    const s = await closingOnce();
    await expect(demoHttp(s.base)('POST', '/x', { a: 1 })).resolves.toEqual({ n: 2 });
    expect(s.requests()).toBe(2);
  });

  it('does not resend a request the server answered with an error', async () => {
    server = createServer((_req, res) => {
      res.statusCode = 409;
      res.end(JSON.stringify({ code: 'EVD_ERR_CONFLICT', message: 'again' }));
    });
    await new Promise<void>((r) => server!.listen(0, '127.0.0.1', r));
    const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    await expect(demoHttp(base)('POST', '/x', {})).rejects.toThrow('POST /x: 409 EVD_ERR_CONFLICT again');
  });
});

describe('demoHttp when the server asks to come back later', () => {
  /** A server that answers the first `busy` requests with `status` and `Retry-After: 0`, then 200. */
  async function busyFor(
    busy: number,
    status: number,
    retryAfter = '0',
  ): Promise<{ base: string; requests: () => number }> {
    let n = 0;
    server = createServer((_req, res) => {
      n += 1;
      res.setHeader('content-type', 'application/json');
      if (n <= busy) {
        res.statusCode = status;
        if (retryAfter) res.setHeader('retry-after', retryAfter);
        return res.end(JSON.stringify({ code: 'EVD_ERR_RATE_LIMITED', message: 'later' }));
      }
      res.end(JSON.stringify({ n }));
    });
    await new Promise<void>((r) => server!.listen(0, '127.0.0.1', r));
    return { base: `http://127.0.0.1:${(server!.address() as AddressInfo).port}`, requests: () => n };
  }

  it('waits and sends again after a 429 or a 503 with Retry-After, as a browser client does', async () => {
    const s = await busyFor(3, 429);
    await expect(demoHttp(s.base)('POST', '/x', { a: 1 })).resolves.toEqual({ n: 4 });
    expect(s.requests()).toBe(4);
    const u = await busyFor(1, 503);
    await expect(demoHttp(u.base)('GET', '/y')).resolves.toEqual({ n: 2 });
  });

  it('gives up with the coded error after its bounded number of attempts', async () => {
    const s = await busyFor(1000, 429);
    await expect(demoHttp(s.base)('POST', '/x', {})).rejects.toThrow(
      'POST /x: 429 EVD_ERR_RATE_LIMITED later',
    );
    expect(s.requests()).toBe(20);
  });

  it('does not send again a 429 without Retry-After', async () => {
    const s = await busyFor(1, 429, '');
    await expect(demoHttp(s.base)('POST', '/x', {})).rejects.toThrow('429');
    expect(s.requests()).toBe(1);
  });
});
