/**
 * The SQLite store (better-sqlite3): WAL journal, `synchronous = FULL` by default so that a
 * resolved {@link Store.commit} has reached the disk (spec/server-api.md §6). better-sqlite3 is
 * synchronous: a database file's batches are written by a thread of their own
 * (./sqlite-writer.ts), so that a commit's inserts and fsync do not hold the event loop; the
 * reads run on the store's connection, on the event loop (WAL: a read never waits for the
 * writer, and sees every commit answered before it). An in-memory database is written by the
 * store's connection. The writer groups many ballots into one commit (board/writer.ts).
 *
 * Several processes may share one file (spec/server-api.md §6.6): {@link Store.writeBatch} is a
 * `BEGIN IMMEDIATE` transaction, SQLite's cross-process write lock, waited for without holding the
 * event loop; {@link Store.onCommit} reports the commits of other processes by polling
 * `PRAGMA data_version` (which changes only when another connection commits), every
 * {@link SqliteStoreOptions.noticeMs} ms, from the writing connection.
 * @module
 */
import Database from 'better-sqlite3';
import type { ElectionRow, Store } from './store.js';
import { MIGRATIONS } from './migrations.js';
import { castChecksOneByOne, castPreChecksOneByOne } from './cast-checks.js';
import { changedElections, LogConflictError, type Mutation, type WriteBatch } from './store.js';
import { inlineWriter, LOCK_WAIT_MS, threadWriter, type SqliteWriter } from './sqlite-writer.js';
import {
  toBallot,
  toCheckIn,
  toElection,
  toEntry,
  toHead,
  toRollVoter,
  toSecurityEvent,
  toToken,
} from './row-mappers.js';

/** Options of {@link openSqliteStore}. */
export interface SqliteStoreOptions {
  /** File path, or ':memory:'. */
  readonly path: string;
  /** 'full' (default): fsync at every commit; 'normal': survives a process crash, not a power cut. */
  readonly durability?: 'full' | 'normal';
  /** How often other processes' commits are looked for (ms, default 50). */
  readonly noticeMs?: number;
  /**
   * Who writes: 'thread' (default for a file), a thread of its own; 'inline', the store's
   * connection on the event loop (always for ':memory:').
   */
  readonly writer?: 'thread' | 'inline';
}

/** A SQLite store. */
export type SqliteStore = Store & {
  /** The writer thread's id while it runs (undefined: not started yet, or written inline). */
  readonly writerThreadId: number | undefined;
  /** The writer thread's kernel id (Linux) once it told it; undefined otherwise. */
  readonly writerKernelThreadId: number | undefined;
};

/**
 * Opens (and migrates) a SQLite store.
 * @throws if the file cannot be opened or is not an Evident database
 */
