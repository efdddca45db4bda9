/**
 * Event-stream caps and back-pressure (spec/server-api.md §10): idle clients over the cap per
 * address get 429, over the global cap 503, over real sockets; a client that does not read is
 * dropped once its unsent bytes pass the bound (a real socket pair), and counted in metrics.
 */
import { createServer, connect, type Server, type Socket } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../app.js';
import { openIdleStreams, targetOf } from '../testing/dos-probes.js';
import { injectCall, setUpElection } from '../testing/local-election.js';
import { streamGate } from './stream-gate.js';

const ADMIN = 'evd_stream-gate-admin';
const STREAM = '/elections/e1/results/stream';

describe('event-stream caps over real sockets', () => {
  const apps: Awaited<ReturnType<typeof buildApp>>[] = [];
  const start = async (limits: { streamsMax?: number; streamsPerAddress?: number }) => {
    const app = await buildApp({ adminToken: ADMIN, rateLimit: false, limits });
    apps.push(app);
    await setUpElection(injectCall(app), ADMIN, { id: 'e1', voters: 1 });
    return { app, t: targetOf(await app.listen({ port: 0, host: '127.0.0.1' })) };
  };
  afterAll(async () => {
    for (const a of apps) await a.close();
  });

  it('admits streamsPerAddress idle clients from one address and refuses the rest with 429', async () => {
    const { app, t } = await start({ streamsPerAddress: 5 });
    const s = await openIdleStreams(t, STREAM, 12);
    try {
      expect(s.statuses).toEqual({ '200': 5, '429': 7 });
      expect(s.codes).toEqual({ EVD_ERR_TOO_MANY_STREAMS: 7 });
      expect(app.evident.streams.stats).toMatchObject({ open: 5, refused: 7 });
      const m = await injectCall(app)('GET', '/metrics', undefined, ADMIN);
      expect(m.json.streams).toEqual({ open: 5, refused: 7, dropped: 0 });
    } finally {
      s.close();
    }
    // closed streams give their places back
    await new Promise((r) => setTimeout(r, 200));
    expect(app.evident.streams.stats.open).toBe(0);
    const again = await openIdleStreams(t, STREAM, 5);
    again.close();
    expect(again.statuses).toEqual({ '200': 5 });
  });

  it('refuses clients over the global cap with 503', async () => {
    const { t } = await start({ streamsMax: 3, streamsPerAddress: 100 });
    const s = await openIdleStreams(t, STREAM, 7);
    s.close();
    expect(s.statuses).toEqual({ '200': 3, '503': 4 });
    expect(s.codes).toEqual({ EVD_ERR_STREAMS_FULL: 4 });
  });
});

describe('back-pressure on a stream that is not read', () => {
  let server: Server;
  let client: Socket;
  let serverSide: Socket;

  beforeAll(async () => {
    server = createServer();
    const accepted = new Promise<Socket>((r) => server.once('connection', r));
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const { port } = server.address() as { port: number };
    client = connect(port, '127.0.0.1');
    client.pause(); // never reads
    serverSide = await accepted;
  });
  afterAll(async () => {
    client.destroy();
    await new Promise((r) => server.close(r));
  });

  it('drops the client once its unsent bytes pass the bound, and counts it', async () => {
    const gate = streamGate({ streamsMax: 10, streamsPerAddress: 10, streamBuffer: 256 * 1024 });
    const frame = 'data: ' + 'x'.repeat(64 * 1024) + '\n\n';
    const closed = new Promise((r) => serverSide.once('close', r));
    let writes = 0;
    // the kernel's buffers take some megabytes; then the bytes stay in the process
    while (gate.write(serverSide, frame) && writes < 20_000) {
      writes++;
      if (writes % 16 === 0) await new Promise((r) => setImmediate(r));
    }
    expect(writes).toBeLessThan(20_000);
    expect(serverSide.destroyed).toBe(true);
    expect(gate.stats.dropped).toBe(1);
    await closed;
    // a dropped stream takes no more frames
    expect(gate.write(serverSide, frame)).toBe(false);
    expect(gate.stats.dropped).toBe(1);
  });

  it('keeps a client whose unsent bytes stay under the bound', () => {
    const gate = streamGate({ streamsMax: 10, streamsPerAddress: 10, streamBuffer: 1024 });
    const written: string[] = [];
    const sink = {
      writableLength: 1024,
      destroyed: false,
      write: (s: string) => !!written.push(s),
      destroy() {},
    };
    expect(gate.write(sink, 'a')).toBe(true);
    expect(gate.write({ ...sink, writableLength: 1025 }, 'b')).toBe(false);
    expect(written).toEqual(['a']);
    expect(gate.stats.dropped).toBe(1);
  });

  it('releases a place once, however often release is called', () => {
    const gate = streamGate({ streamsMax: 2, streamsPerAddress: 1, streamBuffer: 1 });
    const r1 = gate.admit('a');
    expect(() => gate.admit('a')).toThrow(expect.objectContaining({ code: 'EVD_ERR_TOO_MANY_STREAMS' }));
    gate.admit('b');
    expect(() => gate.admit('c')).toThrow(expect.objectContaining({ code: 'EVD_ERR_STREAMS_FULL' }));
    r1();
    r1();
    expect(gate.stats.open).toBe(1);
    gate.admit('a');
    expect(() => gate.admit('d')).toThrow(expect.objectContaining({ code: 'EVD_ERR_STREAMS_FULL' }));
    expect(gate.stats.refused).toBe(3);
  });
});
