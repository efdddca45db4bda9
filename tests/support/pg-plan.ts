/**
 * Where the PostgreSQL tests find a server, and what they do without one: `EVIDENT_PG_URL` (an
 * administrator's URL of a server to use: each test file makes databases or schemas of its own),
 * else a throwaway cluster from Debian's `postgresql` package (/usr/lib/postgresql/N/bin, the
 * newest N; or EVIDENT_PG_BIN). Without either, a PostgreSQL suite is skipped with the reason in
 * its title, which the reporter (browser-reporter.ts) lists at the end of the run; on CI
 * (CI=true) it fails instead. EVIDENT_SKIP_PG=1 skips them on purpose, CI included.
 * No vitest import here: vitest.config.ts and the reporter load this module too.
 * @module
 */
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';

/** How to get PostgreSQL. */
export const POSTGRESQL_INSTALL = 'apt-get install -y postgresql';
/** What a skipped PostgreSQL suite's title ends with, before the reason. */
export const PG_NOT_RUN_MARK = 'PostgreSQL tests not run: ';

/** Use this server, start a cluster with these binaries, skip (with the reason), or fail. */
export type PgPlan =
  { readonly url: string } | { readonly bin: string } | { readonly skip: string } | { readonly fail: string };

const truthy = (v: string | undefined): boolean => v !== undefined && !['', '0', 'false'].includes(v);

/** The newest Debian PostgreSQL binaries folder, if any. */
function debianBin(exists: (p: string) => boolean): string | undefined {
  const root = '/usr/lib/postgresql';
  let versions: string[] = [];
  try {
    versions = readdirSync(root).filter((v) => /^\d+$/.test(v));
  } catch {
    return undefined;
  }
  versions.sort((a, b) => Number(b) - Number(a));
  return versions.map((v) => join(root, v, 'bin')).find((b) => exists(join(b, 'initdb')));
}

/** What the PostgreSQL suites do in this environment. */
export function pgPlan(
  env: Readonly<Record<string, string | undefined>> = process.env,
  exists: (path: string) => boolean = existsSync,
): PgPlan {
  if (env['EVIDENT_SKIP_PG'] === '1') return { skip: 'EVIDENT_SKIP_PG=1 (unset it to run them)' };
  if (env['EVIDENT_PG_URL']) return { url: env['EVIDENT_PG_URL'] };
  const bin = env['EVIDENT_PG_BIN'] ?? debianBin(exists);
  if (bin !== undefined && exists(join(bin, 'initdb'))) return { bin };
  const missing = `no PostgreSQL (no initdb under /usr/lib/postgresql/*/bin, no EVIDENT_PG_URL); install Debian's postgresql (${POSTGRESQL_INSTALL}) to run them`;
  if (truthy(env['CI'])) return { fail: `${missing} (CI=${env['CI']}: CI must run the PostgreSQL tests)` };
  return { skip: missing };
}

/** The reason a suite of this title was not run, if it is a skipped PostgreSQL suite. */
export function pgNotRunReason(suiteTitle: string): string | undefined {
  const i = suiteTitle.lastIndexOf(`(${PG_NOT_RUN_MARK}`);
  return i < 0 || !suiteTitle.endsWith(')')
    ? undefined
    : suiteTitle.slice(i + PG_NOT_RUN_MARK.length + 1, -1);
}

/** Whether a plan runs PostgreSQL. */
export const runsPg = (p: PgPlan): p is { readonly url: string } | { readonly bin: string } =>
  'url' in p || 'bin' in p;
