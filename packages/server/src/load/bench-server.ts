#!/usr/bin/env node
/**
 * `npm run bench:server [-- --json] [-- --ballots N] [-- --rate R] [-- --soak-seconds S] …`
 * (spec/server-api.md §9): runs {@link runServerBench} and prints a table, or with `--json` one
 * JSON document on stdout (progress on stderr). Flags: --ballots N (closed loop, 1000),
 * --warmup W (100 casts before each measured cast phase, not counted), --concurrency C (64), --rate R (offered casts/s, 300), --rate-seconds S (5), --read-seconds S (5),
 * --soak-seconds S (20; the soak is 600), --soak-rate R (20), --soak-read-rate R (1000),
 * --workers N, --profile-ballots P (500), --no-profile.
 * Exit codes: 0 done, 1 bad flag, 2 failed.
 * @module
 */
import { runServerBench, type ServerBenchReport } from './server-bench.js';

const args = process.argv.slice(2);
const num = (name: string): number | undefined => {
  const i = args.indexOf(name);
  if (i < 0) return undefined;
  const v = Number(args[i + 1]);
  if (!Number.isFinite(v) || v < 0) {
    process.stderr.write(`bench:server: ${name} needs a non-negative number\n`);
    process.exit(1);
  }
  return v;
};
const json = args.includes('--json');
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
      '  load generator CPU ms per cast (its own process)',
      f((r.closedLoop.generatorCpuMs ?? NaN) / r.closedLoop.acknowledged, 2),
      '',
    ],
    ['  casts/s that CPU cost allows with all cores to itself', f(r.closedLoop.capacityIfAlone), ''],
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
    ballots: num('--ballots'),
    warmup: num('--warmup'),
    concurrency: num('--concurrency'),
    rate: num('--rate'),
    rateSeconds: num('--rate-seconds'),
    readSeconds: num('--read-seconds'),
    soakSeconds: num('--soak-seconds'),
    soakRate: num('--soak-rate'),
    soakReadRate: num('--soak-read-rate'),
    workers: num('--workers'),
    profile: !args.includes('--no-profile'),
    profileBallots: num('--profile-ballots'),
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
