/**
 * Server configuration (spec/server-api.md §8): defaults < config file (JSON) < environment
 * variables < command-line flags.
 *
 * | setting | flag | env | file key | default |
 * |---|---|---|---|---|
 * | database | --db | EVIDENT_DB | db | election.db |
 * | read replica (PostgreSQL) | --db-read | EVIDENT_DB_READ | dbRead | — |
 * | port | --port | EVIDENT_PORT | port | 8080 |
 * | host | --host | EVIDENT_HOST | host | 127.0.0.1 |
 * | durability | --durability | EVIDENT_DURABILITY | durability | full |
 * | change-feed poll (SQLite, ms) | --notice-ms | EVIDENT_NOTICE_MS | noticeMs | 50 |
 * | SQLite writer | --sqlite-writer | EVIDENT_SQLITE_WRITER | sqliteWriter | thread |
 * | commit delay (ms) | --writer-group-ms | EVIDENT_WRITER_GROUP_MS | writerGroupMs | 0 |
 * | workers | --workers | EVIDENT_WORKERS | workers | CPU count |
 * | rate limit / min | --rate-limit | EVIDENT_RATE_LIMIT | rateLimit | 6000 (0 = off) |
 * | trusted proxies | --trust-proxy | EVIDENT_TRUST_PROXY | trustProxy | off |
 * | admin token | — | EVIDENT_ADMIN_TOKEN | adminToken | — (≥ 32 characters) |
 * | spool folder | — | EVIDENT_SPOOL_DIR | spoolDir | the system's temporary folder |
 * | limits (§10) | — | EVIDENT_<LIMIT> (limits/limit-settings.ts) | limits.<name> | limits/limits.ts |
 * @module
 */
import { readFileSync } from 'node:fs';
import { isIP } from 'node:net';
import { cpus } from 'node:os';
import { limitSettings } from './limits/limit-settings.js';
import type { ServerLimits } from './limits/limits.js';

/** The shortest administrator token: 32 characters, 128 bits when they are hex digits. */
export const MIN_ADMIN_TOKEN_LENGTH = 32;

/** The resolved configuration. */
export interface ServerConfig {
  db: string;
  /** A PostgreSQL streaming replica for the reads that tolerate staleness (spec/server-api.md §6.7). */
  dbRead?: string;
  port: number;
  host: string;
  durability: 'full' | 'normal';
  /**
   * SQLite: how often other processes' commits are looked for (ms; spec/server-api.md §6.6).
   * A node refuses nothing on a view older than this: it reads the store again first.
   */
  noticeMs: number;
  /**
   * SQLite: who writes the batches (spec/server-api.md §6): 'thread', a thread of their own (the
   * default); 'inline', the event loop, which waits for every commit's fsync.
   */
  sqliteWriter: 'thread' | 'inline';
  /** The board writer's commit delay (ms): wait this long for more jobs before a batch that is not full (0: none). */
  writerGroupMs: number;
  workers: number;
  rateLimit: number;
  /**
   * The reverse proxies whose X-Forwarded-For is believed (fastify's `trustProxy`), so that rate
   * limits key on the client's address: their addresses or CIDRs; false (the default) believes
   * no header.
   */
  trustProxy: false | string[];
  adminToken?: string;
  /** Where the server makes its folder for large answers it writes to disk (§6.5). */
  spoolDir?: string;
  /** Limits set by the environment or the file's `limits` object (spec/server-api.md §10). */
  limits: Partial<ServerLimits>;
}

/**
 * Resolves the configuration.
 * @param flags - command-line values (undefined when not given)
 * @throws {Error} naming the setting that is malformed
 */
