/**
 * The PostgreSQL store (node-postgres): several server nodes share one database
 * (spec/server-api.md §6.3). A pool of connections serves the reads; {@link Store.commit} is one
 * transaction; {@link Store.writeBatch} holds the store-wide write lock (a transaction-scoped
 * advisory lock) from before `prepare` runs until its transaction commits, so that the batches of
 * all nodes run one at a time. A commit resolves once PostgreSQL has it durable
 * (`synchronous_commit` on, the default). Election rows are not cached: another node may change
 * them at any time. A lost connection makes every method throw {@link StoreUnavailableError}.
 * @module
 */
import { randomUUID } from 'node:crypto';
import pg from 'pg';
import { commitChannel, commitFeed, commitPayload } from './pg-commit-feed.js';
import { storeError } from './pg-errors.js';
import { migratePg } from './pg-migrations.js';
import { READS, renderBatch } from './pg-queries.js';
import {
  pgTypes,
  toBallot,
  toCheckIn,
  toElection,
  toLoginState,
  toEntry,
  toHead,
  toRollVoter,
  toSecurityEvent,
  toToken,
} from './pg-rows.js';
import type { LogEntryRow, Mutation, Store } from './store.js';
import { changedElections } from './store.js';

/** The advisory-lock key of the store-wide write lock ("Evident" in ASCII). */
export const WRITE_LOCK_KEY = 0x45766964656e74n;
/** Entries per page of {@link Store.iterateLogEntries}. */
const PAGE = 1000;

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
  const store = pgStore(pool, config, commitChannel(schema), replica);
  await store.listening;
  return store;
}

