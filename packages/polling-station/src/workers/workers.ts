/**
 * Poll workers and their sign-in (spec/stations.md §4): each worker has a name and a PIN or
 * passphrase; five failed sign-ins in a row lock the worker out for a quarter of an hour.
 * Every change is recorded in the audit trail, in the same transaction.
 * @module
 */
import type Database from 'better-sqlite3';
import { StationError } from '../station-error.js';
import { recordAction } from '../store/station-db.js';
import {
  checkWorkerSecret,
  classifyWorkerSecret,
  hashWorkerSecret,
  WORKER_LOG_N,
  type WorkerSecretKind,
} from './worker-secret.js';

/** Failed attempts in a row that lock a worker out. */
export const MAX_FAILURES = 5;
/** How long the lock lasts. */
export const LOCK_MS = 15 * 60_000;

const NAME = /^[a-z0-9][a-z0-9._-]{0,39}$/;

/** A poll worker, as listed (never the hash). */
export interface Worker {
  readonly name: string;
  readonly kind: WorkerSecretKind;
  readonly createdAt: string;
  /** ms since the epoch; 0 when not locked */
  readonly lockedUntil: number;
}

interface WorkerRow {
  name: string;
  kind: WorkerSecretKind;
  hash: string;
  salt: string;
  log_n: number;
  failures: number;
  locked_until: number;
  created_at: string;
}

/**
 * Adds a poll worker.
 * @param by - who adds (recorded)
 * @throws {StationError} for a bad name, a weak secret or a name already taken
 */
export function addWorker(
  db: Database.Database,
  w: { name: string; secret: string; by: string; now?: number; logN?: number },
): Worker {
  if (!NAME.test(w.name))
    throw new StationError(
      2,
      `worker name "${w.name}": 1–40 characters a–z, 0–9, ".", "_", "-", starting with a letter or digit`,
    );
  const kind = classifyWorkerSecret(w.secret);
  if (!kind.ok) throw new StationError(2, `worker ${w.name}: ${kind.message}`);
  const h = hashWorkerSecret(w.secret, w.logN ?? WORKER_LOG_N);
  const now = w.now ?? Date.now();
  const createdAt = new Date(now).toISOString();
  db.transaction(() => {
    if (db.prepare('SELECT 1 FROM workers WHERE name = ?').get(w.name))
      throw new StationError(1, `worker ${w.name} exists`);
    db.prepare(
      'INSERT INTO workers (name, kind, hash, salt, log_n, created_at) VALUES (?, ?, ?, ?, ?, ?)',
    ).run(w.name, kind.kind, h.hash, h.salt, h.logN, createdAt);
    recordAction(db, { worker: w.by, action: 'worker-add', detail: { name: w.name, kind: kind.kind } }, now);
  })();
  return { name: w.name, kind: kind.kind, createdAt, lockedUntil: 0 };
}

/** The station's poll workers, by name. */
export function listWorkers(db: Database.Database): Worker[] {
  const rows = db.prepare('SELECT * FROM workers ORDER BY name').all() as WorkerRow[];
  return rows.map((r) => ({
    name: r.name,
    kind: r.kind,
    createdAt: r.created_at,
    lockedUntil: r.locked_until,
  }));
}

/** The outcome of a sign-in. */
export type SignIn =
  | { readonly ok: true; readonly worker: string }
  | { readonly ok: false; readonly reason: 'refused' | 'locked'; readonly message: string };

/**
 * Checks a worker's secret, counting failures and locking after {@link MAX_FAILURES}. A locked
 * worker is refused without the secret being checked. Every attempt is recorded (never the secret).
 */
export function signIn(
  db: Database.Database,
  name: string,
  secret: string,
  now: number = Date.now(),
): SignIn {
  const row = db.prepare('SELECT * FROM workers WHERE name = ?').get(name) as WorkerRow | undefined;
  if (row === undefined) {
    recordAction(
      db,
      {
        worker: name.slice(0, 40) || '(empty)',
        action: 'sign-in-refused',
        detail: { why: 'unknown worker' },
      },
      now,
    );
    return { ok: false, reason: 'refused', message: 'unknown worker or wrong PIN/passphrase' };
  }
  if (row.locked_until > now) {
    recordAction(db, { worker: name, action: 'sign-in-refused', detail: { why: 'locked' } }, now);
    return { ok: false, reason: 'locked', message: lockedMessage(name, row.locked_until) };
  }
  const good = checkWorkerSecret(secret, { hash: row.hash, salt: row.salt, logN: row.log_n });
  return db.transaction((): SignIn => {
    if (good) {
      db.prepare('UPDATE workers SET failures = 0, locked_until = 0 WHERE name = ?').run(name);
      recordAction(db, { worker: name, action: 'sign-in' }, now);
      return { ok: true, worker: name };
    }
    const failures = row.failures + 1;
    if (failures >= MAX_FAILURES) {
      const until = now + LOCK_MS;
      db.prepare('UPDATE workers SET failures = 0, locked_until = ? WHERE name = ?').run(until, name);
      recordAction(
        db,
        { worker: name, action: 'worker-locked', detail: { failures, until: new Date(until).toISOString() } },
        now,
      );
      return { ok: false, reason: 'locked', message: lockedMessage(name, until) };
    }
    db.prepare('UPDATE workers SET failures = ? WHERE name = ?').run(failures, name);
    recordAction(
      db,
      { worker: name, action: 'sign-in-refused', detail: { why: 'wrong secret', failures } },
      now,
    );
    return { ok: false, reason: 'refused', message: 'unknown worker or wrong PIN/passphrase' };
  })();
}

function lockedMessage(name: string, until: number): string {
  return `worker ${name} is locked after ${MAX_FAILURES} failed sign-ins until ${new Date(until).toISOString()}`;
}

/**
 * Signs a worker in or throws: for commands that act in a worker's name.
 * @throws {StationError} exit 1 naming the worker when refused or locked
 */
export function requireWorker(db: Database.Database, name: string, secret: string, now?: number): string {
  const r = signIn(db, name, secret, now);
  if (!r.ok) throw new StationError(1, r.message);
  return r.worker;
}
