/**
 * A PostgreSQL server for tests (see pg-plan.ts): the one `EVIDENT_PG_URL` names, or a throwaway
 * cluster — `initdb` into a temporary folder, started on a free loopback port with its socket in
 * that folder, `fsync` off (a test cluster is thrown away; the store's own durability does not
 * depend on it), stopped and removed by {@link PgServer.stop}. Run as root, the binaries run as
 * the `postgres` system user (initdb refuses root), which owns the folder.
 * @module
 */
import { execFileSync } from 'node:child_process';
import { chownSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';

/** A server the tests may use. */
export interface PgServer {
  /** An administrator's URL (database `postgres`). */
  readonly url: string;
  /** The data folder of a cluster of ours (undefined for `EVIDENT_PG_URL`'s server). */
  readonly dataDir?: string;
  /** Stops the server (a cluster of ours: the data is kept for {@link PgServer.start}). */
  halt(): void;
  /** Starts a halted cluster again on the same port. */
  start(): void;
  /** Stops and removes a cluster of ours; nothing for a given server. */
  stop(): void;
}

/** A free loopback TCP port. */
export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const a = s.address();
      s.close(() => (typeof a === 'object' && a ? resolve(a.port) : reject(new Error('no port'))));
    });
  });
}

/** Runs a PostgreSQL binary (as `postgres` when we are root). */
function run(bin: string, tool: string, args: string[]): void {
  const asRoot = process.getuid?.() === 0;
  const [cmd, argv] = asRoot
    ? ['runuser', ['-u', 'postgres', '--', join(bin, tool), ...args]]
    : [join(bin, tool), args];
  execFileSync(cmd, argv, { stdio: ['ignore', 'pipe', 'pipe'], cwd: tmpdir() });
}

/**
 * The server of the plan: the given URL, or a new cluster.
 * @param plan - a plan with `url` or `bin`
 */
export async function startPgServer(
  plan: { readonly url: string } | { readonly bin: string },
): Promise<PgServer> {
  if ('url' in plan) {
    const nothing = (): void => undefined;
    return { url: plan.url, halt: nothing, start: nothing, stop: nothing };
  }
  const dir = mkdtempSync(join(tmpdir(), 'evident-pg-'));
  if (process.getuid?.() === 0) {
    const uid = Number(execFileSync('id', ['-u', 'postgres']).toString().trim());
    const gid = Number(execFileSync('id', ['-g', 'postgres']).toString().trim());
    chownSync(dir, uid, gid);
  }
  const data = join(dir, 'data');
  const port = await freePort();
  run(plan.bin, 'initdb', [
    '-D',
    data,
    '-A',
    'trust',
    '-U',
    'postgres',
    '-E',
    'UTF8',
    '--no-sync',
    '--locale=C',
  ]);
  const options = [
    `-p ${port}`,
    `-k ${dir}`,
    "-c listen_addresses='127.0.0.1'",
    '-c fsync=off',
    '-c full_page_writes=off',
    '-c max_connections=400',
    '-c shared_buffers=64MB',
  ].join(' ');
  const start = (): void =>
    run(plan.bin, 'pg_ctl', ['-D', data, '-o', options, '-l', join(dir, 'log'), '-w', 'start']);
  const halt = (): void => run(plan.bin, 'pg_ctl', ['-D', data, '-m', 'fast', '-w', 'stop']);
  start();
  let stopped = false;
  return {
    url: `postgres://postgres@127.0.0.1:${port}/postgres`,
    dataDir: data,
    halt,
    start,
    stop() {
      if (stopped) return;
      stopped = true;
      try {
        run(plan.bin, 'pg_ctl', ['-D', data, '-m', 'immediate', '-w', 'stop']);
      } catch {
        // already stopped
      }
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** Runs `sql` as the administrator of `url`. */
export async function adminQuery(url: string, sql: string): Promise<void> {
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  try {
    await c.query(sql);
  } finally {
    await c.end();
  }
}

let counter = 0;
/** A unique name for a database or schema of this process. */
export function freshName(prefix: string): string {
  return `${prefix}_${process.pid}_${Date.now().toString(36)}_${counter++}`;
}

/** A new empty database on the server; its URL. */
export async function freshDatabase(adminUrl: string, prefix = 'evident_t'): Promise<string> {
  const name = freshName(prefix);
  await adminQuery(adminUrl, `CREATE DATABASE ${name}`);
  const u = new URL(adminUrl);
  u.pathname = `/${name}`;
  return u.toString();
}

/** A new empty schema in the database of `url`; the URL whose connections use it. */
export async function freshSchema(url: string, prefix = 'evident_s'): Promise<string> {
  const name = freshName(prefix);
  await adminQuery(url, `CREATE SCHEMA ${name}`);
  const u = new URL(url);
  u.searchParams.set('options', `-c search_path=${name}`);
  return u.toString();
}
