/**
 * The SQLite writer thread (./sqlite-writer.ts): a batch it commits is durable and seen by the
 * store's reading connection at once; a thread that stops — here terminated, as a crash would —
 * fails its batch as unavailable (outcome unknown if it stopped after COMMIT), never half-writes
 * it, and is started again for the next batch;
 * the write lock held by another connection is waited for without holding the event loop, and
 * given up as unavailable; the thread tells of other connections' commits. Through the store, a
 * log entry already stored is a LogConflictError, as on the store's own connection.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { openSqliteStore } from './sqlite-store.js';
import { threadWriter } from './sqlite-writer.js';
import { LogConflictError, StoreUnavailableError, type Mutation } from './store.js';

const dir = mkdtempSync(join(tmpdir(), 'evident-writer-thread-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
let n = 0;
/** A migrated database file (the store migrates it) and a reading connection to it. */
async function file(): Promise<{ path: string; meta: (k: string) => string | undefined; close(): void }> {
  const path = join(dir, `w-${n++}.db`);
  await openSqliteStore({ path, writer: 'inline' }).close();
  const db = new Database(path);
  const q = db.prepare('SELECT value FROM meta WHERE key = ?').pluck();
  return { path, meta: (k) => q.get(k) as string | undefined, close: () => db.close() };
}
const meta = (key: string, value: string): Mutation => ({ kind: 'meta', key, value });
const entry = (index: number): Mutation => ({
  kind: 'log-entry',
  row: { electionId: 'e', index, type: 't', entry: new Uint8Array([index]), leafHash: new Uint8Array(32) },
});

describe('the SQLite writer thread', () => {
  it('commits durably; a thread stopped mid-batch fails it, writes none of it, and is started again', async () => {
    const f = await file();
    const w = threadWriter({ path: f.path, durability: 'full', noticeMs: 20 }, () => undefined);
    expect(await w.begin()).toBe(false);
    await w.commit([meta('k', '1')]);
    expect(f.meta('k')).toBe('1');
    const first = w.threadId;
    expect(first).toBeGreaterThan(0);

    // stopped while it holds the lock, its transaction open: the batch fails, nothing of it is written
    await w.begin();
    await w.terminate();
    const err = await w.commit([meta('k', '2'), meta('other', 'x')]).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(StoreUnavailableError);
    await w.rollback();
    // started again, and the lock the stopped thread held is free
    await w.begin();
    expect(w.threadId).not.toBe(first);
    await w.commit([meta('k', '3')]);
    expect([f.meta('k'), f.meta('other')]).toEqual(['3', undefined]);

    // stopped while it commits: all of the batch is written or none of it; a failure may come
    // after a durable COMMIT (the answer lost with the thread: the outcome unknown, as a
    // connection lost during COMMIT), never with half of it written
    await w.begin();
    const many = Array.from({ length: 2000 }, (_, i) => meta(`m${i}`, 'v'));
    const commit = w.commit(many).then(
      () => 'committed',
      (e: unknown) => e,
    );
    await w.terminate();
    const outcome = await commit;
    const written = many.filter((m) => m.kind === 'meta' && f.meta(m.key) === 'v').length;
    if (outcome === 'committed') expect(written).toBe(2000);
    else {
      expect(outcome).toBeInstanceOf(StoreUnavailableError);
      expect([0, 2000]).toContain(written);
    }
    await w.close();
    f.close();
  });

  it('waits for the lock another connection holds without holding the event loop, then tells of its commit', async () => {
    const f = await file();
    const heard: number[] = [];
    const w = threadWriter({ path: f.path, durability: 'full', noticeMs: 10 }, () => heard.push(1));
    await w.begin();
    await w.commit([meta('k', 'thread')]);
    const other = new Database(f.path);
    other.exec('BEGIN IMMEDIATE');
    other.prepare("INSERT INTO meta (key, value) VALUES ('k2', 'other')").run();
    let begun = false;
    const begin = w.begin().then((others) => {
      begun = true;
      return others;
    });
    // the event loop turns while the thread waits
    let ticks = 0;
    for (let i = 0; i < 5; i++) await new Promise((r) => setTimeout(r, 20, ticks++));
    expect([ticks, begun]).toEqual([5, false]);
    other.exec('COMMIT');
    expect(await begin).toBe(true);
    await w.commit([]);
    // between batches the thread looks for other connections' commits
    heard.length = 0;
    other.prepare("INSERT INTO meta (key, value) VALUES ('k3', 'other')").run();
    for (let i = 0; i < 50 && heard.length === 0; i++) await new Promise((r) => setTimeout(r, 10));
    expect(heard.length).toBeGreaterThan(0);
    other.close();
    await w.close();
    f.close();
  });

  it('gives the lock up as unavailable when another connection keeps it', async () => {
    const f = await file();
    const w = threadWriter(
      { path: f.path, durability: 'full', noticeMs: 50, lockWaitMs: 100 },
      () => undefined,
    );
    const other = new Database(f.path);
    other.exec('BEGIN IMMEDIATE');
    const err = await w.begin().catch((e: unknown) => e);
    expect(err).toBeInstanceOf(StoreUnavailableError);
    expect((err as Error).message).toMatch(/locked by another process/);
    other.exec('ROLLBACK');
    await w.begin();
    await w.commit([meta('k', 'after')]);
    expect(f.meta('k')).toBe('after');
    other.close();
    await w.close();
    f.close();
  });

  it.runIf(process.platform === 'linux')(
    "tells the writer thread's kernel id: a thread of this process, not the main one",
    async () => {
      const f = await file();
      const store = openSqliteStore({ path: f.path });
      expect(store.writerKernelThreadId).toBeUndefined(); // not started yet
      await store.commit([entry(0)]);
      const tid = store.writerKernelThreadId;
      expect(tid).toBeGreaterThan(0);
      expect(tid).not.toBe(process.pid);
      expect(existsSync(`/proc/self/task/${tid}`)).toBe(true);
      await store.close();
      f.close();
    },
  );

  it('through the store: a log entry already stored is a LogConflictError; the next batch goes on', async () => {
    const f = await file();
    const store = openSqliteStore({ path: f.path });
    await store.commit([entry(0)]);
    expect(store.writerThreadId).toBeGreaterThan(0);
    const err = await store.commit([entry(1), entry(0)]).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(LogConflictError);
    expect((await store.logEntries('e', 0, 10)).map((e) => e.index)).toEqual([0]);
    await store.commit([entry(1)]);
    expect((await store.logEntries('e', 0, 10)).map((e) => e.index)).toEqual([0, 1]);
    await store.close();
    f.close();
  });

  it('lets a process that awaited a commit and the close end by itself (the idle thread holds it not)', () => {
    const index = fileURLToPath(new URL('../../dist/index.js', import.meta.url));
    const path = join(dir, `w-${n++}.db`);
    const script = `
      const { openSqliteStore } = await import(${JSON.stringify(index)});
      const s = openSqliteStore({ path: ${JSON.stringify(path)} });
      await s.commit([{ kind: 'meta', key: 'k', value: 'v' }]);
      await s.close();
      console.log('closed');`;
    const r = spawnSync(process.execPath, ['--input-type=module', '-e', script], {
      encoding: 'utf8',
      timeout: 30_000,
    });
    expect([r.status, r.stdout.trim(), r.stderr]).toEqual([0, 'closed', '']);
  });
});
