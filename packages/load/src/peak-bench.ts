#!/usr/bin/env node
/**
 * `npm run bench:peak [-- --cast-rate 1050 --read-rate 6950 --seconds 10 --json]`: the mixed peak — verified casts and reads of tree heads, inclusion proofs, results and
 * board pages at once, open loop — on node(s) started here (`--nodes`, `--db`) or running ones
 * (`--servers`); the measurement is `peak.ts`. Prints one JSON document with `--json`, else a
 * table. Exit codes: 0 done (whether or not the targets were met: see `shortfalls`), 1 bad flag,
 * 2 failed.
 * @module
 */
import { Command, InvalidArgumentError } from 'commander';
import { openBenchDb, wantsCluster, type BenchDb } from './bench-db.js';
import { READ_KINDS, runPeak, type PeakReport, type ReadKind } from './peak.js';

const num =
  (min: number, max: number, integer = false) =>
  (v: string) => {
    const n = Number(v);
    if (!Number.isFinite(n) || n < min || n > max || (integer && !Number.isInteger(n)))
      throw new InvalidArgumentError(`${integer ? 'an integer' : 'a number'} in [${min}, ${max}]`);
    return n;
  };
const urls = (v: string): string[] =>
  v.split(',').map((u) => {
    try {
      return new URL(u).origin;
    } catch {
      throw new InvalidArgumentError(`not a URL: ${u}`);
    }
  });
const mix = (v: string): Partial<Record<ReadKind, number>> =>
  Object.fromEntries(
    v.split(',').map((kv) => {
      const [k, w] = kv.split('=');
      if (!READ_KINDS.includes(k as ReadKind) || !(Number(w) >= 0))
        throw new InvalidArgumentError(`KIND=WEIGHT,… with KIND in ${READ_KINDS.join(', ')}`);
      return [k, Number(w)];
    }),
  );

interface Flags {
  castRate: number;
  readRate: number;
  readMix?: Partial<Record<ReadKind, number>>;
  seconds: number;
  warmup: number;
  nodes: number;
  db?: string;
  pg?: boolean;
  servers?: string[];
  workers?: number;
  generators?: number;
  probeSeconds: number;
  probeCap?: number;
  acceptEncoding?: string;
  cpuProfDir?: string;
  json?: boolean;
}

await new Command()
  .name('bench:peak')
  .description(
    'the mixed peak, open loop: verified casts and reads at once; p50/p99 per kind, rates achieved, server CPU',
  )
  .option('--cast-rate <r>', 'casts per second offered', num(0, 100_000), 1050)
  .option('--read-rate <r>', 'reads per second offered, all kinds', num(0, 1_000_000), 6950)
  .option(
    '--read-mix <mix>',
    `shares of the reads, e.g. tree-head=2,results=1 (kinds: ${READ_KINDS.join(', ')}; default equal)`,
    mix,
  )
  .option('--seconds <s>', 'seconds of offered load', num(1, 3600), 10)
  .option('--warmup <n>', 'casts before the measured run (they fill the board)', num(0, 1_000_000, true), 500)
  .option(
    '--nodes <n>',
    'server nodes to start (more than one needs --db naming a shared database)',
    num(1, 16, true),
    1,
  )
  .option(
    '--db <value>',
    "the nodes' --db: a SQLite file, postgres://…, or postgres (a throwaway cluster, fsync on); default: a temporary SQLite file",
  )
  .option('--pg', 'the same as --db postgres')
  .option(
    '--servers <urls>',
    'running nodes to target instead (comma-separated; admin token in EVIDENT_ADMIN_TOKEN)',
    urls,
  )
  .option('--workers <n>', "the nodes' verification worker threads (default: theirs)", num(0, 256, true))
  .option('--generators <n>', 'load generator processes (default: one per core)', num(1, 64, true))
  .option(
    '--probe-seconds <s>',
    'seconds of each kind alone first, to measure its server CPU per request (0: skip)',
    num(0, 600),
    2,
  )
  .option('--accept-encoding <codings>', "the reads' Accept-Encoding, e.g. gzip or br (default: none)")
  .option('--cpu-prof-dir <dir>', 'run the nodes under node --cpu-prof, profiles in this folder (slower)')
  .option('--json', 'one JSON document on stdout (progress on stderr)')
  .action(async (o: Flags) => {
    const log = (s: string): void => void process.stderr.write(`bench:peak: ${s}\n`);
    let bdb: BenchDb | undefined;
    try {
      if (o.pg && o.db !== undefined && !wantsCluster(o.db))
        throw new Error('--pg starts a cluster of its own: give --db postgres://… or --pg, not both');
      bdb = await openBenchDb(o.servers ? undefined : o.db, o.pg === true, log);
      const { db, pg } = bdb;
      const { db: _given, pg: _flag, ...rest } = o;
      const run = await runPeak({
        ...rest,
        ...(db !== undefined ? { db } : {}),
        dbCpuMs: bdb.dbCpuMs,
        ...(bdb.dbStatements ? { dbStatements: bdb.dbStatements } : {}),
        log,
      });
      const r = pg ? { ...run, postgres: pg } : run;
      process.stdout.write(o.json ? JSON.stringify(r, null, 2) + '\n' : table(r));
    } catch (e) {
      process.stderr.write(`bench:peak: ${(e as Error).message}\n`);
      process.exitCode = 2;
    } finally {
      bdb?.close();
    }
  })
  .exitOverride((e) => process.exit(e.exitCode === 0 ? 0 : 1))
  .parseAsync();

