#!/usr/bin/env node
/**
 * `npm run bench:server [-- OPTIONS]` (spec/server-api.md §9): runs {@link runServerBench} and
 * prints a table, or with `--json` one JSON document on stdout (progress on stderr). The options
 * and their defaults are in `--help`.
 * Exit codes: 0 done, 1 bad flag, 2 failed.
 * @module
 */
import { Command, InvalidArgumentError } from 'commander';
import { runServerBench, type ServerBenchReport } from './server-bench.js';

const count = (v: string): number => {
  const n = Number(v);
  if (v.trim() === '' || !Number.isFinite(n) || n < 0)
    throw new InvalidArgumentError('expected a non-negative number');
  return n;
};
const program = new Command()
  .name('bench:server')
  .description(
    'The server load test: a real evident-server on a temporary database, driven by load-cli processes.',
  )
  .option('--json', 'one JSON document on stdout (progress on stderr)')
  .option('--ballots <n>', 'closed-loop casts (default 1000)', count)
  .option('--warmup <n>', 'casts before each measured cast phase, not counted (default 100)', count)
  .option('--concurrency <n>', 'casts in flight in the closed loop (default 64)', count)
  .option('--rate <r>', 'offered casts/s in the open loop (default 300)', count)
  .option('--rate-seconds <s>', 'open-loop duration (default 5)', count)
  .option('--read-seconds <s>', 'duration of each read test (default 5)', count)
  .option('--soak-seconds <s>', 'soak duration (default 20)', count)
  .option('--soak-rate <r>', 'casts/s during the soak (default 20)', count)
  .option('--soak-read-rate <r>', 'reads/s during the soak (default 1000)', count)
  .option('--workers <n>', "the server's proof-checking worker threads (default: the server's)", count)
  .option('--profile-ballots <n>', 'casts in the CPU-profiled run (default 500)', count)
  .option('--no-profile', 'skip the CPU-profiled run')
  .parse();
const opts = program.opts<{
  json?: boolean;
  ballots?: number;
  warmup?: number;
  concurrency?: number;
  rate?: number;
  rateSeconds?: number;
  readSeconds?: number;
  soakSeconds?: number;
  soakRate?: number;
  soakReadRate?: number;
  workers?: number;
  profileBallots?: number;
  profile: boolean;
}>();
const json = opts.json === true;
const log = (s: string) => process.stderr.write(`bench:server: ${s}\n`);

/** Verifier batches and grouped commits of the closed-loop server, with their mean sizes. */
function batchLine(r: ServerBenchReport): string {
  const v = r.closedLoop.batches?.verifier as { batches?: number; ballots?: number } | undefined;
  const w = r.closedLoop.batches?.writer;
  const mean = (a?: number, b?: number) => (a && b ? (b / a).toFixed(1) : 'n/a');
  return `${v?.batches ?? 'n/a'} (${mean(v?.batches, v?.ballots)}) / ${w?.commits ?? 'n/a'} (${mean(w?.commits, w?.jobs)})`;
}

