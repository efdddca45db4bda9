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
