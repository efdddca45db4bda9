/**
 * Sign-in sessions of the station's web UI: a random token in a cookie (only its SHA-256 is
 * stored) and a per-session CSRF token that every form carries. A session lasts 12 hours.
 * @module
 */
import { sha256 } from '@noble/hashes/sha2.js';
import { randomBytes } from '@noble/hashes/utils.js';
import { toHex, utf8Bytes } from '@evident/e2e-crypto';
import type Database from 'better-sqlite3';
import { recordAction } from '../store/station-db.js';

export const SESSION_MS = 12 * 3600_000;

/** A live session. */
export interface Session {
  readonly worker: string;
  /** the token every form of this session must carry */
  readonly csrf: string;
  readonly expiresAt: number;
}

const hashToken = (token: string): string => toHex(sha256(utf8Bytes(token)));

/** Opens a session for a signed-in worker; returns the cookie token and the session. */
export function createSession(
  db: Database.Database,
  worker: string,
  now: number,
): { token: string; session: Session } {
  const token = toHex(randomBytes(32));
  const csrf = toHex(randomBytes(32));
  const expiresAt = now + SESSION_MS;
  db.prepare(
    'INSERT INTO sessions (token_hash, worker, csrf, created_at, expires_at) VALUES (?, ?, ?, ?, ?)',
  ).run(hashToken(token), worker, csrf, now, expiresAt);
  return { token, session: { worker, csrf, expiresAt } };
}

/** The live session of a cookie token, or undefined (unknown or expired). */
export function sessionOf(
  db: Database.Database,
  token: string | undefined,
  now: number,
): Session | undefined {
  if (token === undefined || !/^[0-9A-F]{64}$/.test(token)) return undefined;
  const row = db
    .prepare('SELECT worker, csrf, expires_at FROM sessions WHERE token_hash = ?')
    .get(hashToken(token)) as { worker: string; csrf: string; expires_at: number } | undefined;
  if (row === undefined || row.expires_at <= now) return undefined;
  return { worker: row.worker, csrf: row.csrf, expiresAt: row.expires_at };
}

/** Ends a session (sign-out). */
export function endSession(db: Database.Database, token: string, now: number): void {
  const s = sessionOf(db, token, now);
  db.prepare('DELETE FROM sessions WHERE token_hash = ?').run(hashToken(token));
  if (s) recordAction(db, { worker: s.worker, action: 'sign-out' }, now);
}
