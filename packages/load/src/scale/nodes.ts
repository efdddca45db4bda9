/**
 * The scale run's server nodes: `evident-server --db DB --port 0` processes (the compiled CLI),
 * each watched for its peak memory, and the size of their database: a SQLite file (with its
 * `-wal` and `-shm`) or, for `postgres://…`, `pg_database_size` asked through `psql` when it is
 * installed. Several nodes share the one `--db`.
 * @module
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { cpuMsOf, sizeOnDisk, watchPeak, type PeakWatch } from './proc-watch.js';

/** One running node. */
export interface ServerNode {
  readonly child: ChildProcess;
  readonly base: string;
  readonly memory: PeakWatch;
  /** CPU time so far, ms */
  cpuMs(): number;
  stderr(): string;
}

/** The `evident-server` command file (packages/server/bin/evident-server.js). */
export function serverBin(): string {
  const entry = createRequire(import.meta.url).resolve('@evident/server');
  return join(dirname(entry), '..', 'bin', 'evident-server.js');
}

/** True when `db` names a PostgreSQL database rather than a SQLite file. */
export const isPostgres = (db: string): boolean => /^postgres(ql)?:\/\//.test(db);

/**
 * Starts one node and waits for its "listening on" line.
 * @param extraArgs - more `evident-server` flags (e.g. `--workers 1`)
 * @param nodeArgs - flags for `node` itself (e.g. `--cpu-prof`)
 * @throws {Error} when it exits or does not listen within `timeoutMs` (it is killed), with the
 *   end of its standard error
 */
export function startNode(
  db: string,
  env: Record<string, string>,
  extraArgs: readonly string[] = [],
  timeoutMs = 60_000,
  nodeArgs: readonly string[] = [],
): Promise<ServerNode> {
  const args = ['--db', db, '--host', '127.0.0.1', '--port', '0', '--rate-limit', '0', ...extraArgs];
  const child = spawn(process.execPath, [...nodeArgs, serverBin(), ...args], {
    env: { ...process.env, ...env },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let err = '';
  child.stderr!.on('data', (d: Buffer) => {
    err += d.toString();
    if (err.length > 64_000) err = err.slice(-32_000);
  });
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`evident-server did not listen within ${timeoutMs} ms: ${err.slice(-1000)}`));
    }, timeoutMs);
    const onData = (): void => {
      const m = /listening on (http:\/\/[^\s]+)/.exec(err);
      if (!m) return;
      clearTimeout(timer);
      child.stderr!.off('data', onData);
      child.off('exit', onExit);
      resolve({
        child,
        base: m[1]!,
        memory: watchPeak(child.pid!),
        cpuMs: () => cpuMsOf(child.pid!),
        stderr: () => err,
      });
    };
    const onExit = (code: number | null, signal: string | null): void => {
      clearTimeout(timer);
      reject(new Error(`evident-server exited (${signal ?? code}) before listening: ${err.slice(-1000)}`));
    };
    child.stderr!.on('data', onData);
    child.once('exit', onExit);
  });
}

/** Stops a node: SIGTERM, then SIGKILL after `graceMs`. */
export async function stopNode(n: ServerNode, graceMs = 30_000): Promise<void> {
  const c = n.child;
  n.memory.stop();
  if (c.exitCode !== null || c.signalCode !== null) return;
  const exited = new Promise<void>((r) => c.once('exit', () => r()));
  c.kill('SIGTERM');
  const t = setTimeout(() => c.kill('SIGKILL'), graceMs);
  await exited;
  clearTimeout(t);
}

/** Bytes of the database `db` (NaN when it cannot be read: PostgreSQL without `psql`). */
export function databaseBytes(db: string): number {
  if (!isPostgres(db)) return sizeOnDisk(db) + sizeOnDisk(`${db}-wal`) + sizeOnDisk(`${db}-shm`);
  const r = spawnSync('psql', [db, '-Atc', 'select pg_database_size(current_database())'], {
    encoding: 'utf8',
    timeout: 30_000,
  });
  const n = r.status === 0 ? Number(r.stdout.trim()) : NaN;
  return Number.isFinite(n) ? n : NaN;
}
