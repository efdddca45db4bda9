/**
 * SQLite schema migrations (spec/server-api.md §6.2). Migration i brings `PRAGMA user_version`
 * from i to i + 1; they run in one transaction at start. Never edit a released migration: add one.
 * @module
 */

/** The migrations, in order. */
export const MIGRATIONS: readonly string[] = [
  `
  CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
  CREATE TABLE tokens (
    id TEXT PRIMARY KEY,
    token_hash TEXT NOT NULL UNIQUE,
    role TEXT NOT NULL CHECK (role IN ('administrator', 'station', 'observer')),
    label TEXT NOT NULL,
    created_at INTEGER NOT NULL,
    revoked INTEGER NOT NULL DEFAULT 0
  );
  CREATE TABLE elections (
    id TEXT PRIMARY KEY,
    state TEXT NOT NULL,
    profile TEXT NOT NULL,
    manifest TEXT NOT NULL,
    config TEXT NOT NULL,
    init TEXT,
    created_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL
  );
  CREATE TABLE log_entries (
    election_id TEXT NOT NULL,
    idx INTEGER NOT NULL,
    type TEXT NOT NULL,
    entry BLOB NOT NULL,
    leaf_hash BLOB NOT NULL,
    PRIMARY KEY (election_id, idx)
  ) WITHOUT ROWID;
  CREATE TABLE tree_heads (
    election_id TEXT NOT NULL,
    tree_size INTEGER NOT NULL,
    timestamp INTEGER NOT NULL,
    root_hash TEXT NOT NULL,
    signature TEXT NOT NULL,
    PRIMARY KEY (election_id, tree_size)
  ) WITHOUT ROWID;
  CREATE TABLE ballots (
    election_id TEXT NOT NULL,
    digest TEXT NOT NULL,
    credential TEXT NOT NULL,
    intent TEXT NOT NULL CHECK (intent IN ('cast', 'challenge')),
    confirmation_code TEXT NOT NULL,
    log_index INTEGER NOT NULL,
    superseded_by INTEGER,
    received_at INTEGER NOT NULL,
    PRIMARY KEY (election_id, digest)
  ) WITHOUT ROWID;
  CREATE UNIQUE INDEX ballots_by_index ON ballots (election_id, log_index);
  CREATE INDEX ballots_by_credential ON ballots (election_id, credential, log_index);
  CREATE INDEX ballots_by_code ON ballots (election_id, confirmation_code);
  CREATE TABLE claims (
    election_id TEXT NOT NULL,
    contest_hash TEXT NOT NULL,
    credential TEXT NOT NULL,
    PRIMARY KEY (election_id, contest_hash)
  ) WITHOUT ROWID;
  -- the public credential list
  CREATE TABLE credentials (
    election_id TEXT NOT NULL,
    credential TEXT NOT NULL,
    PRIMARY KEY (election_id, credential)
  ) WITHOUT ROWID;
  -- the private roll mapping (spec/credentials.md §1.2): never published or exported
  CREATE TABLE roll_mapping (
    election_id TEXT NOT NULL,
    voter_id TEXT NOT NULL,
    credential TEXT NOT NULL,
    PRIMARY KEY (election_id, voter_id)
  ) WITHOUT ROWID;
  `,
  // 2: the trustee role (spec/server-api.md §3), bound to one guardian coordinate
  `
  CREATE TABLE tokens_v2 (
    id TEXT PRIMARY KEY,
    token_hash TEXT NOT NULL UNIQUE,
    role TEXT NOT NULL CHECK (role IN ('administrator', 'station', 'observer', 'trustee')),
    label TEXT NOT NULL,
    created_at INTEGER NOT NULL,
    revoked INTEGER NOT NULL DEFAULT 0,
    guardian INTEGER
  );
  INSERT INTO tokens_v2 (id, token_hash, role, label, created_at, revoked)
    SELECT id, token_hash, role, label, created_at, revoked FROM tokens;
  DROP TABLE tokens;
  ALTER TABLE tokens_v2 RENAME TO tokens;
  `,
  // 3: the paper channel's private data (spec/server-api.md §11): station tokens bound to a
  // station, the roll (voters by station, never published), check-ins and cancelled credentials
  `
  ALTER TABLE tokens ADD COLUMN station TEXT;
  CREATE TABLE roll (
    election_id TEXT NOT NULL,
    voter_id TEXT NOT NULL,
    station TEXT NOT NULL,
    name TEXT NOT NULL,
    PRIMARY KEY (election_id, voter_id, station)
  ) WITHOUT ROWID;
  CREATE INDEX roll_by_station ON roll (election_id, station, voter_id);
  CREATE TABLE check_ins (
    election_id TEXT NOT NULL,
    id TEXT NOT NULL,
    voter_id TEXT NOT NULL,
    station TEXT NOT NULL,
    checked_by TEXT NOT NULL,
    document TEXT NOT NULL,
    at TEXT NOT NULL,
    received_at INTEGER NOT NULL,
    PRIMARY KEY (election_id, id)
  ) WITHOUT ROWID;
  CREATE INDEX check_ins_by_voter ON check_ins (election_id, voter_id, station);
  CREATE INDEX check_ins_by_station ON check_ins (election_id, station);
  CREATE TABLE cancelled_credentials (
    election_id TEXT NOT NULL,
    credential TEXT NOT NULL,
    station TEXT NOT NULL,
    log_index INTEGER NOT NULL,
    PRIMARY KEY (election_id, credential)
  ) WITHOUT ROWID;
  `,
  // 4: security events (spec/server-api.md §12.4): refusals at station intake, kept for officials
  `
  CREATE TABLE security_events (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    time INTEGER NOT NULL,
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
  -- the paper channel's state is read from its few entries among the ballots (sheets/paper-index.ts)
  CREATE INDEX log_entries_by_type ON log_entries (election_id, type, idx);
  `,
  // 5: the voters' login state (identity/shared-login-store.ts), shared by every node of a store:
  // OIDC pending logins (by state), spent logins, sessions (by id); private, never exported
  `
  CREATE TABLE login_state (
    kind TEXT NOT NULL,
    id TEXT NOT NULL,
    value TEXT NOT NULL,
    expires_at INTEGER NOT NULL,
    PRIMARY KEY (kind, id)
  ) WITHOUT ROWID;
  CREATE INDEX login_state_by_expiry ON login_state (expires_at);
  `,
  // 6: the files of accepted mix stages (spec/mixnet.md §8.6), in chunks: written under an upload
  // id, adopted by the mix-stage entry's batch (election_id, log_index set), the rest swept
  `
  CREATE TABLE stage_files (
    upload_id TEXT NOT NULL,
    file TEXT NOT NULL,
    seq INTEGER NOT NULL,
    bytes BLOB NOT NULL,
    created_at INTEGER NOT NULL,
    election_id TEXT,
    log_index INTEGER,
    PRIMARY KEY (upload_id, file, seq)
  ) WITHOUT ROWID;
  CREATE INDEX stage_files_by_entry ON stage_files (election_id, log_index, file, seq);
  CREATE INDEX stage_files_unadopted ON stage_files (created_at) WHERE log_index IS NULL;
  `,
];
