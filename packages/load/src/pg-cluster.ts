/**
 * A throwaway PostgreSQL cluster from Debian's `postgresql` package: `initdb` into a temporary
 * folder, started on a free loopback port with its socket in that folder, stopped and removed by
 * {@link PgCluster.stop}. Run as root, the binaries run as the `postgres` system user (initdb
 * refuses root), which owns the folder. Used by the benches (`--db postgres`, durable: fsync and
 * synchronous_commit on) and by the tests (tests/support/pg-cluster.ts, fsync off).
 * @module
 */
import { execFileSync } from 'node:child_process';
import { chownSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** A running cluster of ours. */
export interface PgCluster {
  /** An administrator's URL (database `postgres`, user `postgres`, trust on loopback). */
  readonly url: string;
  /** The data folder. */
  readonly dataDir: string;
  /** The server settings given on its command line (`-c name=value`). */
  readonly settings: Readonly<Record<string, string>>;
  /** The postmaster's process id (from postmaster.pid), undefined while halted. */
  postmasterPid(): number | undefined;
  /** Stops the server; the data is kept for {@link PgCluster.start}. */
  halt(): void;
  /** Starts a halted cluster again on the same port. */
  start(): void;
  /** Stops and removes the cluster (idempotent). */
  stop(): void;
}

/** How to make the cluster. */
export interface PgClusterOptions {
  /** the folder of `initdb`, `pg_ctl` */
  readonly bin: string;
  /**
   * Durable (the default): fsync, synchronous_commit and full_page_writes stay on, as a
   * production server has them — benchmarks must use this. `false`: fsync and full-page writes
   * off, for tests whose cluster is thrown away.
   */
  readonly durable?: boolean;
  /** more `-c name=value` settings (they override ours) */
  readonly settings?: Readonly<Record<string, string>>;
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

/** The newest Debian PostgreSQL binaries folder (/usr/lib/postgresql/N/bin), or EVIDENT_PG_BIN. */
export function pgBinDir(
  env: Readonly<Record<string, string | undefined>> = process.env,
  exists: (p: string) => boolean = existsSync,
): string | undefined {
  const given = env['EVIDENT_PG_BIN'];
  if (given !== undefined) return exists(join(given, 'initdb')) ? given : undefined;
  let versions: string[] = [];
  try {
    versions = readdirSync('/usr/lib/postgresql').filter((v) => /^\d+$/.test(v));
  } catch {
    return undefined;
  }
  versions.sort((a, b) => Number(b) - Number(a));
  return versions.map((v) => join('/usr/lib/postgresql', v, 'bin')).find((b) => exists(join(b, 'initdb')));
}

/** Runs a PostgreSQL binary (as `postgres` when we are root). */
function run(bin: string, tool: string, args: string[]): void {
  const asRoot = process.getuid?.() === 0;
  const [cmd, argv] = asRoot
    ? ['runuser', ['-u', 'postgres', '--', join(bin, tool), ...args]]
    : [join(bin, tool), args];
  execFileSync(cmd, argv, { stdio: ['ignore', 'pipe', 'pipe'], cwd: tmpdir() });
}

/** The settings of a cluster of ours. */
function clusterSettings(o: PgClusterOptions): Record<string, string> {
  const durable = o.durable !== false;
  return {
    listen_addresses: "'127.0.0.1'",
    max_connections: '400',
    shared_buffers: durable ? '256MB' : '64MB',
    fsync: durable ? 'on' : 'off',
    synchronous_commit: 'on',
    full_page_writes: durable ? 'on' : 'off',
    ...o.settings,
  };
}

/**
 * Makes and starts a new cluster.
 * @throws {Error} when initdb or pg_ctl fails (with their output)
 */
export async function startPgCluster(o: PgClusterOptions): Promise<PgCluster> {
  const dir = mkdtempSync(join(tmpdir(), 'evident-pg-'));
  if (process.getuid?.() === 0) {
    const uid = Number(execFileSync('id', ['-u', 'postgres']).toString().trim());
    const gid = Number(execFileSync('id', ['-g', 'postgres']).toString().trim());
    chownSync(dir, uid, gid);
  }
  const data = join(dir, 'data');
  const port = await freePort();
  const initArgs = ['-D', data, '-A', 'trust', '-U', 'postgres', '-E', 'UTF8', '--locale=C'];
  run(o.bin, 'initdb', o.durable === false ? [...initArgs, '--no-sync'] : initArgs);
  const settings = clusterSettings(o);
  const options = [
    `-p ${port}`,
    `-k ${dir}`,
    ...Object.entries(settings).map(([k, v]) => `-c ${k}=${v}`),
  ].join(' ');
  const start = (): void =>
    run(o.bin, 'pg_ctl', ['-D', data, '-o', options, '-l', join(dir, 'log'), '-w', 'start']);
  const halt = (): void => run(o.bin, 'pg_ctl', ['-D', data, '-m', 'fast', '-w', 'stop']);
  try {
    start();
  } catch (e) {
    rmSync(dir, { recursive: true, force: true });
    throw e;
  }
  let stopped = false;
  return {
    url: `postgres://postgres@127.0.0.1:${port}/postgres`,
    dataDir: data,
    settings,
    postmasterPid() {
      try {
        const pid = Number(readFileSync(join(data, 'postmaster.pid'), 'utf8').split('\n')[0]);
        return Number.isInteger(pid) && pid > 0 ? pid : undefined;
      } catch {
        return undefined;
      }
    },
    halt,
    start,
    stop() {
      if (stopped) return;
      stopped = true;
      try {
        run(o.bin, 'pg_ctl', ['-D', data, '-m', 'immediate', '-w', 'stop']);
      } catch {
        // already stopped
      }
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
