/**
 * The station-core functions that printing, counting and their commands call, in one place.
 *
 * STAND-INS until station-core's modules are merged: each function below has the name and
 * signature of station-core's (store/station-db, sync/clock, sync/outbox, pollbook/check-in,
 * provision/provision, keys/station-key, keys/passphrase, workers/workers) and works on the same
 * tables. At the merge, this file's body becomes:
 *
 *   export { openStationDb, recordAction, getMeta, setMeta, type StationDb } from '../store/station-db.js';
 *   export { lastClockOffset } from '../sync/clock.js';
 *   export { enqueue } from '../sync/outbox.js';
 *   export { checkInCount } from '../pollbook/check-in.js';
 *   export { storedBundle } from '../provision/provision.js';
 *   export { openStationKey } from '../keys/station-key.js';
 *   export { stationPassphrase, readSecretInput } from '../keys/passphrase.js';
 *   export { requireWorker } from '../workers/workers.js';
 *   export { StationError } from '../station-error.js';
 * @module
 */
import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { sha256 } from '@noble/hashes/sha2.js';
import { type Manifest, toHex, utf8Bytes } from '@evident/e2e-crypto';
import { readSealedKey } from '../ballots/sealed-key-file.js';
import { StationFileError } from '../ballots/station-file-error.js';

export interface StationDb {
  readonly db: Database.Database;
  readonly dir: string;
  readonly now: () => number;
  close(): void;
}

/** Stand-in: `<dir>/station.db`, WAL, the station-core tables counting reads and writes. */
export function openStationDb(dir: string, opts: { now?: () => number } = {}): StationDb {
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  const db = new Database(join(dir, 'station.db'));
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = FULL');
  db.exec(`CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
    CREATE TABLE IF NOT EXISTS actions (seq INTEGER PRIMARY KEY AUTOINCREMENT, at TEXT NOT NULL, worker TEXT NOT NULL, action TEXT NOT NULL, detail TEXT);
    CREATE TABLE IF NOT EXISTS workers (name TEXT PRIMARY KEY, hash TEXT NOT NULL);
    CREATE TABLE IF NOT EXISTS check_ins (id TEXT PRIMARY KEY, voter_id TEXT NOT NULL UNIQUE);
    CREATE TABLE IF NOT EXISTS outbox (seq INTEGER PRIMARY KEY AUTOINCREMENT, kind TEXT NOT NULL, method TEXT NOT NULL, path TEXT NOT NULL,
      body TEXT NOT NULL, ref TEXT, status TEXT NOT NULL DEFAULT 'pending', created_at INTEGER NOT NULL);`);
  return { db, dir, now: opts.now ?? Date.now, close: () => db.close() };
}

export function getMeta<T>(db: Database.Database, key: string): T | undefined {
  const row = db.prepare('SELECT value FROM meta WHERE key = ?').get(key) as { value: string } | undefined;
  return row === undefined ? undefined : (JSON.parse(row.value) as T);
}

export function setMeta(db: Database.Database, key: string, value: unknown): void {
  db.prepare(
    'INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value',
  ).run(key, JSON.stringify(value));
}

export function recordAction(
  db: Database.Database,
  a: { worker: string; action: string; detail?: string | Record<string, unknown> },
  at: number = Date.now(),
): void {
  const detail =
    a.detail === undefined ? null : typeof a.detail === 'string' ? a.detail : JSON.stringify(a.detail);
  db.prepare('INSERT INTO actions (at, worker, action, detail) VALUES (?, ?, ?, ?)').run(
    new Date(at).toISOString(),
    a.worker,
    a.action,
    detail,
  );
}

export function lastClockOffset(
  db: Database.Database,
): { offsetMs: number; roundTripMs: number; measuredAt: number } | null {
  return getMeta(db, 'clockOffset') ?? null;
}

export function enqueue(
  db: Database.Database,
  req: { kind: string; method: 'POST' | 'PUT'; path: string; body: unknown; ref?: string },
  now: number = Date.now(),
): number {
  const r = db
    .prepare('INSERT INTO outbox (kind, method, path, body, ref, created_at) VALUES (?, ?, ?, ?, ?, ?)')
    .run(req.kind, req.method, req.path, JSON.stringify(req.body), req.ref ?? null, now);
  return Number(r.lastInsertRowid);
}

export function checkInCount(db: Database.Database): number {
  return db.prepare('SELECT COUNT(*) FROM check_ins').pluck().get() as number;
}

/** The provisioning bundle's fields counting uses (station-core stores the whole bundle). */
export interface StoredBundle {
  readonly electionId: string;
  readonly station: string;
  readonly manifest: Manifest;
  readonly stationKey: string | null;
  readonly printingKey: string | null;
  readonly timeZone: string;
  readonly countingStart: string;
  readonly countingStartInstant: number;
}

export function storedBundle(db: Database.Database): StoredBundle | undefined {
  return getMeta<StoredBundle>(db, 'bundle');
}

export function openStationKey(
  dir: string,
  passphrase: string,
): { secretKey: Uint8Array; publicKeyHex: string } {
  const k = readSealedKey(join(dir, 'station-key.json'), 'evident-station/station-key', passphrase);
  return { secretKey: k.secretKey, publicKeyHex: k.publicKey };
}

export function readSecretInput(file: string | undefined, env: string, what: string): string {
  if (file !== undefined) {
    let line: string;
    try {
      line = readFileSync(file, 'utf8').split(/\r?\n/)[0] ?? '';
    } catch {
      throw new StationFileError(file, `cannot read the ${what}`);
    }
    if (line === '') throw new StationFileError(file, `the ${what} file is empty`);
    return line;
  }
  const v = process.env[env];
  if (!v) throw new StationFileError(env, `no ${what}: give a file with the --…-file option or set ${env}`);
  return v;
}

export function stationPassphrase(file: string | undefined): string {
  return readSecretInput(file, 'EVIDENT_STATION_PASSPHRASE', 'station passphrase');
}

/** A refusal with the command's exit code (1: refused or invalid data, 2: unusable input). */
export class StationError extends Error {
  constructor(
    readonly exitCode: 1 | 2,
    message: string,
  ) {
    super(message);
    this.name = 'StationError';
  }
}

/** Stand-in sign-in (station-core's checks a scrypt hash and locks after failures). */
export function requireWorker(db: Database.Database, name: string, secret: string): string {
  const row = db.prepare('SELECT hash FROM workers WHERE name = ?').get(name) as { hash: string } | undefined;
  if (!row || row.hash !== toHex(sha256(utf8Bytes(secret))))
    throw new StationError(1, 'unknown worker or wrong PIN/passphrase');
  return name;
}
