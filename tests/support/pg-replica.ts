/**
 * A streaming replica of a throwaway primary (pg-cluster.ts), for the tests of `--db-read`
 * (spec/server-api.md §6.7): `pg_basebackup -R` over loopback into a second data folder (as the
 * `postgres` system user when we are root), started as a hot standby on a port of its own. The
 * primary needs `wal_level=replica` (initdb's default) and a `replication` line in pg_hba.conf
 * (initdb's default with `-A trust` allows replication from 127.0.0.1).
 * @module
 */
import { execFileSync } from 'node:child_process';
import { chownSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort } from './pg-cluster.js';

/** A running replica. */
export interface PgReplica {
  /** The replica's URL of the database `database` (given to {@link startReplica}). */
  readonly url: string;
  /** Stops and removes it. */
  stop(): void;
}

const asRoot = (): boolean => process.getuid?.() === 0;

function run(bin: string, tool: string, args: string[]): void {
  const [cmd, argv] = asRoot()
    ? ['runuser', ['-u', 'postgres', '--', join(bin, tool), ...args]]
    : [join(bin, tool), args];
  execFileSync(cmd, argv, { stdio: ['ignore', 'pipe', 'pipe'], cwd: tmpdir() });
}

/**
 * Makes and starts a replica of the primary at `primaryUrl` (an administrator's URL).
 * @param bin - the PostgreSQL binaries folder (pg-plan.ts)
 * @param database - the database the returned URL names
 */
export async function startReplica(bin: string, primaryUrl: string, database: string): Promise<PgReplica> {
  const p = new URL(primaryUrl);
  const dir = mkdtempSync(join(tmpdir(), 'evident-pg-replica-'));
  if (asRoot()) {
    const id = (f: string) => Number(execFileSync('id', [f, 'postgres']).toString().trim());
    chownSync(dir, id('-u'), id('-g'));
  }
  const data = join(dir, 'data');
  const port = await freePort();
  let started = false;
  const stop = (): void => {
    if (started) {
      started = false;
      try {
        run(bin, 'pg_ctl', ['-D', data, '-m', 'immediate', '-w', 'stop']);
      } catch {
        // already stopped
      }
    }
    rmSync(dir, { recursive: true, force: true });
  };
  try {
    // -R: standby.signal and primary_conninfo; -X stream: the WAL of the copy itself
    run(bin, 'pg_basebackup', [
      '-h',
      '127.0.0.1',
      '-p',
      p.port,
      '-U',
      'postgres',
      '-D',
      data,
      '-R',
      '-X',
      'stream',
      '-c',
      'fast',
      '--no-sync',
    ]);
    const options = [
      `-p ${port}`,
      `-k ${dir}`,
      "-c listen_addresses='127.0.0.1'",
      '-c hot_standby=on',
      // a hot standby needs at least the primary's max_connections (pg-cluster.ts: 400)
      '-c max_connections=400',
      '-c fsync=off',
    ].join(' ');
    run(bin, 'pg_ctl', ['-D', data, '-o', options, '-l', join(dir, 'log'), '-w', 'start']);
    started = true;
  } catch (e) {
    stop();
    throw e;
  }
  return { url: `postgres://postgres@127.0.0.1:${port}/${database}`, stop };
}
