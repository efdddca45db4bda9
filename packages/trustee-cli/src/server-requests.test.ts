import { createServer } from 'node:net';
import { describe, expect, it } from 'vitest';
import { TrusteeError } from './errors.js';
import { fetchJson } from './server-requests.js';

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
});
