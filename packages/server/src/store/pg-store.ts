/**
 * The PostgreSQL store (node-postgres): several server nodes share one database
 * (spec/server-api.md §6.3, §6.7). A pool of connections serves the reads; the writes have a
 * connection of their own (reads never queue ahead of a batch holding the lock). {@link
 * Store.commit} is one transaction; {@link Store.writeBatch} holds the store-wide write lock (a
 * transaction-scoped advisory lock) from before `prepare` runs until its transaction commits, so
 * that the batches of all nodes run one at a time: `BEGIN` and the lock in one round trip, the
 * reads of `prepare` over the same connection, then the batch's statements (one multi-row INSERT
 * per table, pg-batch.ts), its notice and `COMMIT` in one more. A commit resolves once PostgreSQL has it durable
 * (`synchronous_commit` on, the default). Election rows are not cached: another node may change
 * them at any time. A lost connection makes every method throw {@link StoreUnavailableError}.
 * @module
 */
import { randomUUID } from 'node:crypto';
import pg from 'pg';
import { commitChannel, commitFeed, commitPayload } from './pg-commit-feed.js';
import { storeError } from './pg-errors.js';
import { migratePg } from './pg-migrations.js';
import { literal, renderBatch } from './pg-batch.js';
import { pgReads } from './pg-reads.js';
import { READS } from './pg-queries.js';
import { pgTypes, toEntry, toSecurityEvent } from './pg-rows.js';
import type { Store, WriteBatch } from './store.js';
import { changedElections, LogConflictError } from './store.js';

/** The advisory-lock key of the store-wide write lock ("Evident" in ASCII). */
export const WRITE_LOCK_KEY = 0x45766964656e74n;

/** Options of {@link openPgStore}. */
export interface PgStoreOptions {
  /** `postgres://user:password@host:port/database` (checked by open-store.ts). */
  readonly url: string;
  /** A streaming replica's URL for the {@link StaleReads} (`--db-read`). */
  readonly readUrl?: string;
  /** Pool size (default 10). */
  readonly maxConnections?: number;
}

/**
 * Opens (and migrates) a PostgreSQL store. The caller has checked that the database is reachable
 * and writable (open-store.ts); errors are thrown as node-postgres gives them.
 */
export async function openPgStore(opts: PgStoreOptions): Promise<Store> {
  const config: pg.PoolConfig = {
    connectionString: opts.url,
    types: pgTypes,
    max: opts.maxConnections ?? 10,
    connectionTimeoutMillis: 5000,
    application_name: 'evident-server',
  };
  const pool = new pg.Pool(config);
  // an idle connection that breaks is dropped by the pool; the next query reconnects
  pool.on('error', () => undefined);
  const client = await pool.connect();
  let schema: string;
  try {
    await migratePg(client);
    schema = (await client.query<{ s: string }>('SELECT current_schema() AS s')).rows[0]!.s;
  } catch (e) {
    client.release();
    await pool.end();
    throw e;
  }
  client.release();
  // the replica's pool: the same settings (the schema's search_path comes with the URL's options)
  const replica = opts.readUrl ? new pg.Pool({ ...config, connectionString: opts.readUrl }) : undefined;
  replica?.on('error', () => undefined);
  // the writes' own connection: one transaction at a time per node anyway (the write lock)
  const writes = new pg.Pool({ ...config, max: 1 });
  writes.on('error', () => undefined);
  const store = pgStore(pool, writes, config, commitChannel(schema), replica);
  await store.listening;
  return store;
}

/**
 * The name of a read's prepared statement: each connection parses and plans a read once, then
 * only binds and runs it (the reads' texts are the constants of pg-queries.ts: a bounded set).
 */
const names = new Map<string, string>();
function statementName(text: string): string {
  let n = names.get(text);
  if (n === undefined) names.set(text, (n = `evident_${names.size}`));
  return n;
}

