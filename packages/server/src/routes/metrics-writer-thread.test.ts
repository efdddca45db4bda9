/**
 * `GET /metrics` `writer.thread` (spec/server-api.md §6.4): on SQLite (Linux), once the writer
 * thread has committed, the kernel id of that thread — a thread of this process, not the main
 * one — by which the benchmark tells its CPU apart; absent on a store without one.
 */
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../app.js';
import { injectCall, setUpElection } from '../testing/local-election.js';

const ADMIN = 'evd_metrics-writer-thread-admin';

describe('GET /metrics writer.thread', () => {
  let dir: string;
  let app: Awaited<ReturnType<typeof buildApp>>;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'evident-metrics-writer-'));
    app = await buildApp({ db: join(dir, 'm.db'), adminToken: ADMIN, rateLimit: false });
    await setUpElection(injectCall(app), ADMIN, { id: 'm1', voters: 2 }); // commits
  });
  afterAll(async () => {
    await app.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('names the SQLite writer thread on Linux, nothing otherwise', async () => {
    const r = await app.inject({
      method: 'GET',
      url: '/metrics',
      headers: { authorization: `Bearer ${ADMIN}` },
    });
    expect(r.statusCode).toBe(200);
    const thread = (r.json() as { writer: { thread?: number } }).writer.thread;
    const store = app.evident.store as { kind: string; writerKernelThreadId?: number };
    if (store.kind === 'sqlite' && process.platform === 'linux') {
      expect(thread).toBe(store.writerKernelThreadId);
      expect(thread).not.toBe(process.pid);
      expect(existsSync(`/proc/self/task/${thread}`)).toBe(true);
    } else expect(thread).toBeUndefined();
  });
});
