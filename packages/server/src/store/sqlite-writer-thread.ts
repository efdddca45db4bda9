/**
 * The SQLite store's writer thread (./sqlite-writer.ts starts it): the one connection that
 * writes, so that a batch's inserts, its COMMIT and that COMMIT's fsync — and the WAL checkpoints
 * that follow commits — never hold the server's event loop. It answers its owner's requests one
 * at a time, in order: `begin` (BEGIN IMMEDIATE, the cross-process write lock, waited for here,
 * where waiting blocks nothing else), `commit` (the batch's mutations, then COMMIT: durable when
 * answered), `rollback` and `close`. Between batches it looks for other processes' commits
 * (`PRAGMA data_version`, which this connection's own commits leave alone) and tells its owner.
 * @module
 */
import { readlinkSync } from 'node:fs';
import { parentPort, workerData } from 'node:worker_threads';
import Database from 'better-sqlite3';
import { sqliteWrites } from './sqlite-writes.js';
import type { Mutation } from './store.js';

/** What the thread is started with. */
export interface WriterThreadData {
  readonly path: string;
  readonly durability: 'full' | 'normal';
  /** How often other processes' commits are looked for (ms). */
  readonly noticeMs: number;
  /** The longest the write lock is waited for (ms), then `begin` fails SQLITE_BUSY. */
  readonly lockWaitMs: number;
}

/** What the thread is asked. */
export type WriterCall =
  | { readonly op: 'begin' | 'rollback' | 'close' }
  | { readonly op: 'commit'; readonly mutations: readonly Mutation[] };

/** A request to the thread: a call and its number. */
export type WriterRequest = WriterCall & { readonly id: number };

/** An answer (`id` of its request), or a notice that other processes committed (`others`). */
export type WriterReply =
  | { readonly id: number; readonly ok: true; readonly others?: boolean }
  | { readonly id: number; readonly ok: false; readonly error: { message: string; code?: string } }
  | { readonly op: 'others' }
  /** The thread's kernel id (Linux), sent once at its start: the benchmark reads its CPU in /proc. */
  | { readonly op: 'tid'; readonly tid: number };

const port = parentPort;
if (port) serve(port, workerData as WriterThreadData);

function serve(port: NonNullable<typeof parentPort>, d: WriterThreadData): void {
  const db = new Database(d.path);
  db.pragma(`synchronous = ${d.durability === 'normal' ? 'NORMAL' : 'FULL'}`);
  db.pragma('foreign_keys = ON');
  db.pragma(`busy_timeout = ${d.lockWaitMs}`);
  const apply = sqliteWrites(db);
  try {
    port.postMessage({
      op: 'tid',
      tid: Number(readlinkSync('/proc/thread-self').split('/').pop()),
    } satisfies WriterReply);
  } catch {
    // not Linux: no kernel id to tell
  }
  const version = db.prepare('PRAGMA data_version').pluck();
  let seen = version.get() as number;
  /** Whether another connection committed since the last look (this one's commits do not count). */
  const othersCommitted = (): boolean => {
    const v = version.get() as number;
    if (v === seen) return false;
    seen = v;
    return true;
  };
  const poll = setInterval(() => {
    try {
      if (db.open && !db.inTransaction && othersCommitted())
        port.postMessage({ op: 'others' } satisfies WriterReply);
    } catch {
      // a busy or closing database: the next tick looks again
    }
  }, d.noticeMs);
  const rollback = (): void => {
    if (db.inTransaction) db.exec('ROLLBACK');
  };
  port.on('message', (r: WriterRequest) => {
    let answer: WriterReply;
    try {
      answer = { id: r.id, ok: true, ...run(r) };
    } catch (e) {
      const code = (e as { code?: unknown }).code;
      answer = {
        id: r.id,
        ok: false,
        error: { message: (e as Error).message, ...(typeof code === 'string' ? { code } : {}) },
      };
    }
    port.postMessage(answer);
    if (r.op === 'close') port.close();
  });

  function run(r: WriterRequest): { others?: boolean } {
    switch (r.op) {
      case 'begin':
        db.exec('BEGIN IMMEDIATE');
        return { others: othersCommitted() };
      case 'commit':
        try {
          for (const m of r.mutations) apply(m);
          db.exec('COMMIT');
        } catch (e) {
          rollback();
          throw e;
        }
        return {};
      case 'rollback':
        rollback();
        return {};
      case 'close':
        clearInterval(poll);
        rollback();
        db.close();
        return {};
    }
  }
}
