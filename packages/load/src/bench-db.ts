/**
 * The database of a bench run (`--db`, `--pg`): a SQLite file (or the bench's temporary one), the
 * user's PostgreSQL (`--db postgres://…`), or — for `--db postgres` (the bare word) or `--pg` — a
 * throwaway durable cluster of our own (pg-cluster.ts: fsync and synchronous_commit on, as in
 * production), with a fresh database `evident_bench`, removed by {@link BenchDb.close}. For
 * PostgreSQL it reads the settings that matter to the figures (through `psql`), and, for a
 * cluster of ours, the CPU time of its processes (/proc: the postmaster, its live children, and
 * the children it has reaped).
 * @module
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { pgBinDir, startPgCluster, type PgCluster } from './pg-cluster.js';

/** The settings a PostgreSQL bench reports. */
export const REPORTED_SETTINGS = [
  'server_version',
  'fsync',
  'synchronous_commit',
  'full_page_writes',
  'wal_level',
  'wal_sync_method',
  'commit_delay',
  'shared_buffers',
  'max_connections',
] as const;

/** What a PostgreSQL run reports about its server. */
export interface PgInfo {
  /** `cluster`: a throwaway cluster started by the bench; `given`: the user's URL */
  readonly server: 'cluster' | 'given';
  /** name → value as `SHOW` gives them (empty when `psql` is missing or fails) */
  readonly settings: Readonly<Record<string, string>>;
}

/** The database of a run. */
export interface BenchDb {
  /** the nodes' `--db` (undefined: the bench's own temporary SQLite file) */
  readonly db: string | undefined;
  /** set for PostgreSQL */
  readonly pg?: PgInfo;
  /** CPU ms so far of the PostgreSQL server's processes (NaN when not ours or not Linux) */
  dbCpuMs(): number;
  /** statements run so far and the write lock's waits (a cluster of ours; else undefined) */
  dbStatements?(): DbStatements | undefined;
  /** stops and removes a cluster of ours (idempotent) */
  close(): void;
}

/** What pg_stat_statements counted so far in the bench database (a cluster of ours). */
export interface DbStatements {
  /** statements executed (each statement of a multi-statement query counts) */
  readonly statements: number;
  /** calls of the store-wide write lock (`pg_advisory_xact_lock`), and the ms spent in them */
  readonly lockCalls: number;
  readonly lockMs: number;
}

/** Reads pg_stat_statements of the database of `url` (undefined when `psql` fails). */
export function dbStatements(url: string): DbStatements | undefined {
  const sql = `select coalesce(sum(calls), 0) || ' ' ||
      coalesce(sum(calls) filter (where query like '%pg_advisory_xact_lock%'), 0) || ' ' ||
      coalesce(sum(total_exec_time) filter (where query like '%pg_advisory_xact_lock%'), 0)
    from pg_stat_statements where dbid = (select oid from pg_database where datname = current_database())
      and query not like '%pg_stat_statements%'`;
  const r = spawnSync('psql', [url, '-Atc', sql], { encoding: 'utf8', timeout: 30_000 });
  if (r.status !== 0) return undefined;
  const [statements, lockCalls, lockMs] = r.stdout.trim().split(' ').map(Number);
  return { statements: statements ?? NaN, lockCalls: lockCalls ?? NaN, lockMs: lockMs ?? NaN };
}

/**
 * Between two readings of {@link dbStatements}: statements per cast, write batches per cast (the
 * write lock's calls: a batch's own statements are shared by its casts, so statements per cast
 * fall as batches grow) and the write lock's mean wait.
 */
export function statementsPerCast(
  before: DbStatements,
  after: DbStatements,
  casts: number,
): { perCast: number; batchesPerCast: number; lockWaitMsMean: number } {
  const batches = after.lockCalls - before.lockCalls;
  return {
    perCast: (after.statements - before.statements) / Math.max(1, casts),
    batchesPerCast: batches / Math.max(1, casts),
    lockWaitMsMean: (after.lockMs - before.lockMs) / Math.max(1, batches),
  };
}

/** True for `--db postgres` / `--db postgresql` (the bare word: start a cluster). */
export const wantsCluster = (db: string | undefined, pgFlag = false): boolean =>
  pgFlag || db === 'postgres' || db === 'postgresql';

