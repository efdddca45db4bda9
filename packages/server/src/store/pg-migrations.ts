/**
 * PostgreSQL schema migrations (spec/server-api.md §6.3): the same tables as the SQLite store
 * (migrations.ts), with BIGINT for times and indices and BYTEA for log entries and leaf hashes.
 * Migration i brings `evident_schema.version` from i to i + 1; all pending ones run in one
 * transaction under an advisory lock, so that nodes starting together migrate once. A database
 * whose version is newer than this server's is refused before anything is written.
 * Never edit a released migration: add one.
 * @module
 */
import type { PoolClient } from 'pg';

/** The migrations, in order. */
export const PG_MIGRATIONS: readonly string[] = [
  `
  CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
  CREATE TABLE tokens (
    id TEXT PRIMARY KEY,
    token_hash TEXT NOT NULL UNIQUE,
    role TEXT NOT NULL CHECK (role IN ('administrator', 'station', 'observer', 'trustee')),
    label TEXT NOT NULL,
    created_at BIGINT NOT NULL,
    revoked BOOLEAN NOT NULL DEFAULT FALSE,
    guardian INTEGER,
    station TEXT
  );
  CREATE TABLE elections (
    id TEXT PRIMARY KEY,
    state TEXT NOT NULL,
    profile TEXT NOT NULL,
    manifest TEXT NOT NULL,
    config TEXT NOT NULL,
    init TEXT,
    created_at BIGINT NOT NULL,
    updated_at BIGINT NOT NULL
  );
  CREATE TABLE log_entries (
    election_id TEXT NOT NULL,
    idx BIGINT NOT NULL,
    type TEXT NOT NULL,
    entry BYTEA NOT NULL,
    leaf_hash BYTEA NOT NULL,
    PRIMARY KEY (election_id, idx)
  );
  CREATE INDEX log_entries_by_type ON log_entries (election_id, type, idx);
  CREATE TABLE tree_heads (
    election_id TEXT NOT NULL,
    tree_size BIGINT NOT NULL,
    timestamp BIGINT NOT NULL,
    root_hash TEXT NOT NULL,
    signature TEXT NOT NULL,
    PRIMARY KEY (election_id, tree_size)
  );
  CREATE TABLE ballots (
    election_id TEXT NOT NULL,
    digest TEXT NOT NULL,
    credential TEXT NOT NULL,
    intent TEXT NOT NULL CHECK (intent IN ('cast', 'challenge')),
    confirmation_code TEXT NOT NULL,
    log_index BIGINT NOT NULL,
    superseded_by BIGINT,
    received_at BIGINT NOT NULL,
    PRIMARY KEY (election_id, digest)
  );
  CREATE UNIQUE INDEX ballots_by_index ON ballots (election_id, log_index);
  CREATE INDEX ballots_by_credential ON ballots (election_id, credential, log_index);
  CREATE INDEX ballots_by_code ON ballots (election_id, confirmation_code);
  CREATE TABLE claims (
    election_id TEXT NOT NULL,
    contest_hash TEXT NOT NULL,
    credential TEXT NOT NULL,
    PRIMARY KEY (election_id, contest_hash)
  );
  -- the public credential list
  CREATE TABLE credentials (
    election_id TEXT NOT NULL,
    credential TEXT NOT NULL,
    PRIMARY KEY (election_id, credential)
  );
  -- the private roll mapping (spec/credentials.md §1.2): never published or exported
  CREATE TABLE roll_mapping (
    election_id TEXT NOT NULL,
    voter_id TEXT NOT NULL,
    credential TEXT NOT NULL,
    PRIMARY KEY (election_id, voter_id)
  );
  CREATE TABLE roll (
    election_id TEXT NOT NULL,
    voter_id TEXT NOT NULL,
    station TEXT NOT NULL,
    name TEXT NOT NULL,
    PRIMARY KEY (election_id, voter_id, station)
  );
  CREATE INDEX roll_by_station ON roll (election_id, station, voter_id);
  CREATE TABLE check_ins (
    election_id TEXT NOT NULL,
    id TEXT NOT NULL,
    voter_id TEXT NOT NULL,
    station TEXT NOT NULL,
    checked_by TEXT NOT NULL,
    document TEXT NOT NULL,
    at TEXT NOT NULL,
    received_at BIGINT NOT NULL,
    PRIMARY KEY (election_id, id)
  );
  CREATE INDEX check_ins_by_voter ON check_ins (election_id, voter_id, station);
  CREATE INDEX check_ins_by_station ON check_ins (election_id, station);
  CREATE TABLE cancelled_credentials (
    election_id TEXT NOT NULL,
    credential TEXT NOT NULL,
    station TEXT NOT NULL,
    log_index BIGINT NOT NULL,
    PRIMARY KEY (election_id, credential)
  );
  CREATE TABLE security_events (
    id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    time BIGINT NOT NULL,
    kind TEXT NOT NULL,
    election_id TEXT,
    station TEXT,
    code TEXT NOT NULL,
    reason TEXT NOT NULL,
    field TEXT,
    address TEXT NOT NULL,
    role TEXT
  );
  CREATE INDEX security_events_by_time ON security_events (time, id);
  `,
  // 2: the voters' login state (identity/shared-login-store.ts), shared by every node: OIDC pending
  // logins (by state), spent logins, sessions (by id); private, never exported (SQLite migration 5)
  `
  CREATE TABLE login_state (
    kind TEXT NOT NULL,
    id TEXT NOT NULL,
    value TEXT NOT NULL,
    expires_at BIGINT NOT NULL,
    PRIMARY KEY (kind, id)
  );
  CREATE INDEX login_state_by_expiry ON login_state (expires_at);
  `,
  // 3: the files of accepted mix stages, in chunks (SQLite migration 6)
  `
  CREATE TABLE stage_files (
    upload_id TEXT NOT NULL,
    file TEXT NOT NULL,
    seq INTEGER NOT NULL,
    bytes BYTEA NOT NULL,
    created_at BIGINT NOT NULL,
    election_id TEXT,
    log_index BIGINT,
    PRIMARY KEY (upload_id, file, seq)
  );
  CREATE INDEX stage_files_by_entry ON stage_files (election_id, log_index, file, seq);
  CREATE INDEX stage_files_unadopted ON stage_files (created_at) WHERE log_index IS NULL;
  `,
];

