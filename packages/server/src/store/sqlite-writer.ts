/**
 * The connection that writes the SQLite store's batches (./sqlite-store.ts): its own thread for a
 * database file ({@link threadWriter}), so that a commit's inserts and fsync run beside the event
 * loop rather than on it; the store's connection itself for an in-memory database, which no other
 * connection can open ({@link inlineWriter}). Either way one batch at a time (the store
 * serialises them), under `BEGIN IMMEDIATE`, SQLite's cross-process write lock.
 * @module
 */
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import type Database from 'better-sqlite3';
import { sqliteWrites } from './sqlite-writes.js';
import { StoreUnavailableError, type Mutation } from './store.js';
import type { WriterCall, WriterReply, WriterRequest, WriterThreadData } from './sqlite-writer-thread.js';

/** The longest the write lock is waited for before the batch fails as unavailable (ms). */
export const LOCK_GIVE_UP_MS = 30_000;
/** The busy wait of one attempt at the write lock on the store's own connection (ms). */
export const LOCK_WAIT_MS = 5;

/** One batch at a time: begin, then commit or roll back. */
export interface SqliteWriter {
  /**
   * Takes the write lock.
   * @returns whether other processes committed since the writer last looked
   * @throws StoreUnavailableError when another process holds the lock too long, or the thread stopped
   */
  begin(): Promise<boolean>;
  /** Applies the mutations and commits: durable once resolved; rolled back if it rejects. */
  commit(mutations: readonly Mutation[]): Promise<void>;
  /** Ends the batch begun without committing (nothing written). */
  rollback(): Promise<void>;
  close(): Promise<void>;
  /** The writer thread's id while it runs (undefined: none, or the store's connection writes). */
  readonly threadId: number | undefined;
  /** The writer thread's kernel id while it runs, once it told it (Linux; for the benchmark's CPU split). */
  readonly kernelThreadId?: number | undefined;
}

const busy = (e: unknown): boolean => (e as { code?: string }).code?.startsWith('SQLITE_BUSY') === true;
const locked = (): StoreUnavailableError =>
  new StoreUnavailableError('the database is locked by another process');

/**
 * The store's own connection writes (an in-memory database): BEGIN IMMEDIATE with a short busy
 * wait, retried asynchronously (the event loop is not held while another process writes).
 * @param othersCommitted - whether other processes committed since the last look (the store's)
 */
export function inlineWriter(db: Database.Database, othersCommitted: () => boolean): SqliteWriter {
  const apply = sqliteWrites(db);
  const rollback = (): void => {
    if (db.inTransaction) db.exec('ROLLBACK');
  };
  return {
    async begin() {
      const start = Date.now();
      for (let wait = 1; ; wait = Math.min(wait * 2, 20)) {
        try {
          db.exec('BEGIN IMMEDIATE');
          return othersCommitted();
        } catch (e) {
          if (!busy(e)) throw e;
          if (Date.now() - start > LOCK_GIVE_UP_MS) throw locked();
          await new Promise((r) => setTimeout(r, wait));
        }
      }
    },
    async commit(ms) {
      try {
        for (const m of ms) apply(m);
        db.exec('COMMIT');
      } catch (e) {
        rollback();
        throw e;
      }
    },
    rollback: async () => rollback(),
    close: async () => undefined,
    threadId: undefined,
  };
}

/** The compiled thread script: beside this module, or (sources run under vitest) in dist/. */
function threadScript(): URL {
  for (const u of ['./sqlite-writer-thread.js', '../../dist/store/sqlite-writer-thread.js']) {
    const url = new URL(u, import.meta.url);
    if (existsSync(fileURLToPath(url))) return url;
  }
  throw new Error('the SQLite writer thread: dist/store/sqlite-writer-thread.js not found (run tsc -b)');
}