function pgStore(
  pool: pg.Pool,
  config: pg.PoolConfig,
  channel: string,
  replica?: pg.Pool,
): Store & { readonly listening: Promise<void> } {
  const node = randomUUID();
  /** A read on `on` (default the primary): rows, or StoreUnavailableError for a lost connection. */
  const rows = async (
    text: string,
    values: unknown[] = [],
    on: pg.Pool = pool,
  ): Promise<Record<string, unknown>[]> => {
    try {
      return (await on.query({ text, values })).rows as Record<string, unknown>[];
    } catch (e) {
      throw storeError(e);
    }
  };
  const one = async <T>(text: string, values: unknown[], f: (r: unknown) => T): Promise<T | undefined> => {
    const r = (await rows(text, values))[0];
    return r === undefined ? undefined : f(r);
  };
  const value = async <T>(text: string, values: unknown[], col: string): Promise<T | undefined> =>
    (await rows(text, values))[0]?.[col] as T | undefined;
  const allIds = async (): Promise<string[]> => (await rows(READS.electionIds)).map((r) => r['id'] as string);
  const feed = commitFeed(config, channel, node, allIds);

  /** Runs `body` in a transaction on a client of its own; `commit`'s and `writeBatch`'s frame. */
  const transaction = async <T>(
    body: (c: pg.PoolClient) => Promise<{ mutations: readonly Mutation[]; value: T }>,
  ): Promise<T> => {
    let c: pg.PoolClient;
    try {
      c = await pool.connect();
    } catch (e) {
      throw storeError(e);
    }
    let broken: unknown;
    // while checked out, the pool does not listen for the client's 'error' event: a connection
    // lost between two queries (PostgreSQL stopped) would be an unhandled error ending the process
    const onLost = (e: Error): void => void (broken = e);
    c.on('error', onLost);
    try {
      await c.query('BEGIN');
      const { mutations, value } = await body(c);
      for (const text of renderBatch(mutations, (v) => c.escapeLiteral(v))) await c.query(text);
      const ids = changedElections(mutations);
      if (ids.length > 0) await c.query('SELECT pg_notify($1, $2)', [channel, commitPayload(node, ids)]);
      await c.query('COMMIT');
      feed.local(ids);
      return value;
    } catch (e) {
      await c.query('ROLLBACK').catch((r: unknown) => (broken = r));
      const err = storeError(e);
      if (err !== e) broken = e;
      throw err;
    } finally {
      // a connection that failed is closed, not given back to the pool
      c.removeListener('error', onLost);
      c.release(broken instanceof Error ? broken : undefined);
    }
  };

  /** A transaction holding the store-wide write lock (transaction-scoped advisory lock). */
  const locked = <T>(prepare: () => Promise<{ mutations: readonly Mutation[]; value: T }>): Promise<T> =>
    transaction(async (c) => {
      await c.query('SELECT pg_advisory_xact_lock($1)', [WRITE_LOCK_KEY.toString()]);
      return prepare();
    });

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

  return {
    kind: 'postgres',
    ...(staleReads ? { staleReads } : {}),
    // other nodes' commits are heard from the moment the store is open
    listening: feed.ready,
    // under the write lock too: the writer relies on no commit overtaking a batch (spec §6.6)
    commit: (mutations) => locked(() => Promise.resolve({ mutations, value: undefined })),
    writeBatch: (prepare) => locked(prepare),
    onCommit: (listener) => feed.add(listener),
    getMeta: (key) => value<string>(READS.meta, [key], 'value'),
    loginState: (kind, id, now) => one(READS.loginState, [kind, id, now], toLoginState),
    findToken: (h) => one(READS.token, [h], toToken),
    listTokens: async () => (await rows(READS.tokens)).map(toToken),
    getElection: (id) => one(READS.election, [id], toElection),
    listElections: async () => (await rows(READS.elections)).map(toElection),
    leafHashes: async (id, start = 0) =>
      (await rows(READS.leafHashes, [id, start])).map((r) => new Uint8Array(r['leaf_hash'] as Buffer)),
    logEntries: async (id, start, limit) => (await rows(READS.entries, [id, start, limit])).map(toEntry),
    typedLogEntries: async (id, types, start, end, limit) =>
      (await rows(READS.typedEntries, [id, [...types], start, end, limit])).map(toEntry),
    async *iterateLogEntries(id): AsyncIterable<LogEntryRow> {
      for (let start = 0; ; start += PAGE) {
        const page = (await rows(READS.entries, [id, start, PAGE])).map(toEntry);
        yield* page;
        if (page.length < PAGE) return;
      }
    },
    latestTreeHead: (id) => one(READS.latestHead, [id], toHead),
    treeHeads: async (id) => (await rows(READS.heads, [id])).map(toHead),
    findBallot: (id, d) => one(READS.ballot, [id, d], toBallot),
    findBallotByIndex: (id, i) => one(READS.ballotByIndex, [id, i], toBallot),
    findBallotsByCode: async (id, c) => (await rows(READS.ballotsByCode, [id, c])).map(toBallot),
    credentialBallots: async (id, c) => (await rows(READS.credentialBallots, [id, c])).map(toBallot),
    latestBallot: (id, c) => one(READS.latestBallot, [id, c], toBallot),
    latestCast: (id, c) => one(READS.latestCast, [id, c], toBallot),
    countedBallotIndices: async (id) =>
      (await rows(READS.counted, [id])).map((r) => r['log_index'] as number),
    async ballotCounts(id) {
      const r = (await rows(READS.counts, [id]))[0] ?? {};
      const n = (k: string): number => (r[k] as number | undefined) ?? 0;
      return {
        cast: n('cast'),
        counted: n('counted'),
        challenged: n('challenged'),
        superseded: n('superseded'),
      };
    },
    findClaim: (id, h) => value<string>(READS.claim, [id, h], 'credential'),
    hasCredential: async (id, c) => (await rows(READS.hasCredential, [id, c])).length > 0,
    credentialOfVoter: (id, v) => value<string>(READS.voterCredential, [id, v], 'credential'),
    countCredentials: async (id) => (await value<number>(READS.countCredentials, [id], 'n')) ?? 0,
    securityEvents: async (limit, before) =>
      (await rows(READS.securityEvents, [before ?? Number.MAX_SAFE_INTEGER, limit])).map(toSecurityEvent),
    alerts: async (id, limit, before) =>
      (await rows(READS.alerts, [before ?? Number.MAX_SAFE_INTEGER, id ?? null, limit])).map(toSecurityEvent),
    rollEntries: async (id, v) => (await rows(READS.rollEntries, [id, v])).map(toRollVoter),
    stationRoll: async (id, st) => (await rows(READS.stationRoll, [id, st])).map(toRollVoter),
    rollSize: async (id) => (await value<number>(READS.rollSize, [id], 'n')) ?? 0,
    rollSliceSizes: async (id) =>
      new Map((await rows(READS.rollSlices, [id])).map((r) => [r['station'] as string, r['n'] as number])),
    findCheckIn: (id, c) => one(READS.checkIn, [id, c], toCheckIn),
    checkInsOfVoter: async (id, v) => (await rows(READS.voterCheckIns, [id, v])).map(toCheckIn),
    duplicateCheckIns: async (id) => (await rows(READS.duplicates, [id])).map(toCheckIn),
    async stationCheckInCounts(id, st) {
      const r = (await rows(READS.stationCounts, [id, st]))[0] ?? {};
      return { checkIns: (r['checkIns'] as number) ?? 0, duplicates: (r['duplicates'] as number) ?? 0 };
    },
    checkInsByStation: async (id) =>
      Object.fromEntries(
        (await rows(READS.checkInsByStation, [id])).map((r) => [r['station'], r['n']]),
      ) as Record<string, number>,
    lastCheckIns: async () =>
      (await rows(READS.lastCheckIns)).map((r) => ({
        electionId: r['election_id'] as string,
        station: r['station'] as string,
        receivedAt: r['received_at'] as number,
      })),
    isCancelled: async (id, c) =>
      (await value<number>(READS.cancellationIndex, [id, c], 'log_index')) !== undefined,
    cancellationIndex: (id, c) => value<number>(READS.cancellationIndex, [id, c], 'log_index'),
    async close() {
      await feed.close();
      await Promise.all([pool.end(), replica?.end()]);
    },
  };
}