/** The advisory-lock key held while migrating (the write lock's key plus one). */
export const MIGRATION_LOCK_KEY = 0x45766964656e74n + 1n;

/** The schema version a database holds (0 for an empty one). */
export async function schemaVersion(client: PoolClient): Promise<number> {
  const t = await client.query<{ t: string | null }>("SELECT to_regclass('evident_schema')::text AS t");
  if (t.rows[0]?.t === null || t.rows[0]?.t === undefined) return 0;
  const v = await client.query<{ version: number }>('SELECT version FROM evident_schema');
  return v.rows[0]?.version ?? 0;
}

/**
 * Brings the schema to this server's version, in one transaction.
 * @throws if the database's schema is newer than this server's (nothing is written)
 */
export async function migratePg(client: PoolClient): Promise<void> {
  await client.query('BEGIN');
  try {
    await client.query('SELECT pg_advisory_xact_lock($1)', [MIGRATION_LOCK_KEY.toString()]);
    const version = await schemaVersion(client);
    if (version > PG_MIGRATIONS.length) {
      throw new Error(
        `the database's schema version ${version} is newer than this server's (${PG_MIGRATIONS.length}): ` +
          'run a newer evident-server',
      );
    }
    if (version === 0) await client.query('CREATE TABLE evident_schema (version INTEGER NOT NULL)');
    for (let v = version; v < PG_MIGRATIONS.length; v++) await client.query(PG_MIGRATIONS[v]!);
    if (version < PG_MIGRATIONS.length) {
      await client.query('DELETE FROM evident_schema');
      await client.query('INSERT INTO evident_schema (version) VALUES ($1)', [PG_MIGRATIONS.length]);
    }
    await client.query('COMMIT');
  } catch (e) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw e;
  }
}
