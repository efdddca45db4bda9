/**
 * Server configuration (spec/server-api.md §8): defaults < config file (JSON) < environment
 * variables < command-line flags.
 *
 * | setting | flag | env | file key | default |
 * |---|---|---|---|---|
 * | database | --db | EVIDENT_DB | db | election.db |
 * | port | --port | EVIDENT_PORT | port | 8080 |
 * | host | --host | EVIDENT_HOST | host | 127.0.0.1 |
 * | durability | --durability | EVIDENT_DURABILITY | durability | full |
 * | workers | --workers | EVIDENT_WORKERS | workers | CPU count |
 * | rate limit / min | --rate-limit | EVIDENT_RATE_LIMIT | rateLimit | 6000 (0 = off) |
 * | admin token | — | EVIDENT_ADMIN_TOKEN | adminToken | — |
 * | limits (§10) | — | EVIDENT_<LIMIT> (limits/limit-settings.ts) | limits.<name> | limits/limits.ts |
 * @module
 */
import { readFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { limitSettings } from './limits/limit-settings.js';
import type { ServerLimits } from './limits/limits.js';

/** The resolved configuration. */
export interface ServerConfig {
  db: string;
  port: number;
  host: string;
  durability: 'full' | 'normal';
  workers: number;
  rateLimit: number;
  adminToken?: string;
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
    const v = flags[k] ?? env[envName] ?? (file[k] !== undefined ? String(file[k]) : undefined);
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
  const adminToken = pick('adminToken', 'EVIDENT_ADMIN_TOKEN');
  return {
    db: pick('db', 'EVIDENT_DB') ?? 'election.db',
    port: int('port', 'EVIDENT_PORT', 8080, 0, 65535),
    host: pick('host', 'EVIDENT_HOST') ?? '127.0.0.1',
    durability,
    workers: int('workers', 'EVIDENT_WORKERS', cpus().length, 0, 256),
    rateLimit: int('rateLimit', 'EVIDENT_RATE_LIMIT', 6000, 0, 10_000_000),
    ...(adminToken ? { adminToken } : {}),
    limits: limitSettings(env, file.limits),
  };
}