/**
 * The settings of `url` (through `psql`; {} when it is missing or fails).
 * @param url - a PostgreSQL URL
 */
export function pgSettings(url: string): Record<string, string> {
  const list = REPORTED_SETTINGS.map((n) => `'${n}'`).join(',');
  const sql = `select name || '=' || current_setting(name) from pg_settings where name in (${list}) order by name`;
  const r = spawnSync('psql', [url, '-Atc', sql], { encoding: 'utf8', timeout: 30_000 });
  if (r.status !== 0) return {};
  return Object.fromEntries(
    r.stdout
      .trim()
      .split('\n')
      .filter((l) => l.includes('='))
      .map((l) => [l.slice(0, l.indexOf('=')), l.slice(l.indexOf('=') + 1)]),
  );
}

/** Fields after the command name of /proc/PID/stat (index 0 is field 3), or undefined. */
function statFields(pid: number | string): string[] | undefined {
  try {
    const f = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return f.slice(f.lastIndexOf(')') + 2).split(' ');
  } catch {
    return undefined;
  }
}

const TICK_MS = 1000 / 100;

/**
 * CPU ms of process `root` and its children: its own time, its reaped children's (cutime,
 * cstime) and its live children's (NaN when it is gone or not Linux).
 */
export function processTreeCpuMs(root: number): number {
  const r = statFields(root);
  if (!r) return NaN;
  // utime, stime, cutime, cstime: fields 14–17
  let ticks = Number(r[11]) + Number(r[12]) + Number(r[13]) + Number(r[14]);
  for (const p of readdirSync('/proc')) {
    if (!/^\d+$/.test(p)) continue;
    const c = statFields(p);
    if (c && Number(c[1]) === root) ticks += Number(c[11]) + Number(c[12]);
  }
  return ticks * TICK_MS;
}

/**
 * The database of a run.
 * @param db - `--db` as given (a file, `postgres://…`, the bare word `postgres`, or undefined)
 * @param pgFlag - `--pg`
 * @throws {Error} when a cluster is wanted and there is no PostgreSQL, or it does not start
 */
export async function openBenchDb(
  db: string | undefined,
  pgFlag = false,
  log: (line: string) => void = () => undefined,
): Promise<BenchDb> {
  if (!wantsCluster(db, pgFlag)) {
    const isPg = db !== undefined && /^postgres(ql)?:\/\//.test(db);
    return {
      db,
      ...(isPg ? { pg: { server: 'given' as const, settings: pgSettings(db) } } : {}),
      dbCpuMs: () => NaN,
      close: () => undefined,
    };
  }
  const bin = pgBinDir();
  if (bin === undefined)
    throw new Error(
      '--db postgres needs PostgreSQL (apt-get install -y postgresql, or EVIDENT_PG_BIN), or give --db postgres://…',
    );
  log(`starting a throwaway PostgreSQL cluster (${bin}, fsync on)…`);
  // pg_stat_statements: the statements per cast and the write lock's waits of the report
  const cluster: PgCluster = await startPgCluster({
    bin,
    settings: { shared_preload_libraries: 'pg_stat_statements', 'pg_stat_statements.track': 'top' },
  });
  try {
    execFileSync('psql', [cluster.url, '-qc', 'CREATE DATABASE evident_bench'], { stdio: 'pipe' });
    execFileSync(
      'psql',
      [cluster.url.replace(/\/postgres$/, '/evident_bench'), '-qc', 'CREATE EXTENSION pg_stat_statements'],
      {
        stdio: 'pipe',
      },
    );
  } catch (e) {
    cluster.stop();
    throw new Error(`could not create the bench database: ${(e as Error).message}`);
  }
  const url = cluster.url.replace(/\/postgres$/, '/evident_bench');
  // an interrupted bench still removes its cluster
  const onSignal = (sig: NodeJS.Signals): void => {
    cluster.stop();
    process.kill(process.pid, sig);
  };
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);
  return {
    db: url,
    pg: { server: 'cluster', settings: pgSettings(url) },
    dbCpuMs: () => {
      const pid = cluster.postmasterPid();
      return pid === undefined ? NaN : processTreeCpuMs(pid);
    },
    dbStatements: () => dbStatements(url),
    close: () => {
      process.off('SIGINT', onSignal);
      process.off('SIGTERM', onSignal);
      cluster.stop();
    },
  };
}
