import { createServer as createHttpServer } from 'node:http';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { TrusteeError } from './errors.js';
import { fetchJson, fetchToFile } from './server-requests.js';

/** A loopback port with nothing listening on it (taken, then released). */
async function closedPort(): Promise<number> {
  const s = createServer();
  await new Promise<void>((r) => s.listen(0, '127.0.0.1', r));
  const { port } = s.address() as { port: number };
  await new Promise<void>((r) => s.close(() => r()));
  return port;
}

describe('fetchJson transport errors', () => {
  it("names the URL and fetch's cause, not only 'fetch failed'", async () => {
    const url = `http://127.0.0.1:${await closedPort()}/elections/e1/decryption/tally/partials`;
    const err = await fetchJson(url).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(TrusteeError);
    expect((err as TrusteeError).file).toBe(url);
    expect((err as Error).message).toMatch(/cannot reach the server: fetch failed \(ECONNREFUSED/);
  });

  it('sends an idempotent request again when the connection closes under it, not otherwise', async () => {
    let posts = 0;
    const server = createHttpServer((req, res) => {
      posts++;
      if (posts === 1) return req.socket.destroy(); // closed with the request unread
      req.resume();
      req.on('end', () => res.end(JSON.stringify({ again: posts > 2 })));
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const url = `http://127.0.0.1:${(server.address() as { port: number }).port}/partials`;
    const post = { method: 'POST', body: 'x'.repeat(1 << 20) };
    try {
      expect(await fetchJson(url, post, 2)).toEqual({ again: false });
      expect(posts).toBe(2);
      posts = 0;
      const err = await fetchJson(url, post).catch((e: unknown) => e);
      expect((err as Error).message).toMatch(
        /cannot reach the server: fetch failed \((EPIPE|ECONNRESET|UND_ERR_SOCKET)/,
      );
      expect(posts).toBe(1);
    } finally {
      await new Promise<void>((r) => server.close(() => r()));
    }
  });

  it('sends a streamed body again, from a fresh stream, when the connection closes under it', async () => {
    const got: number[] = [];
    const server = createHttpServer((req, res) => {
      if (got.push(0) === 1) return req.socket.destroy(); // a stale kept-alive connection
      let n = 0;
      req.on('data', (d: Buffer) => (n += d.length));
      req.on('end', () => res.end(JSON.stringify({ bytes: n })));
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const url = `http://127.0.0.1:${(server.address() as { port: number }).port}/mix`;
    const body = Buffer.alloc(1 << 20, 0x20);
    const init = () =>
      ({
        method: 'POST',
        body: Readable.toWeb(Readable.from([body])),
        duplex: 'half',
      }) as unknown as RequestInit;
    try {
      expect(await fetchJson(url, init, 2)).toEqual({ bytes: body.length });
      expect(got).toHaveLength(2);
    } finally {
      await new Promise<void>((r) => server.close(() => r()));
    }
  });

  it('fetches a file again when the connection closes before any answer', async () => {
    let gets = 0;
    const server = createHttpServer((req, res) => {
      if (++gets === 1) return req.socket.destroy();
      res.end('{"mix":"file"}');
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const dir = mkdtempSync(join(tmpdir(), 'evd-fetch-file-'));
    try {
      await fetchToFile(
        `http://127.0.0.1:${(server.address() as { port: number }).port}/mix`,
        join(dir, 'm.json'),
      );
      expect(readFileSync(join(dir, 'm.json'), 'utf8')).toBe('{"mix":"file"}');
      expect(gets).toBe(2);
    } finally {
      rmSync(dir, { recursive: true, force: true });
      await new Promise<void>((r) => server.close(() => r()));
    }
  });
});