export function resolveConfig(
  flags: Partial<Record<keyof ServerConfig | 'config', string>>,
  env: NodeJS.ProcessEnv = process.env,
): ServerConfig {
  const file: Record<string, unknown> =
    (flags.config ?? env.EVIDENT_CONFIG)
      ? JSON.parse(readFileSync((flags.config ?? env.EVIDENT_CONFIG)!, 'utf8'))
      : {};
  const pick = (k: keyof ServerConfig, envName: string): string | undefined => {
    const fromFile = Array.isArray(file[k]) ? (file[k] as unknown[]).join(',') : file[k];
    const v = flags[k] ?? env[envName] ?? (fromFile !== undefined ? String(fromFile) : undefined);
    return v === undefined || v === '' ? undefined : v;
  };
  const int = (k: keyof ServerConfig, envName: string, dflt: number, min: number, max: number): number => {
    const v = pick(k, envName);
    if (v === undefined) return dflt;
    const n = Number(v);
    if (!Number.isInteger(n) || n < min || n > max)
      throw new Error(`${k} must be an integer in [${min}, ${max}], got "${v}"`);
    return n;
  };
  const durability = pick('durability', 'EVIDENT_DURABILITY') ?? 'full';
  if (durability !== 'full' && durability !== 'normal')
    throw new Error(`durability must be full or normal, got "${durability}"`);
  const sqliteWriter = pick('sqliteWriter', 'EVIDENT_SQLITE_WRITER') ?? 'thread';
  if (sqliteWriter !== 'thread' && sqliteWriter !== 'inline')
    throw new Error(`sqliteWriter must be thread or inline, got "${sqliteWriter}"`);
  const adminToken = pick('adminToken', 'EVIDENT_ADMIN_TOKEN');
  if (adminToken !== undefined && adminToken.length < MIN_ADMIN_TOKEN_LENGTH)
    // the token itself is never repeated: the message may reach a log
    throw new Error(
      `adminToken (EVIDENT_ADMIN_TOKEN) must be at least ${MIN_ADMIN_TOKEN_LENGTH} characters (128 bits of hex digits), got ${adminToken.length}`,
    );
  return {
    db: pick('db', 'EVIDENT_DB') ?? 'election.db',
    ...(pick('dbRead', 'EVIDENT_DB_READ') !== undefined
      ? { dbRead: pick('dbRead', 'EVIDENT_DB_READ')! }
      : {}),
    port: int('port', 'EVIDENT_PORT', 8080, 0, 65535),
    host: pick('host', 'EVIDENT_HOST') ?? '127.0.0.1',
    durability,
    noticeMs: int('noticeMs', 'EVIDENT_NOTICE_MS', 50, 1, 60_000),
    sqliteWriter,
    writerGroupMs: int('writerGroupMs', 'EVIDENT_WRITER_GROUP_MS', 0, 0, 1000),
    workers: int('workers', 'EVIDENT_WORKERS', cpus().length, 0, 256),
    rateLimit: int('rateLimit', 'EVIDENT_RATE_LIMIT', 6000, 0, 10_000_000),
    trustProxy: parseTrustProxy(pick('trustProxy', 'EVIDENT_TRUST_PROXY')),
    ...(adminToken ? { adminToken } : {}),
    ...(pick('spoolDir', 'EVIDENT_SPOOL_DIR') !== undefined
      ? { spoolDir: pick('spoolDir', 'EVIDENT_SPOOL_DIR')! }
      : {}),
    limits: limitSettings(env, file.limits),
  };
}

/** proxy-addr's named ranges, which fastify accepts in `trustProxy`. */
const NAMED_RANGES = new Set(['loopback', 'linklocal', 'uniquelocal']);

/**
 * `trustProxy`: "false", or a comma-separated list of IP addresses, CIDRs and the named ranges
 * `loopback`, `linklocal`, `uniquelocal`. `true` (every sender is a proxy) is refused: any
 * client could then choose the address its rate limit is counted under; so is a hop count,
 * which fastify cannot check against the connection's address (it trusts nothing then).
 * @throws {Error} naming the setting and the malformed entry
 */
function parseTrustProxy(v: string | undefined): ServerConfig['trustProxy'] {
  if (v === undefined || v === 'false') return false;
  if (v === 'true')
    throw new Error('trustProxy true would let any client choose its address: list the proxies');
  if (/^\d+$/.test(v))
    throw new Error(`trustProxy: a hop count (${v}) cannot be checked, list the proxies' addresses`);
  return v.split(',').map((raw) => {
    const entry = raw.trim();
    if (NAMED_RANGES.has(entry)) return entry;
    const [addr, bits, extra] = entry.split('/');
    const family = isIP(addr ?? '');
    const max = family === 4 ? 32 : 128;
    const okBits = bits === undefined || (/^\d{1,3}$/.test(bits) && Number(bits) <= max);
    if (family === 0 || !okBits || extra !== undefined)
      throw new Error(`trustProxy: "${entry.slice(0, 64)}" is not an IP address, a CIDR or a named range`);
    return entry;
  });
}
