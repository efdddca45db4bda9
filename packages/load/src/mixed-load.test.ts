/** The open-loop generator of the mixed peak, against a plain node:http server. */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runMixed } from './mixed-load.js';

describe('runMixed', () => {
  let server: Server;
  let base: string;
  const posted: string[] = [];

  beforeAll(async () => {
    server = createServer((req, res) => {
      let body = '';
      req.on('data', (d: Buffer) => (body += d.toString()));
      req.on('end', () => {
        if (req.method === 'POST') posted.push(body);
        if (req.url === '/slow') return void setTimeout(() => res.end('{}'), 300);
        const text = '{"ok":true}';
        res.writeHead(req.url === '/missing' ? 404 : 200, {
          'content-type': 'application/json',
          'content-length': text.length,
        });
        res.end(text);
      });
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    server.closeAllConnections();
    await new Promise((r) => server.close(r));
  });

  it('offers each kind at its rate, sends each body once, and counts failures per kind', async () => {
    const bodies = Array.from({ length: 30 }, (_, i) => JSON.stringify({ i }));
    const r = await runMixed({
      bases: [base],
      seconds: 1,
      kinds: [
        { name: 'get', rate: 200, method: 'GET', paths: ['/a', '/b'] },
        { name: 'post', rate: 100, method: 'POST', paths: ['/p'], bodies },
        { name: 'missing', rate: 20, method: 'GET', paths: ['/missing'] },
      ],
    });
    const [get, post, missing] = r.kinds;
    expect(get).toMatchObject({ scheduled: 200, ok: 200, failures: 0, shed: 0 });
    expect(get!.latenciesMs).toHaveLength(200);
    expect(get!.latencyMs.p99).toBeGreaterThanOrEqual(get!.latencyMs.p50);
    // 100/s for 1 s, but only 30 bodies: each sent once (over several connections: in any order)
    expect(post).toMatchObject({ scheduled: 30, ok: 30 });
    expect([...posted].sort()).toEqual([...bodies].sort());
    expect(missing).toMatchObject({ scheduled: 20, ok: 0, failures: 20, statuses: { 404: 20 } });
    expect(r.seconds).toBeGreaterThan(0.9);
  });

  it('sheds what would exceed maxInFlight instead of waiting (open loop)', async () => {
    const r = await runMixed({
      bases: [base],
      seconds: 1,
      maxInFlight: 2,
      kinds: [{ name: 'slow', rate: 50, method: 'GET', paths: ['/slow'] }],
    });
    const k = r.kinds[0]!;
    expect(k.scheduled).toBe(50);
    expect(k.shed).toBeGreaterThan(20);
    expect(k.ok + k.shed).toBe(50);
    // the latency of an answered request includes nothing but its own wait: ≥ the 300 ms the server takes
    expect(k.latencyMs.p50).toBeGreaterThanOrEqual(290);
  });
});