/** The human table. */
function table(r: ServerBenchReport): string {
  const f = (v: number, d = 0) => (Number.isFinite(v) ? v.toFixed(d) : 'n/a');
  const rows: [string, string, string][] = [
    [
      'verified casts/s, closed loop (5 selections, ristretto255)',
      f(r.closedLoop.castsPerSecond),
      '≥ 300 (goal 1,050)',
    ],
    [
      `  latency p50/p95/p99 ms at ${r.closedLoop.concurrency} in flight`,
      `${f(r.closedLoop.latencyMs.p50)}/${f(r.closedLoop.latencyMs.p95)}/${f(r.closedLoop.latencyMs.p99)}`,
      '',
    ],
    ['  failures', JSON.stringify(r.closedLoop.statuses), 'only 200'],
    ['  server CPU ms per cast (all threads)', f(r.closedLoop.serverCpuMsPerCast, 2), ''],
    [
      '  load generator CPU ms per cast: sending / whole process',
      `${f((r.closedLoop.castCpuMs ?? NaN) / r.closedLoop.acknowledged, 3)} / ${f((r.closedLoop.generatorCpuMs ?? NaN) / r.closedLoop.acknowledged, 2)}`,
      '',
    ],
    ['  casts/s that CPU cost allows with all cores to itself', f(r.closedLoop.capacityIfAlone), ''],
    [
      '  … with the generator sending on the same cores',
      f(
        (r.machine.cpus * 1000) /
          (r.closedLoop.serverCpuMsPerCast + (r.closedLoop.castCpuMs ?? NaN) / r.closedLoop.acknowledged),
      ),
      '≥ 1,050',
    ],
    ...(r.closedLoop.threadCpuMsPerCast
      ? ([
          [
            '  CPU ms per cast: main thread / workers / other threads',
            `${f(r.closedLoop.threadCpuMsPerCast.main, 2)} / ${f(r.closedLoop.threadCpuMsPerCast.workers, 2)} / ${f(r.closedLoop.threadCpuMsPerCast.other, 2)}`,
            '',
          ],
          ['  casts/s the main thread alone allows', f(1000 / r.closedLoop.threadCpuMsPerCast.main), ''],
          ['  verifier batches (mean size) / commits (jobs per commit)', batchLine(r), ''],
        ] as [string, string, string][])
      : []),
    [
      `casts/s at ${f(r.atRate.offeredPerSecond ?? NaN)}/s offered (open loop)`,
      f(r.atRate.castsPerSecond),
      '',
    ],
    [
      '  latency p50/p95/p99 ms',
      `${f(r.atRate.latencyMs.p50)}/${f(r.atRate.latencyMs.p95)}/${f(r.atRate.latencyMs.p99)}`,
      'p99 ≤ 250',
    ],
    ['  statuses (shed)', `${JSON.stringify(r.atRate.statuses)} (${r.atRate.shed ?? 0})`, ''],
    ['  server CPU ms per cast (all threads)', f(r.atRate.serverCpuMsPerCast, 2), ''],
    [
      '  verifier batches (mean size) / commits (jobs per commit)',
      r.atRate.batches
        ? `${r.atRate.batches.verifier.batches} (${(r.atRate.batches.verifier.ballots / Math.max(1, r.atRate.batches.verifier.batches)).toFixed(1)}) / ${r.atRate.batches.writer.commits} (${(r.atRate.batches.writer.jobs / Math.max(1, r.atRate.batches.writer.commits)).toFixed(1)})`
        : 'n/a',
      '',
    ],
    ['reads/s tree head', f(r.reads.treeHead.requestsPerSecond), '≥ 8,000'],
    ['reads/s inclusion proof', f(r.reads.inclusionProof.requestsPerSecond), '≥ 8,000'],
    ['reads/s results', f(r.reads.results.requestsPerSecond), '≥ 8,000'],
    ['raw ristretto255 exp/s (1 core)', f(r.rawExpPerSecond), ''],
    ['casts/s ÷ raw exp/s (closed loop)', f(r.closedLoop.ratioToRawExp, 3), ''],
    [
      `soak ${r.soak.seconds} s: RSS MB start/end/max`,
      `${f(r.soak.rss.startMB)}/${f(r.soak.rss.endMB)}/${f(r.soak.rss.maxMB)}`,
      'flat',
    ],
    ['  RSS slope MB/min', f(r.soak.rss.slopeMBPerMinute, 2), ''],
    [
      '  heap used MB start/end/max',
      `${f(r.soak.heapUsed.startMB)}/${f(r.soak.heapUsed.endMB)}/${f(r.soak.heapUsed.maxMB)}`,
      '',
    ],
    ['  heap slope MB/min', f(r.soak.heapUsed.slopeMBPerMinute, 2), ''],
    [
      '  soak casts acknowledged, reads/s',
      `${r.soak.casts.acknowledged}, ${f(r.soak.reads.requestsPerSecond)}`,
      '',
    ],
  ];
  if (r.cpu) {
    const shares = Object.entries(r.cpu.shares).sort((a, b) => b[1] - a[1]);
    rows.push(['server CPU split (closed loop, busy time, all threads)', '', '']);
    for (const [k, v] of shares) if (v >= 0.005) rows.push([`  ${k}`, `${(v * 100).toFixed(1)} %`, '']);
    rows.push([
      '  main thread busy / worker threads busy (s)',
      `${f((r.cpu.main?.busyMs ?? 0) / 1000, 1)} / ${f((r.cpu.workers?.busyMs ?? 0) / 1000, 1)}`,
      '',
    ]);
  }
  rows.push([
    'load average before/after',
    `${r.machine.loadavgBefore.map((x) => x.toFixed(2)).join(' ')} / ${r.machine.loadavgAfter.map((x) => x.toFixed(2)).join(' ')}`,
    '',
  ]);
  return rows.map(([a, b, c]) => `${a.padEnd(60)} ${b.padStart(22)}  ${c}`).join('\n');
}

try {
  const report = await runServerBench({
    ballots: opts.ballots,
    warmup: opts.warmup,
    concurrency: opts.concurrency,
    rate: opts.rate,
    rateSeconds: opts.rateSeconds,
    readSeconds: opts.readSeconds,
    soakSeconds: opts.soakSeconds,
    soakRate: opts.soakRate,
    soakReadRate: opts.soakReadRate,
    workers: opts.workers,
    profile: opts.profile,
    profileBallots: opts.profileBallots,
    log,
  });
  if (json) process.stdout.write(JSON.stringify(report, null, 2) + '\n');
  else {
    console.log(table(report));
    for (const n of report.notes) console.log(`note: ${n}`);
  }
} catch (e) {
  log(`failed: ${(e as Error).message}`);
  process.exit(2);
}
