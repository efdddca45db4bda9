/**
 * The limits as configuration settings (spec/server-api.md §8, §10): each limit is read from the
 * environment variable `EVIDENT_<NAME>` or from the configuration file's `limits` object, key
 * `<name>` (environment over file); the rest keep their defaults.
 * @module
 */
import type { ServerLimits } from './limits.js';

/** Each limit and its environment variable. */
export const LIMIT_SETTINGS: Readonly<Record<keyof ServerLimits, string>> = Object.freeze({
  publicBody: 'EVIDENT_PUBLIC_BODY_LIMIT',
  ballotBody: 'EVIDENT_BALLOT_BODY_LIMIT',
  adminBody: 'EVIDENT_ADMIN_BODY_LIMIT',
  trusteeBody: 'EVIDENT_TRUSTEE_BODY_LIMIT',
  streamsMax: 'EVIDENT_STREAMS_MAX',
  streamsPerAddress: 'EVIDENT_STREAMS_PER_ADDRESS',
  streamBuffer: 'EVIDENT_STREAM_BUFFER',
  pageEntries: 'EVIDENT_PAGE_ENTRIES',
  pageBytes: 'EVIDENT_PAGE_BYTES',
  pageCacheBytes: 'EVIDENT_PAGE_CACHE_BYTES',
  requestTimeout: 'EVIDENT_REQUEST_TIMEOUT_MS',
  headersTimeout: 'EVIDENT_HEADERS_TIMEOUT_MS',
  keepAliveTimeout: 'EVIDENT_KEEP_ALIVE_TIMEOUT_MS',
  connectionTimeout: 'EVIDENT_CONNECTION_TIMEOUT_MS',
  verifyQueued: 'EVIDENT_VERIFY_QUEUE_MAX',
  verifyQueueMs: 'EVIDENT_VERIFY_QUEUE_MS',
});

/**
 * The limits the environment and the file's `limits` object set.
 * @throws {Error} naming the setting that is not a non-negative integer
 */
export function limitSettings(env: NodeJS.ProcessEnv, fileLimits: unknown): Partial<ServerLimits> {
  const file = (typeof fileLimits === 'object' && fileLimits !== null ? fileLimits : {}) as Record<
    string,
    unknown
  >;
  const out: Partial<Record<keyof ServerLimits, number>> = {};
  for (const [key, envName] of Object.entries(LIMIT_SETTINGS) as [keyof ServerLimits, string][]) {
    const raw = env[envName] !== undefined && env[envName] !== '' ? env[envName] : file[key];
    if (raw === undefined) continue;
    const n = Number(raw);
    if (!Number.isSafeInteger(n) || n < 0)
      throw new Error(`${envName} (limits.${key}) must be a non-negative integer, got "${String(raw)}"`);
    out[key] = n;
  }
  return out;
}
