/**
 * The station's own database (spec/stations.md §10): SQLite through better-sqlite3 at
 * `<dir>/station.db`, in WAL mode with `synchronous=FULL` (a check-in that was acknowledged to a
 * poll worker survives a power cut), schema migrations numbered by `PRAGMA user_version`, and
 * the audit trail of who did what, when.
 *
 * Other parts of the station create their own tables with `CREATE TABLE IF NOT EXISTS` through
 * a function taking the Database; the tables here are the station core's.
 * @module
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';

/** An open station database. */
export interface StationDb {
  /** the better-sqlite3 connection */
  readonly db: Database.Database;
  /** the station's data directory */
  readonly dir: string;
  /** the station's clock (ms since the epoch); injectable for tests */
  readonly now: () => number;
  close(): void;
}

/** Options of {@link openStationDb}. */
export interface OpenOptions {
  /** the clock (default `Date.now`) */
  readonly now?: () => number;
}

/** The migrations, in order; migration i brings `user_version` from i to i + 1. */
const MIGRATIONS: readonly string[] = [
  `CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
   CREATE TABLE actions (
     seq INTEGER PRIMARY KEY AUTOINCREMENT, at TEXT NOT NULL, worker TEXT NOT NULL,
     action TEXT NOT NULL, detail TEXT);
   CREATE TABLE workers (
     name TEXT PRIMARY KEY, kind TEXT NOT NULL, hash TEXT NOT NULL, salt TEXT NOT NULL,
     log_n INTEGER NOT NULL, failures INTEGER NOT NULL DEFAULT 0, locked_until INTEGER NOT NULL DEFAULT 0,
     created_at TEXT NOT NULL);
   CREATE TABLE sessions (
     token_hash TEXT PRIMARY KEY, worker TEXT NOT NULL REFERENCES workers(name), csrf TEXT NOT NULL,
     created_at INTEGER NOT NULL, expires_at INTEGER NOT NULL);
   CREATE TABLE roll (voter_id TEXT PRIMARY KEY, name TEXT NOT NULL, search TEXT NOT NULL);
   CREATE TABLE check_ins (
     id TEXT PRIMARY KEY, voter_id TEXT NOT NULL UNIQUE REFERENCES roll(voter_id),
     checked_by TEXT NOT NULL, doc_type TEXT NOT NULL, doc_last TEXT NOT NULL, at TEXT NOT NULL);
   CREATE TABLE outbox (
     seq INTEGER PRIMARY KEY AUTOINCREMENT, kind TEXT NOT NULL, method TEXT NOT NULL, path TEXT NOT NULL,
     body TEXT NOT NULL, ref TEXT, status TEXT NOT NULL DEFAULT 'pending', attempts INTEGER NOT NULL DEFAULT 0,
     last_error TEXT, answer TEXT, created_at INTEGER NOT NULL, delivered_at INTEGER);
   CREATE INDEX outbox_pending ON outbox(status, seq);
   CREATE INDEX outbox_ref ON outbox(ref);`,
];

/** The schema version this code writes. */
export const STATION_DB_VERSION = MIGRATIONS.length;

/**
 * Opens (creating if needed) `<dir>/station.db` and brings its schema up to date, each
 * migration in its own transaction.
 * @throws {Error} naming the file when the database was written by a newer version
 */
export function openStationDb(dir: string, opts: OpenOptions = {}): StationDb {
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  const file = join(dir, 'station.db');
  const db = new Database(file);
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = FULL');
  db.pragma('foreign_keys = ON');
  db.pragma('busy_timeout = 5000');
  const version = db.pragma('user_version', { simple: true }) as number;
  if (version > STATION_DB_VERSION) {
    db.close();
    throw new Error(
      `${file}: schema version ${version} is newer than this evident-station (${STATION_DB_VERSION})`,
    );
  }
  for (let v = version; v < STATION_DB_VERSION; v++) {
    db.transaction(() => {
      db.exec(MIGRATIONS[v]!);
      db.pragma(`user_version = ${v + 1}`);
    })();
  }
  return Object.freeze({ db, dir, now: opts.now ?? Date.now, close: () => db.close() });
}

/** Field names that must never reach the audit trail. */
const SECRET_NAMES = /^(pin|passphrase|password|secret|secretkey|privatekey|token|seed|csrf)$/i;

/** One line of the audit trail. */
export interface ActionRecord {
  /** the signed-in poll worker, or `administrator` / `station` for acts of the machine's owner */
  readonly worker: string;
  /** what was done, kebab-case (`check-in`, `sign-in-failed`, `poll-book-close`…) */
  readonly action: string;
  /** what it was done to; never a secret */
  readonly detail?: Readonly<Record<string, unknown>> | string;
}

/** A stored line of the audit trail. */
export interface StoredAction extends ActionRecord {
  readonly seq: number;
  /** ISO 8601 UTC */
  readonly at: string;
}

function assertNoSecret(detail: unknown, path = 'detail'): void {
  if (typeof detail !== 'object' || detail === null) return;
  for (const [k, v] of Object.entries(detail)) {
    if (SECRET_NAMES.test(k))
      throw new TypeError(`recordAction: ${path}.${k} looks like a secret; never record one`);
    assertNoSecret(v, `${path}.${k}`);
  }
}

/**
 * Appends a line to the audit trail (who did what, when). Call it inside the transaction of
 * the change it records, so that the two are written together or not at all.
 * @param at - the time, ms since the epoch (default: now)
 * @throws {TypeError} when `worker` or `action` is empty, or `detail` has a field named like a secret
 */
export function recordAction(db: Database.Database, a: ActionRecord, at: number = Date.now()): void {
  if (!a.worker) throw new TypeError('recordAction: worker must name who acted');
  if (!a.action) throw new TypeError('recordAction: action must not be empty');
  assertNoSecret(a.detail);
  const detail =
    a.detail === undefined ? null : typeof a.detail === 'string' ? a.detail : JSON.stringify(a.detail);
  db.prepare('INSERT INTO actions (at, worker, action, detail) VALUES (?, ?, ?, ?)').run(
    new Date(at).toISOString(),
    a.worker,
    a.action,
    detail,
  );
}

/** The audit trail, oldest first (or the last `limit` lines). */
export function listActions(db: Database.Database, limit?: number): StoredAction[] {
  const rows = (
    limit === undefined
      ? db.prepare('SELECT * FROM actions ORDER BY seq').all()
      : db.prepare('SELECT * FROM (SELECT * FROM actions ORDER BY seq DESC LIMIT ?) ORDER BY seq').all(limit)
  ) as { seq: number; at: string; worker: string; action: string; detail: string | null }[];
  return rows.map((r) => ({
    seq: r.seq,
    at: r.at,
    worker: r.worker,
    action: r.action,
    ...(r.detail === null
      ? {}
      : { detail: r.detail.startsWith('{') ? (JSON.parse(r.detail) as Record<string, unknown>) : r.detail }),
  }));
}

/** A value of the station's key–value settings (JSON), or undefined. */
export function getMeta<T>(db: Database.Database, key: string): T | undefined {
  const row = db.prepare('SELECT value FROM meta WHERE key = ?').get(key) as { value: string } | undefined;
  return row === undefined ? undefined : (JSON.parse(row.value) as T);
}

/** Sets a value of the station's key–value settings (JSON). */
export function setMeta(db: Database.Database, key: string, value: unknown): void {
  db.prepare(
    'INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value',
  ).run(key, JSON.stringify(value));
}