/** A read kind's floor (peak-floor.ts), for the table. */
function floorText(fl: { msPerRequest: number; systemShare: number; bytes: number } | undefined): string {
  if (!fl) return '';
  return `; floor (bare node:http, the same bytes, ${fl.bytes} a read, same rate) ${fl.msPerRequest.toFixed(3)} ms, kernel ${(100 * fl.systemShare).toFixed(0)} %`;
}

function table(r: PeakReport): string {
  const f = (x: number, d = 0): string => (Number.isFinite(x) ? x.toFixed(d) : 'n/a');
  const rows = r.kinds.map(
    (k) =>
      `${k.name.padEnd(16)} ${f(k.targetPerSecond).padStart(7)} ${f(k.achievedPerSecond).padStart(9)} ` +
      `${f(k.latencyMs.p50, 1).padStart(8)} ${f(k.latencyMs.p99, 1).padStart(8)} ${String(k.failures).padStart(8)} ${String(k.shed).padStart(6)}`,
  );
  const cpu = r.serverCpu
    ? `server CPU: ${f(r.serverCpu.coresBusy, 2)} cores busy, ${f(r.serverCpu.msPerRequest, 3)} ms per answered request ` +
      `(main ${f(r.serverCpu.threads.main)} ms, SQLite writer ${f(r.serverCpu.threads.writer)} ms, workers ${f(r.serverCpu.threads.workers)} ms, other ${f(r.serverCpu.threads.other)} ms in all; ` +
      `per request main ${f(r.serverCpu.threadsPerRequest.main, 3)}, writer ${f(r.serverCpu.threadsPerRequest.writer, 3)}, workers ${f(r.serverCpu.threadsPerRequest.workers, 3)}, other ${f(r.serverCpu.threadsPerRequest.other, 3)} ms)\n` +
      `board writer: ${f(r.serverCpu.writer.commitsPerSecond)} commits/s, ${f(r.serverCpu.writer.jobsPerCommit, 1)} jobs per commit\n` +
      (r.serverCpu.mainLoop
        ? `main event loop: busy ${f(100 * r.serverCpu.mainLoop.busyShare, 1)} % of the run; timer delay p99 ${f(r.serverCpu.mainLoop.delayP99Ms, 1)} ms, max ${f(r.serverCpu.mainLoop.delayMaxMs, 1)} ms (since start)\n`
        : '')
    : '';
  return (
    `kind             target/s achieved/s  p50 ms   p99 ms failures   shed\n${rows.join('\n')}\n` +
    cpu +
    (r.costs
      ? `server CPU per request, each kind alone at its rate (idle ${f(r.costs.idleCores, 3)} cores apart):\n` +
        Object.entries(r.costs.perKind)
          .map(
            ([n, c]) =>
              `  ${n.padEnd(16)} ${f(c.achievedPerSecond)}/s of ${f(c.rate)}${c.failures ? ` (${c.failures} refused)` : ''}: ${f(c.netMsPerRequest, 3)} ms net ` +
              `(${f(c.msPerRequest, 3)} with idle; main ${f(c.mainMsPerRequest, 3)}, writer ${f(c.writerMsPerRequest, 3)}, ` +
              `workers ${f(c.workersMsPerRequest, 3)}; kernel ${f(100 * c.systemShare)} %` +
              (Number.isFinite(c.ballotsPerBatch)
                ? `; ${f(c.ballotsPerBatch, 1)} ballots per verification batch`
                : '') +
              (Number.isFinite(c.jobsPerCommit) ? `, ${f(c.jobsPerCommit, 1)} jobs per commit` : '') +
              `; p99 ${f(c.p99Ms, 1)} ms)` +
              floorText(r.costs!.floor[n as ReadKind]),
          )
          .join('\n') +
        `\nthe targets need ${f(r.costs.coresAtTargets, 2)} cores of server CPU (idle + Σ rate × net CPU per request)\n`
      : '') +
    (r.databaseCpu
      ? `PostgreSQL CPU: ${f(r.databaseCpu.coresBusy, 2)} cores busy, ${f(r.databaseCpu.msPerRequest, 3)} ms per answered request\n`
      : '') +
    (r.databaseStatements
      ? `PostgreSQL statements per cast (casts alone): ${f(r.databaseStatements.perCast, 2)} (${f(r.databaseStatements.batchesPerCast, 3)} write batches per cast); write lock wait ${f(r.databaseStatements.lockWaitMsMean, 3)} ms mean\n`
      : '') +
    `raw ristretto255 exp/s (1 core, same run): ${f(r.rawExpPerSecond)}; casts/s ÷ exp/s ${f(r.casts.ratioToRawExp, 4)}\n` +
    `generators' CPU ${f(r.generatorCpuMs)} ms (${f(r.generatorCoresBusy, 2)} cores busy, beside the server's), worst send lag ${f(r.maxSendLagMs, 1)} ms; load average ${r.machine.loadavgBefore.map((x) => x.toFixed(1)).join(' ')} → ${r.machine.loadavgAfter.map((x) => x.toFixed(1)).join(' ')}\n` +
    (r.shortfalls.length ? `short of the targets:\n  ${r.shortfalls.join('\n  ')}\n` : 'every target met\n')
  );
}
