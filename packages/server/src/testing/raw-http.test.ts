/** The load generator's minimal HTTP client against a plain node:http server. */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rawPool, rawRequest } from './raw-http.js';

describe('rawPool', () => {
  let server: Server;
  let port: number;
  const sockets = new Set<unknown>();

  beforeAll(async () => {
    server = createServer((req, res) => {
      sockets.add(req.socket);
      let body = '';
      req.on('data', (d: Buffer) => (body += d.toString()));
      req.on('end', () => {
        if (req.url === '/slow') return; // never answers
        if (req.url === '/close') res.setHeader('connection', 'close');
        const text = JSON.stringify({
          url: req.url,
          body,
          method: req.method,
          ...(req.headers['accept-encoding'] ? { ae: req.headers['accept-encoding'] } : {}),
        });
        res.writeHead(req.url === '/missing' ? 404 : 200, {
          'content-type': 'application/json',
          'content-length': Buffer.byteLength(text),
        });
        res.end(text);
      });
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    port = (server.address() as AddressInfo).port;
  });
  afterAll(async () => {
    server.closeAllConnections();
    await new Promise((r) => server.close(r));
  });

  it('posts bodies and reads statuses and bodies, reusing at most max connections', async () => {
    const pool = rawPool('127.0.0.1', port, 3);
    const bodies = Array.from({ length: 20 }, (_, i) => JSON.stringify({ i, s: 'é'.repeat(i) }));
    const rs = await Promise.all(bodies.map((b) => pool.post('/x', b, 5000)));
    rs.forEach((r, i) => {
      expect(r.status).toBe(200);
      expect(JSON.parse(r.text)).toEqual({ url: '/x', body: bodies[i], method: 'POST' });
    });
    expect(sockets.size).toBeLessThanOrEqual(3);
    expect((await pool.post('/missing', '{}', 5000)).status).toBe(404);
    pool.close();
  });

  it('gives up after the time bound, and survives a server that closes', async () => {
    const pool = rawPool('127.0.0.1', port, 2);
    expect((await pool.post('/slow', '{}', 100)).status).toBe('timeout');
    expect((await pool.post('/close', '{}', 5000)).status).toBe(200);
    expect((await pool.post('/y', '{}', 5000)).status).toBe(200);
    pool.close();
    expect((await pool.post('/y', '{}', 5000)).status).toBe('network');
  });

  it('GETs, and sends requests built beforehand, counting what is pending', async () => {
    const pool = rawPool('127.0.0.1', port, 2);
    const got = pool.get('/g?x=1', 5000);
    expect(pool.pending).toBe(1);
    expect(JSON.parse((await got).text)).toEqual({ url: '/g?x=1', body: '', method: 'GET' });
    expect(pool.pending).toBe(0);
    const req = rawRequest('127.0.0.1', port, 'POST', '/p', '{"a":"é"}');
    const rs = await Promise.all([pool.send(req, 5000), pool.send(req, 5000), pool.send(req, 5000)]);
    for (const r of rs) expect(JSON.parse(r.text)).toEqual({ url: '/p', body: '{"a":"é"}', method: 'POST' });
    const withHeader = rawRequest('127.0.0.1', port, 'GET', '/h', undefined, { 'Accept-Encoding': 'gzip' });
    expect(JSON.parse((await pool.send(withHeader, 5000)).text)).toEqual({
      url: '/h',
      body: '',
      method: 'GET',
      ae: 'gzip',
    });
    pool.close();
  });

  it('reports a refused connection as a network failure', async () => {
    const pool = rawPool('127.0.0.1', 1, 1);
    expect((await pool.post('/x', '{}', 5000)).status).toBe('network');
    pool.close();
  });
});