/**
 * A thread of its own writes (a database file). A thread that stops — an exception, a crash of
 * the module — fails what it was asked (StoreUnavailableError: answered 503, outcome unknown to the
 * writer, which reloads its logs from the store) and is started again for the next batch; its
 * connection closed with it, rolling back what it had not committed. A commit is answered only
 * once COMMIT returned, so no acknowledged write depends on the thread surviving.
 * @param onOthers - other processes committed (the thread looked between batches)
 */
export function threadWriter(
  data: Omit<WriterThreadData, 'lockWaitMs'> & { readonly lockWaitMs?: number },
  onOthers: () => void,
): SqliteWriter & { terminate(): Promise<void> } {
  const script = threadScript();
  const pending = new Map<number, { resolve: (r: WriterReply) => void; reject: (e: unknown) => void }>();
  let worker: Worker | undefined;
  let tid: number | undefined;
  let nextId = 1;
  /** Bumped when a thread stops: a batch begun on an earlier thread cannot commit. */
  let generation = 0;
  let batchGeneration = -1;

  const start = (): Worker => {
    const workerData: WriterThreadData = { ...data, lockWaitMs: data.lockWaitMs ?? LOCK_GIVE_UP_MS };
    // none of the process's flags (`--input-type`, `--eval`… would stop the thread at its start)
    const w = new Worker(script, { workerData, execArgv: [] });
    let failure = 'it exited';
    w.on('message', (m: WriterReply) => {
      if ('op' in m) {
        if (m.op === 'tid') return void (tid = m.tid);
        return onOthers();
      }
      const p = pending.get(m.id);
      pending.delete(m.id);
      if (pending.size === 0) w.unref();
      p?.resolve(m);
    });
    w.on('error', (e) => {
      failure = e.message;
    });
    w.on('exit', () => {
      if (worker === w) {
        worker = undefined;
        tid = undefined;
        generation++;
      }
      const stopped = new StoreUnavailableError(`the SQLite writer thread stopped: ${failure}`);
      for (const p of pending.values()) p.reject(stopped);
      pending.clear();
    });
    w.unref();
    return w;
  };
  const call = (req: WriterCall): Promise<WriterReply & { id: number }> => {
    const w = (worker ??= start());
    const id = nextId++;
    return new Promise((resolve, reject) => {
      pending.set(id, { resolve: resolve as (r: WriterReply) => void, reject });
      // a request in flight holds the process open, an idle thread does not
      w.ref();
      w.postMessage({ ...req, id } as WriterRequest);
    });
  };
  const settled = async (req: WriterCall): Promise<boolean> => {
    const r = await call(req);
    if ('ok' in r && r.ok) return r.others === true;
    const { message, code } = (r as { error: { message: string; code?: string } }).error;
    if (req.op === 'begin' && code?.startsWith('SQLITE_BUSY')) throw locked();
    throw Object.assign(new Error(message), code !== undefined ? { code } : {});
  };
  return {
    async begin() {
      const g = generation;
      const others = await settled({ op: 'begin' });
      batchGeneration = g === generation ? g : -1;
      return others;
    },
    async commit(mutations) {
      if (batchGeneration !== generation)
        throw new StoreUnavailableError('the SQLite writer thread restarted during the batch');
      await settled({ op: 'commit', mutations });
    },
    async rollback() {
      // a thread that stopped took its transaction with it
      if (batchGeneration === generation && worker) await settled({ op: 'rollback' });
    },
    async close() {
      const w = worker;
      if (!w) return;
      const exited = new Promise((r) => w.once('exit', r));
      await settled({ op: 'close' }).catch(() => undefined);
      // held until it has exited: a close awaited is a close done
      w.ref();
      await exited;
    },
    /** Stops the thread at once, as a crash would (what it was asked fails; the next batch restarts it). */
    async terminate() {
      await worker?.terminate();
    },
    get threadId() {
      return worker?.threadId;
    },
    get kernelThreadId() {
      return worker ? tid : undefined;
    },
  };
}
