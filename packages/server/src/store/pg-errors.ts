/**
 * PostgreSQL errors as the server tells them: a lost or refused connection becomes
 * {@link StoreUnavailableError} (answered 503 with `Retry-After`); at start-up, a clear sentence
 * naming the problem and the server (user, host, port, database), never the password.
 * @module
 */
import { LogConflictError, StoreUnavailableError } from './store.js';

const CONNECTION_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ECONNABORTED',
  'EPIPE',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ENOTFOUND',
  'EAI_AGAIN',
  '57P01', // admin_shutdown
  '57P02', // crash_shutdown
  '57P03', // cannot_connect_now (starting up, shutting down, recovery)
]);
const CONNECTION_MESSAGES = [
  'Connection terminated',
  'connection error',
  'not queryable',
  'timeout exceeded when trying to connect',
  'Client was closed',
];

/** Whether an error means the database cannot be reached now (rather than a bad query). */
export function isConnectionError(e: unknown): boolean {
  if (e instanceof StoreUnavailableError) return true;
  if (!(e instanceof Error)) return false;
  const code = (e as { code?: unknown }).code;
  if (typeof code === 'string' && (CONNECTION_CODES.has(code) || code.startsWith('08'))) return true;
  return CONNECTION_MESSAGES.some((m) => e.message.includes(m));
}

/**
 * The error a store method throws for `e`: {@link StoreUnavailableError} for a connection error,
 * {@link LogConflictError} for a log entry at an index already stored (unique violation 23505 on
 * `log_entries_pkey`: the writer's tree was out of step, it reloads; never a 500).
 */
export function storeError(e: unknown): unknown {
  const { code, constraint } = (e ?? {}) as { code?: unknown; constraint?: unknown };
  if (code === '23505' && constraint === 'log_entries_pkey')
    return new LogConflictError('a log entry of the batch is already stored (log_entries_pkey)');
  if (e instanceof StoreUnavailableError || !isConnectionError(e)) return e;
  return new StoreUnavailableError(
    `the PostgreSQL database is unavailable${typeof code === 'string' ? ` (${code})` : ''}`,
  );
}

/** `user@host:port/database` of a connection URL: what messages name (never the password). */
export function describeServer(url: URL): string {
  const host = url.hostname || url.searchParams.get('host') || 'localhost';
  const user = url.username ? `${decodeURIComponent(url.username)}@` : '';
  return `${user}${host}:${url.port || '5432'}${url.pathname || '/'}`;
}

/** The start-up message for an error met while connecting to `where` ({@link describeServer}). */
export function startupMessage(e: unknown, where: string): string {
  const code = (e as { code?: unknown }).code;
  const reason: Record<string, string> = {
    ECONNREFUSED: 'connection refused (is PostgreSQL running there?)',
    ENOTFOUND: 'unknown host',
    EAI_AGAIN: 'the host name cannot be resolved now',
    ETIMEDOUT: 'connection timed out',
    EHOSTUNREACH: 'host unreachable',
    '28P01': 'password authentication failed',
    '28000': 'authentication refused',
    '3D000': 'the database does not exist',
    '57P03': 'the server does not accept connections now',
  };
  const why = typeof code === 'string' && reason[code] ? reason[code] : (e as Error).message;
  return `cannot use the PostgreSQL database ${where}: ${why}`;
}
