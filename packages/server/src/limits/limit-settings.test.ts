/**
 * The limits as settings (spec/server-api.md §8, §10): environment over the file's `limits`
 * object over the defaults, a malformed value refused by name; the timeouts reach the HTTP
 * server, and a silent connection is closed.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildApp } from '../app.js';
import { resolveConfig } from '../config.js';
import { DEFAULT_LIMITS, resolveLimits } from './limits.js';

describe('limit settings', () => {
  it('reads the environment over the file, and leaves the rest to the defaults', () => {
    const dir = mkdtempSync(join(tmpdir(), 'evident-limits-'));
    const file = join(dir, 'config.json');
    writeFileSync(file, JSON.stringify({ limits: { pageBytes: 1000, streamsPerAddress: 4 } }));
    const cfg = resolveConfig(
      { config: file },
      { EVIDENT_STREAMS_PER_ADDRESS: '8', EVIDENT_REQUEST_TIMEOUT_MS: '60000' },
    );
    expect(cfg.limits).toEqual({ pageBytes: 1000, streamsPerAddress: 8, requestTimeout: 60_000 });
    const limits = resolveLimits(cfg.limits);
    expect(limits.streamsPerAddress).toBe(8);
    expect(limits.ballotBody).toBe(DEFAULT_LIMITS.ballotBody);
    expect(resolveConfig({}, {}).limits).toEqual({});
  });

  it('refuses a malformed value, naming the setting', () => {
    expect(() => resolveConfig({}, { EVIDENT_BALLOT_BODY_LIMIT: '1.5' })).toThrow(
      /EVIDENT_BALLOT_BODY_LIMIT/,
    );
    expect(() => resolveConfig({}, { EVIDENT_STREAMS_MAX: '-1' })).toThrow(/EVIDENT_STREAMS_MAX/);
    expect(() => resolveLimits({ pageBytes: -3 })).toThrow(RangeError);
  });

  it('gives the HTTP server its timeouts', async () => {
    const app = await buildApp({
      rateLimit: false,
      limits: {
        requestTimeout: 45_000,
        headersTimeout: 7_000,
        keepAliveTimeout: 3_000,
        connectionTimeout: 90_000,
      },
    });
    try {
      expect(app.server.requestTimeout).toBe(45_000);
      expect(app.server.headersTimeout).toBe(7_000);
      expect(app.server.keepAliveTimeout).toBe(3_000);
      expect(app.initialConfig.connectionTimeout).toBe(90_000);
    } finally {
      await app.close();
    }
    const dflt = await buildApp({ rateLimit: false });
    try {
      expect(dflt.server.requestTimeout).toBe(DEFAULT_LIMITS.requestTimeout);
      expect(dflt.server.headersTimeout).toBe(DEFAULT_LIMITS.headersTimeout);
      expect(dflt.server.keepAliveTimeout).toBe(DEFAULT_LIMITS.keepAliveTimeout);
    } finally {
      await dflt.close();
    }
  });

  it('closes a connection that goes silent in the middle of its headers', async () => {
    const app = await buildApp({ rateLimit: false, limits: { connectionTimeout: 200 } });
    try {
      await app.listen({ port: 0, host: '127.0.0.1' });
      const { port } = app.server.address() as { port: number };
      const s = connect(port, '127.0.0.1');
      s.on('connect', () => s.write('GET /health HTTP/1.1\r\nHost: x\r\n'));
      const outcome = await new Promise<string>((resolve) => {
        const guard = setTimeout(() => resolve('still open'), 10_000);
        s.on('close', () => {
          clearTimeout(guard);
          resolve('closed');
        });
        s.on('error', () => undefined);
      });
      s.destroy();
      expect(outcome).toBe('closed');
    } finally {
      await app.close();
    }
  });
});

describe('requests refused before any route', () => {
  /** Sends `raw` on a fresh socket; resolves with what came back before the server closed it. */
  const exchange = (port: number, raw: string): Promise<string> =>
    new Promise((resolve) => {
      const s = connect(port, '127.0.0.1');
      let got = '';
      const guard = setTimeout(() => s.destroy(), 10_000);
      s.on('connect', () => s.write(raw));
      s.on('data', (d: Buffer) => (got += d.toString()));
      s.on('error', () => undefined);
      s.on('close', () => {
        clearTimeout(guard);
        resolve(got);
      });
    });

  it('answers oversized headers with 431 and a malformed request with 400, coded', async () => {
    const app = await buildApp({ rateLimit: false });
    try {
      await app.listen({ port: 0, host: '127.0.0.1' });
      const { port } = app.server.address() as { port: number };
      const big = await exchange(
        port,
        `GET /health HTTP/1.1\r\nHost: x\r\nX-Pad: ${'a'.repeat(64 * 1024)}\r\n\r\n`,
      );
      expect(big).toMatch(/^HTTP\/1\.1 431 /);
      expect(JSON.parse(big.slice(big.indexOf('\r\n\r\n') + 4)).code).toBe('EVD_ERR_HEADERS_TOO_LARGE');
      const bad = await exchange(port, 'NOT HTTP AT ALL\r\n\r\n');
      expect(bad).toMatch(/^HTTP\/1\.1 400 /);
      expect(JSON.parse(bad.slice(bad.indexOf('\r\n\r\n') + 4)).code).toBe('EVD_ERR_BAD_REQUEST');
    } finally {
      await app.close();
    }
  });
});
