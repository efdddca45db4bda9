/**
 * The one place that chooses the store (spec/server-api.md §8): `postgres://…` or
 * `postgresql://…` opens the PostgreSQL store, anything else is a SQLite file (or `:memory:`).
 * Before the PostgreSQL store migrates anything, the database is checked: the URL parses, the
 * server answers and accepts the login, it is writable (not a hot standby, not
 * `default_transaction_read_only`), and its schema is not newer than this server's. Each failure
 * is a {@link StoreOpenError} whose message names the problem and the server, never the password.
 * @module
 */
import pg from 'pg';
import { describeServer, startupMessage } from './pg-errors.js';
import { openPgStore } from './pg-store.js';
import { openSqliteStore } from './sqlite-store.js';
import type { Store } from './store.js';

/** A store that cannot be opened; the message is fit for the operator (no password). */
export class StoreOpenError extends Error {
  override readonly name = 'StoreOpenError';
}

/** Options of {@link openStore}. */
export interface OpenStoreOptions {
  /** SQLite only: 'full' (default) or 'normal' (spec/server-api.md §6). */
  readonly durability?: 'full' | 'normal';
  /** SQLite only: how often other processes' commits are looked for (ms, default 50, §6.6). */
  readonly noticeMs?: number;
  /** SQLite file only: who writes, a thread of its own (default) or the event loop (§6). */
  readonly sqliteWriter?: 'thread' | 'inline';
  /**
   * PostgreSQL only: a streaming replica of the database for the reads that tolerate staleness
   * (`--db-read`, spec/server-api.md §6.7); it must answer at start-up.
   */
  readonly readDb?: string;
}

/** Whether `db` names a PostgreSQL database rather than a SQLite file. */
export function isPostgresUrl(db: string): boolean {
  return /^postgres(ql)?:\/\//i.test(db);
}

/** How messages name `db`: a SQLite path as it is, a PostgreSQL URL without its password. */
export function describeDb(db: string): string {
  if (!isPostgresUrl(db)) return db;
  try {
    return `postgres://${describeServer(new URL(db))}`;
  } catch {
    return 'postgres://(malformed URL)';
  }
}

/**
 * Opens the store `db` names: migrated, ready for the server.
 * @throws StoreOpenError for a malformed URL, an unreachable, read-only or newer database
 */
export async function openStore(db: string, opts: OpenStoreOptions = {}): Promise<Store> {
  if (opts.readDb !== undefined && !(isPostgresUrl(db) && isPostgresUrl(opts.readDb)))
    throw new StoreOpenError(
      '--db-read: a PostgreSQL replica is read only with a PostgreSQL --db (both postgres://…)',
    );
  if (!isPostgresUrl(db))
    return openSqliteStore({
      path: db,
      durability: opts.durability ?? 'full',
      ...(opts.noticeMs !== undefined ? { noticeMs: opts.noticeMs } : {}),
      ...(opts.sqliteWriter !== undefined ? { writer: opts.sqliteWriter } : {}),
    });
  const url = parseUrl(db);
  const where = describeServer(url);
  await checkWritable(db, where);
  if (opts.readDb !== undefined)
    await checkReachable(opts.readDb, describeServer(parseUrl(opts.readDb, '--db-read')));
  try {
    return await openPgStore({ url: db, ...(opts.readDb !== undefined ? { readUrl: opts.readDb } : {}) });
  } catch (e) {
    throw new StoreOpenError(
      /newer than this server/.test((e as Error).message)
        ? `the PostgreSQL database ${where}: ${(e as Error).message}`
        : startupMessage(e, where),
    );
  }
}

function parseUrl(db: string, flag = '--db'): URL {
  const usage = 'expected postgres://user:password@host:port/database';
  let url: URL;
  try {
    url = new URL(db);
  } catch {
    throw new StoreOpenError(`${flag}: malformed PostgreSQL URL (${usage})`);
  }
  if (!url.hostname && !url.searchParams.get('host'))
    throw new StoreOpenError(`${flag}: the PostgreSQL URL names no host (${usage})`);
  if (url.pathname.length > 1 && url.pathname.slice(1).includes('/'))
    throw new StoreOpenError(`${flag}: the PostgreSQL URL's path must be one database name (${usage})`);
  return url;
}

/** Connects once to the replica of `--db-read`: it answers and accepts the login. */
async function checkReachable(db: string, where: string): Promise<void> {
  const client = new pg.Client({ connectionString: db, connectionTimeoutMillis: 10_000 });
  client.on('error', () => undefined);
  try {
    await client.connect();
    await client.query('SELECT 1');
  } catch (e) {
    throw new StoreOpenError(`--db-read: ${startupMessage(e, where)}`);
  } finally {
    await client.end().catch(() => undefined);
  }
}

/** Connects once: the server answers, accepts the login and is writable. */
async function checkWritable(db: string, where: string): Promise<void> {
  const client = new pg.Client({ connectionString: db, connectionTimeoutMillis: 10_000 });
  client.on('error', () => undefined);
  try {
    await client.connect();
  } catch (e) {
    await client.end().catch(() => undefined);
    throw new StoreOpenError(startupMessage(e, where));
  }
  try {
    const r = await client.query<{ standby: boolean; ro: string }>(
      "SELECT pg_is_in_recovery() AS standby, current_setting('transaction_read_only') AS ro",
    );
    const row = r.rows[0];
    if (row?.standby)
      throw new StoreOpenError(
        `the PostgreSQL database ${where} is a read-only hot standby (pg_is_in_recovery()): give the primary`,
      );
    if (row?.ro === 'on')
      throw new StoreOpenError(
        `the PostgreSQL database ${where} is read-only (transaction_read_only = on, see default_transaction_read_only)`,
      );
  } catch (e) {
    if (e instanceof StoreOpenError) throw e;
    throw new StoreOpenError(startupMessage(e, where));
  } finally {
    await client.end().catch(() => undefined);
  }
}
