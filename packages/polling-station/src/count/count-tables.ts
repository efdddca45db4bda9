/**
 * The counting tables of the station database (spec/stations.md §5, §7). A counted ballot's
 * choices are kept as a per-contest multiset — (contest, choice) → how many — never as a row per
 * ballot, so the station's own disk holds nothing that links one ballot's choices across
 * contests. Counted serials are kept to recognise a copy.
 * @module
 */
import type Database from 'better-sqlite3';

/** Creates the counting tables if they are missing. */
export function ensureCountTables(db: Database.Database): void {
  db.exec(`
    CREATE TABLE IF NOT EXISTS count_session (
      id INTEGER PRIMARY KEY CHECK (id = 1),
      started_at INTEGER NOT NULL,
      offset_ms INTEGER,
      measured_at INTEGER,
      override TEXT,
      counted_by TEXT NOT NULL,
      finished_at INTEGER,
      check_ins INTEGER,
      reconciliation TEXT
    );
    CREATE TABLE IF NOT EXISTS count_serials (
      serial TEXT PRIMARY KEY,
      kind TEXT NOT NULL CHECK (kind IN ('bmd', 'hand-marked'))
    ) WITHOUT ROWID;
    CREATE TABLE IF NOT EXISTS count_pending (
      id INTEGER PRIMARY KEY CHECK (id = 1),
      serial TEXT NOT NULL
    );
    CREATE TABLE IF NOT EXISTS count_choices (
      contest TEXT NOT NULL,
      choice TEXT NOT NULL,
      n INTEGER NOT NULL,
      PRIMARY KEY (contest, choice)
    ) WITHOUT ROWID;
    CREATE TABLE IF NOT EXISTS count_rejections (
      id INTEGER PRIMARY KEY,
      reason TEXT NOT NULL,
      message TEXT NOT NULL,
      at INTEGER NOT NULL
    );
    CREATE TABLE IF NOT EXISTS count_sheets (
      sequence INTEGER PRIMARY KEY,
      sheet_hash TEXT NOT NULL UNIQUE,
      signed TEXT NOT NULL,
      cvrs TEXT NOT NULL,
      made_at INTEGER NOT NULL
    );
  `);
}