export function openSqliteStore(opts: SqliteStoreOptions): SqliteStore {
  const db = new Database(opts.path);
  db.pragma('journal_mode = WAL');
  db.pragma(`synchronous = ${opts.durability === 'normal' ? 'NORMAL' : 'FULL'}`);
  db.pragma('foreign_keys = ON');
  migrate(db);
  // from here on the write lock is waited for asynchronously (writeBatch)
  db.pragma(`busy_timeout = ${LOCK_WAIT_MS}`);
  const noticeMs = opts.noticeMs ?? 50;

  const q = {
    meta: db.prepare('SELECT value FROM meta WHERE key = ?').pluck(),
    loginState: db.prepare('SELECT * FROM login_state WHERE kind = ? AND id = ? AND expires_at > ?'),
    token: db.prepare('SELECT * FROM tokens WHERE token_hash = ?'),
    tokens: db.prepare('SELECT * FROM tokens ORDER BY created_at, id'),
    election: db.prepare('SELECT * FROM elections WHERE id = ?'),
    elections: db.prepare('SELECT * FROM elections ORDER BY created_at, id'),
    electionIds: db.prepare('SELECT id FROM elections ORDER BY created_at, id').pluck(),
    leafHashes: db
      .prepare('SELECT leaf_hash FROM log_entries WHERE election_id = ? AND idx >= ? ORDER BY idx')
      .pluck(),
    entries: db.prepare('SELECT * FROM log_entries WHERE election_id = ? AND idx >= ? ORDER BY idx LIMIT ?'),
    stageFileChunks: db
      .prepare(
        `SELECT bytes FROM stage_files WHERE election_id = ? AND log_index = ? AND file = ? AND seq >= ?
         ORDER BY seq LIMIT ?`,
      )
      .pluck(),
    uploadChunkCount: db.prepare(
      `SELECT count(*) AS stored, count(log_index) AS adopted FROM stage_files
       WHERE @u IS NULL OR upload_id = @u`,
    ),
    allEntries: db.prepare('SELECT * FROM log_entries WHERE election_id = ? ORDER BY idx'),
    typedEntries: db.prepare(
      `SELECT * FROM log_entries INDEXED BY log_entries_by_type
       WHERE election_id = ? AND type = ? AND idx >= ? AND idx < ? ORDER BY idx LIMIT ?`,
    ),
    latestHead: db.prepare('SELECT * FROM tree_heads WHERE election_id = ? ORDER BY tree_size DESC LIMIT 1'),
    heads: db.prepare('SELECT * FROM tree_heads WHERE election_id = ? ORDER BY tree_size'),
    ballot: db.prepare('SELECT * FROM ballots WHERE election_id = ? AND digest = ?'),
    ballotByIndex: db.prepare('SELECT * FROM ballots WHERE election_id = ? AND log_index = ?'),
    ballotsByCode: db.prepare(
      'SELECT * FROM ballots WHERE election_id = ? AND confirmation_code = ? ORDER BY log_index',
    ),
    credentialBallots: db.prepare(
      `SELECT * FROM ballots WHERE election_id = ? AND credential = ? ORDER BY log_index`,
    ),
    cancellationIndex: db
      .prepare('SELECT log_index FROM cancelled_credentials WHERE election_id = ? AND credential = ?')
      .pluck(),
    latestBallot: db.prepare(
      `SELECT * FROM ballots WHERE election_id = ? AND credential = ? ORDER BY log_index DESC LIMIT 1`,
    ),
    latestCast: db.prepare(
      `SELECT * FROM ballots WHERE election_id = ? AND credential = ? AND intent = 'cast' ORDER BY log_index DESC LIMIT 1`,
    ),
    counted: db
      .prepare(
        `SELECT log_index FROM ballots b WHERE election_id = ? AND intent = 'cast' AND superseded_by IS NULL
           AND NOT EXISTS (SELECT 1 FROM cancelled_credentials x WHERE x.election_id = b.election_id AND x.credential = b.credential)
         ORDER BY log_index`,
      )
      .pluck(),
    counts: db.prepare(
      `SELECT
         SUM(intent = 'cast') AS cast,
         SUM(intent = 'cast' AND superseded_by IS NULL AND NOT EXISTS (SELECT 1 FROM cancelled_credentials x
           WHERE x.election_id = b.election_id AND x.credential = b.credential)) AS counted,
         SUM(intent = 'challenge') AS challenged,
         SUM(superseded_by IS NOT NULL) AS superseded
       FROM ballots b WHERE election_id = ?`,
    ),
    claim: db.prepare('SELECT credential FROM claims WHERE election_id = ? AND contest_hash = ?').pluck(),
    hasCredential: db.prepare('SELECT 1 FROM credentials WHERE election_id = ? AND credential = ?').pluck(),
    voterCredential: db
      .prepare('SELECT credential FROM roll_mapping WHERE election_id = ? AND voter_id = ?')
      .pluck(),
    countCredentials: db.prepare('SELECT COUNT(*) FROM credentials WHERE election_id = ?').pluck(),
    securityEvents: db.prepare('SELECT * FROM security_events WHERE id < ? ORDER BY id DESC LIMIT ?'),
    // the primary key's order: no index on kind, the alerts are read by a few officials
    alerts: db.prepare(
      `SELECT * FROM security_events WHERE id < ? AND kind LIKE 'anomaly-%'
       AND (? IS NULL OR election_id = ?) ORDER BY id DESC LIMIT ?`,
    ),
    rollEntries: db.prepare('SELECT * FROM roll WHERE election_id = ? AND voter_id = ? ORDER BY station'),
    stationRoll: db.prepare('SELECT * FROM roll WHERE election_id = ? AND station = ? ORDER BY voter_id'),
    rollSize: db.prepare('SELECT COUNT(*) FROM roll WHERE election_id = ?').pluck(),
    rollSlices: db.prepare('SELECT station, COUNT(*) AS n FROM roll WHERE election_id = ? GROUP BY station'),
    checkIn: db.prepare('SELECT * FROM check_ins WHERE election_id = ? AND id = ?'),
    voterCheckIns: db.prepare(
      'SELECT * FROM check_ins WHERE election_id = ? AND voter_id = ? ORDER BY received_at, id',
    ),
    duplicates: db.prepare(
      `SELECT * FROM check_ins c WHERE election_id = ? AND EXISTS (SELECT 1 FROM check_ins d
         WHERE d.election_id = c.election_id AND d.voter_id = c.voter_id AND d.station <> c.station)
       ORDER BY voter_id, station, received_at, id`,
    ),
    checkInsByStation: db.prepare(
      'SELECT station, COUNT(*) AS n FROM check_ins WHERE election_id = ? GROUP BY station',
    ),
    stationCounts: db.prepare(
      `SELECT COUNT(*) AS checkIns, COALESCE(SUM(EXISTS (SELECT 1 FROM check_ins d
         WHERE d.election_id = c.election_id AND d.voter_id = c.voter_id AND d.station <> c.station)), 0) AS duplicates
       FROM check_ins c WHERE election_id = ? AND station = ?`,
    ),
    lastCheckIns: db.prepare(
      'SELECT election_id, station, MAX(received_at) AS received_at FROM check_ins GROUP BY election_id, station',
    ),
    isCancelled: db
      .prepare('SELECT 1 FROM cancelled_credentials WHERE election_id = ? AND credential = ?')
      .pluck(),
  };

  /**
   * Election rows by id: every cast reads its election (state, config) twice; the rows change
   * only through a commit, which drops the ids it touches (all of them when another process
   * committed: at the write lock and at every change-feed poll).
   */
  const elections = new Map<string, ElectionRow>();

  const listeners = new Set<(ids: readonly string[]) => void>();
  const notify = (ids: readonly string[]): void => {
    for (const f of listeners) f(ids);
  };
  const version = db.prepare('PRAGMA data_version').pluck();
  const electionIds = db.prepare('SELECT id FROM elections').pluck();
  let seenVersion = version.get() as number;
  /** Whether this connection saw another connection commit since the last look. */
  const versionChanged = (): boolean => {
    const v = version.get() as number;
    if (v === seenVersion) return false;
    seenVersion = v;
    return true;
  };
  /** Other processes committed: drop the election rows, tell the listeners. */
  const othersCommitted = (): void => {
    elections.clear();
    notify(electionIds.all() as string[]);
  };
  const inline = opts.writer === 'inline' || opts.path === ':memory:' || opts.path === '';
  const writer: SqliteWriter = inline
    ? inlineWriter(db, versionChanged)
    : threadWriter(
        { path: opts.path, durability: opts.durability === 'normal' ? 'normal' : 'full', noticeMs },
        () => {
          if (db.open) othersCommitted();
        },
      );
  // the writing connection looks for other processes' commits (the thread does, between batches)
  const poll = inline
    ? setInterval(() => {
        try {
          if (db.open && !db.inTransaction && versionChanged()) othersCommitted();
        } catch {
          // a busy or closing database: the next tick looks again
        }
      }, noticeMs)
    : undefined;
  poll?.unref();

  /** This process's batches, one at a time (one writing connection: one transaction at a time). */
  let chain: Promise<unknown> = Promise.resolve();
  const serial = <T>(f: () => Promise<T>): Promise<T> => {
    const run = chain.then(f, f);
    chain = run.catch(() => undefined);
    return run;
  };
  /** A log entry at an index already stored: the writer's tree was out of step (store.ts). */
  const logConflict = (e: unknown): boolean =>
    (e as { code?: string }).code === 'SQLITE_CONSTRAINT_PRIMARYKEY' &&
    (e as Error).message.includes('log_entries.');
  const forget = (ms: readonly Mutation[]): void => {
    for (const m of ms) if (m.kind === 'election') elections.delete(m.row.id);
  };
  const batch = <T>(prepare: (reads: Store) => Promise<WriteBatch<T>>): Promise<T> =>
    serial(async () => {
      // other processes' commits up to the lock: current election rows, listeners told first
      if (await writer.begin()) othersCommitted();
      let ms: readonly Mutation[] = [];
      let begun = true;
      try {
        // the reads of `prepare` see every commit: no other connection commits while the lock is held
        const b = await prepare(store);
        ms = b.mutations;
        begun = false;
        await writer.commit(ms);
        // the writer's commit, as this connection sees it (the thread's is another connection's)
        seenVersion = version.get() as number;
        forget(ms);
        if (ms.length > 0) notify(changedElections(ms));
        return b.value;
      } catch (e) {
        if (begun) await writer.rollback().catch(() => undefined);
        forget(ms);
        throw logConflict(e) ? new LogConflictError('a log entry of the batch is already stored') : e;
      }
    });

  const ok = <T>(v: T): Promise<T> => Promise.resolve(v);
  const store: SqliteStore = {
    kind: 'sqlite',
    get writerThreadId() {
      return writer.threadId;
    },
    get writerKernelThreadId() {
      return writer.kernelThreadId;
    },
    commit: (ms) => batch(() => Promise.resolve({ mutations: ms, value: undefined })),
    writeBatch: batch,
    onCommit(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    getMeta: (key) => ok(q.meta.get(key) as string | undefined),
    loginState(kind, id, now) {
      const r = q.loginState.get(kind, id, now) as
        { kind: string; id: string; value: string; expires_at: number } | undefined;
      return ok(r && { kind: r.kind, id: r.id, value: r.value, expiresAt: r.expires_at });
    },
    findToken: (h) => ok(mapOpt(q.token.get(h), toToken)),
    listTokens: () => ok(q.tokens.all().map(toToken)),
    getElection(id, o) {
      // fresh: other processes' commits first (outside a batch; a batch looked at its lock)
      if (o?.fresh && !db.inTransaction && versionChanged()) othersCommitted();
      let row = elections.get(id);
      if (!row) {
        row = mapOpt(q.election.get(id), toElection);
        if (!row) return ok(undefined);
        elections.set(id, row);
      }
      return ok({ ...row });
    },
    listElections: () => ok(q.elections.all().map(toElection)),
    electionIds: () => ok(q.electionIds.all() as string[]),
    leafHashes: (id, start = 0) =>
      ok((q.leafHashes.all(id, start) as Buffer[]).map((b) => new Uint8Array(b))),
    logEntries: (id, start, limit) => ok(q.entries.all(id, start, limit).map(toEntry)),
    typedLogEntries(id, types, start, end, limit) {
      // one index range per type, merged: the planner would otherwise walk the whole log
      const rows = types.flatMap((t) => q.typedEntries.all(id, t, start, end, limit).map(toEntry));
      return ok(rows.sort((x, y) => x.index - y.index).slice(0, limit));
    },
    async *iterateLogEntries(id) {
      // a read transaction of its own would block writers' checkpoints only; iterate in pages
      const page = 1000;
      for (let start = 0; ; start += page) {
        const rows = q.entries.all(id, start, page).map(toEntry);
        for (const r of rows) yield r;
        if (rows.length < page) return;
      }
    },
    stageFileChunks: (id, i, file, from, limit) =>
      ok((q.stageFileChunks.all(id, i, file, from, limit) as Buffer[]).map((b) => new Uint8Array(b))),
    stageChunkCounts: (uploadId) =>
      ok(q.uploadChunkCount.get({ u: uploadId ?? null }) as { stored: number; adopted: number }),
    latestTreeHead: (id) => ok(mapOpt(q.latestHead.get(id), toHead)),
    treeHeads: (id) => ok(q.heads.all(id).map(toHead)),
    findBallot: (id, d) => ok(mapOpt(q.ballot.get(id, d), toBallot)),
    findBallotByIndex: (id, i) => ok(mapOpt(q.ballotByIndex.get(id, i), toBallot)),
    findBallotsByCode: (id, c) => ok(q.ballotsByCode.all(id, c).map(toBallot)),
    credentialBallots: (id, c) => ok(q.credentialBallots.all(id, c).map(toBallot)),
    latestBallot: (id, c) => ok(mapOpt(q.latestBallot.get(id, c), toBallot)),
    latestCast: (id, c) => ok(mapOpt(q.latestCast.get(id, c), toBallot)),
    countedBallotIndices: (id) => ok(q.counted.all(id) as number[]),
    ballotCounts(id) {
      // eslint-disable-next-line @typescript-eslint/no-explicit-any
      const r = q.counts.get(id) as any;
      return ok({
        cast: r.cast ?? 0,
        counted: r.counted ?? 0,
        challenged: r.challenged ?? 0,
        superseded: r.superseded ?? 0,
      });
    },
    castChecks: (id, k) => castChecksOneByOne(store, id, k),
    castPreChecks: (id, c) => castPreChecksOneByOne(store, id, c),
    findClaim: (id, h) => ok(q.claim.get(id, h) as string | undefined),
    hasCredential: (id, c) => ok(q.hasCredential.get(id, c) !== undefined),
    credentialOfVoter: (id, v) => ok(q.voterCredential.get(id, v) as string | undefined),
    countCredentials: (id) => ok(q.countCredentials.get(id) as number),
    securityEvents: (limit, before) =>
      ok(q.securityEvents.all(before ?? Number.MAX_SAFE_INTEGER, limit).map(toSecurityEvent)),
    alerts: (id, limit, before) =>
      ok(q.alerts.all(before ?? Number.MAX_SAFE_INTEGER, id ?? null, id ?? null, limit).map(toSecurityEvent)),
    rollEntries: (id, v) => ok(q.rollEntries.all(id, v).map(toRollVoter)),
    stationRoll: (id, st) => ok(q.stationRoll.all(id, st).map(toRollVoter)),
    rollSize: (id) => ok(q.rollSize.get(id) as number),
    rollSliceSizes: (id) =>
      ok(new Map((q.rollSlices.all(id) as { station: string; n: number }[]).map((r) => [r.station, r.n]))),
    findCheckIn: (id, c) => ok(mapOpt(q.checkIn.get(id, c), toCheckIn)),
    checkInsOfVoter: (id, v) => ok(q.voterCheckIns.all(id, v).map(toCheckIn)),
    duplicateCheckIns: (id) => ok(q.duplicates.all(id).map(toCheckIn)),
    stationCheckInCounts(id, st) {
      const r = q.stationCounts.get(id, st) as { checkIns: number; duplicates: number };
      return ok({ checkIns: r.checkIns, duplicates: r.duplicates });
    },
    checkInsByStation(id) {
      const rows = q.checkInsByStation.all(id) as { station: string; n: number }[];
      return ok(Object.fromEntries(rows.map((r) => [r.station, r.n])));
    },
    lastCheckIns: () =>
      ok(
        (q.lastCheckIns.all() as { election_id: string; station: string; received_at: number }[]).map(
          (r) => ({
            electionId: r.election_id,
            station: r.station,
            receivedAt: r.received_at,
          }),
        ),
      ),
    isCancelled: (id, c) => ok(q.isCancelled.get(id, c) !== undefined),
    cancellationIndex: (id, c) => ok(q.cancellationIndex.get(id, c) as number | undefined),
    async close() {
      clearInterval(poll);
      await chain;
      await writer.close();
      db.close();
    },
  };
  return store;
}

function mapOpt<T>(row: unknown, f: (r: unknown) => T): T | undefined {
  return row === undefined ? undefined : f(row);
}

/**
 * Brings the schema up to date, under the write lock (`BEGIN IMMEDIATE`): nodes starting at once
 * on one file migrate it once, the others wait (at start only, up to 5 s) and find it done.
 */
function migrate(db: Database.Database): void {
  const check = (version: number): void => {
    if (version > MIGRATIONS.length)
      throw new Error(`database schema version ${version} is newer than this server (${MIGRATIONS.length})`);
  };
  check(db.pragma('user_version', { simple: true }) as number);
  db.transaction(() => {
    const version = db.pragma('user_version', { simple: true }) as number;
    check(version);
    for (let v = version; v < MIGRATIONS.length; v++) {
      db.exec(MIGRATIONS[v]!);
      db.pragma(`user_version = ${v + 1}`);
    }
  }).immediate();
}