function pgStore(
  pool: pg.Pool,
  writes: pg.Pool,
  config: pg.PoolConfig,
  channel: string,
  replica?: pg.Pool,
): Store & { readonly listening: Promise<void> } {
  const node = randomUUID();
  /** A read on `on` (default the primary): rows, or StoreUnavailableError for a lost connection. */
  const rows = async (
    text: string,
    values: unknown[] = [],
    on: pg.Pool | pg.PoolClient = pool,
  ): Promise<Record<string, unknown>[]> => {
    try {
      return (await on.query({ name: statementName(text), text, values })).rows as Record<string, unknown>[];
    } catch (e) {
      throw storeError(e);
    }
  };
  /** The rows of each statement of a multi-statement text (the simple protocol: no parameters). */
  const multi = async (
    text: string,
    on: pg.Pool | pg.PoolClient = pool,
  ): Promise<Record<string, unknown>[][]> => {
    try {
      const r = (await on.query(text)) as pg.QueryResult | pg.QueryResult[];
      return (Array.isArray(r) ? r : [r]).map((x) => x.rows as Record<string, unknown>[]);
    } catch (e) {
      throw storeError(e);
    }
  };
  const allIds = async (): Promise<string[]> => (await rows(READS.electionIds)).map((r) => r['id'] as string);
  const feed = commitFeed(config, channel, node, allIds);
  const reads = pgReads(rows, multi);

  /**
   * A transaction holding the store-wide write lock (transaction-scoped advisory lock) on the
   * writes' connection: `BEGIN` and the lock in one round trip, `prepare` (its reads over the same
   * connection), then the statements, the notice and `COMMIT` in as few round trips as they fit
   * (the last text carries the notice and `COMMIT`).
   */
  const locked = async <T>(prepare: (view: Store) => Promise<WriteBatch<T>>): Promise<T> => {
    let c: pg.PoolClient;
    try {
      c = await writes.connect();
    } catch (e) {
      throw storeError(e);
    }
    let broken: unknown;
    // while checked out, the pool does not listen for the client's 'error' event: a connection
    // lost between two queries (PostgreSQL stopped) would be an unhandled error ending the process
    const onLost = (e: Error): void => void (broken = e);
    c.on('error', onLost);
    try {
      await c.query(`BEGIN; SELECT pg_advisory_xact_lock(${WRITE_LOCK_KEY.toString()})`);
      const on = c;
      const view: Store = {
        ...store,
        ...pgReads(
          (text, values) => rows(text, values, on),
          (text) => multi(text, on),
        ),
      };
      const { mutations, value } = await prepare(view);
      const ids = changedElections(mutations);
      const texts = renderBatch(mutations, pg.escapeLiteral);
      const end = [
        ...(ids.length > 0
          ? [
              `SELECT pg_notify(${literal(channel, pg.escapeLiteral)}, ${literal(commitPayload(node, ids), pg.escapeLiteral)})`,
            ]
          : []),
        'COMMIT',
      ].join(';\n');
      for (let i = 0; i < texts.length - 1; i++) await c.query(texts[i]!);
      await c.query(texts.length > 0 ? `${texts[texts.length - 1]!};\n${end}` : end);
      feed.local(ids);
      return value;
    } catch (e) {
      await c.query('ROLLBACK').catch((r: unknown) => (broken = r));
      const err = storeError(e);
      if (err !== e && !(err instanceof LogConflictError)) broken = e;
      throw err;
    } finally {
      // a connection that failed is closed, not given back to the pool
      c.removeListener('error', onLost);
      c.release(broken instanceof Error ? broken : undefined);
    }
  };

  const staleReads = replica && {
    logEntries: async (id: string, start: number, limit: number) =>
      (await rows(READS.entries, [id, start, limit], replica)).map(toEntry),
    securityEvents: async (limit: number, before?: number) =>
      (await rows(READS.securityEvents, [before ?? Number.MAX_SAFE_INTEGER, limit], replica)).map(
        toSecurityEvent,
      ),
    alerts: async (id: string | undefined, limit: number, before?: number) =>
      (await rows(READS.alerts, [before ?? Number.MAX_SAFE_INTEGER, id ?? null, limit], replica)).map(
        toSecurityEvent,
      ),
  };

  const store: Store & { readonly listening: Promise<void> } = {
    kind: 'postgres',
    ...(staleReads ? { staleReads } : {}),
    // other nodes' commits are heard from the moment the store is open
    listening: feed.ready,
    // under the write lock too: the writer relies on no commit overtaking a batch (spec §6.6)
    commit: (mutations) => locked(() => Promise.resolve({ mutations, value: undefined })),
    writeBatch: (prepare) => locked(prepare),
    onCommit: (listener) => feed.add(listener),
    ...reads,
    async close() {
      await feed.close();
      await Promise.all([pool.end(), writes.end(), replica?.end()]);
    },
  };
  return store;
}
