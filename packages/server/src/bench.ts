/**
 * Benchmark suites of the server for `npm run bench` (scripts/bench.js): a short run of the
 * `npm run bench:server` measurements (load/server-bench.ts) — verified casts/s closed-loop and
 * at an offered rate with latency quantiles, reads/s per endpoint, memory over a short soak, the
 * raw ristretto255 exponentiation rate of the same run and the ratio, and the server's CPU split;
 * and the time from a tally sheet accepted to its event in the results stream (load/sheet-latency.ts).
 * @module
 */
import type { BenchSuite } from '@evident/e2e-crypto';
import { runServerBench } from './load/server-bench.js';
import { runSheetLatency } from './load/sheet-latency.js';

const f = (v: number | undefined, d = 0): number =>
  v === undefined || !Number.isFinite(v) ? NaN : Number(v.toFixed(d));

/** The suites. */
export const suites: BenchSuite[] = [
  {
    name: 'server',
    description:
      'evident-server on loopback, generators in their own processes (short run; `npm run bench:server` for the full one)',
    async run() {
      const r = await runServerBench({
        ballots: 300,
        warmup: 50,
        profileBallots: 200,
        rate: 100,
        rateSeconds: 2,
        readSeconds: 1,
        soakSeconds: 3,
        soakRate: 10,
        soakReadRate: 500,
        log: (s) => process.stderr.write(`bench server: ${s}\n`),
      });
      const rows: Record<string, string | number>[] = [
        {
          measure: 'verified casts/s, closed loop (64 in flight)',
          value: f(r.closedLoop.castsPerSecond),
          target: '≥ 300 (goal 1,050)',
        },
        { measure: 'closed loop latency p99 ms', value: f(r.closedLoop.latencyMs.p99), target: '' },
        {
          measure: 'server CPU ms per cast (all threads)',
          value: f(r.closedLoop.serverCpuMsPerCast, 2),
          target: '',
        },
        {
          measure: 'CPU ms per cast: main thread / workers / other threads',
          value: r.closedLoop.threadCpuMsPerCast
            ? `${f(r.closedLoop.threadCpuMsPerCast.main, 2)} / ${f(r.closedLoop.threadCpuMsPerCast.workers, 2)} / ${f(r.closedLoop.threadCpuMsPerCast.other, 2)}`
            : 'n/a',
          target: '',
        },
        {
          measure: 'casts/s that CPU cost allows on all cores',
          value: f(r.closedLoop.capacityIfAlone),
          target: '≥ 300',
        },
        {
          measure: `casts/s at ${f(r.atRate.offeredPerSecond)}/s offered`,
          value: f(r.atRate.castsPerSecond),
          target: '',
        },
        {
          measure: 'latency p50 / p99 ms at that rate',
          value: `${f(r.atRate.latencyMs.p50)} / ${f(r.atRate.latencyMs.p99)}`,
          target: 'p99 ≤ 250',
        },
        { measure: 'reads/s tree head', value: f(r.reads.treeHead.requestsPerSecond), target: '≥ 8,000' },
        {
          measure: 'reads/s inclusion proof',
          value: f(r.reads.inclusionProof.requestsPerSecond),
          target: '≥ 8,000',
        },
        { measure: 'reads/s results', value: f(r.reads.results.requestsPerSecond), target: '≥ 8,000' },
        { measure: 'raw ristretto255 exp/s (1 core)', value: f(r.rawExpPerSecond), target: '' },
        { measure: 'casts/s ÷ raw exp/s', value: f(r.closedLoop.ratioToRawExp, 3), target: '' },
        {
          measure: `RSS MB start/end/max (${r.soak.seconds} s soak)`,
          value: `${f(r.soak.rss.startMB)}/${f(r.soak.rss.endMB)}/${f(r.soak.rss.maxMB)}`,
          target: 'flat',
        },
      ];
      if (r.cpu) {
        for (const [k, v] of Object.entries(r.cpu.shares).sort((a, b) => b[1] - a[1])) {
          if (v >= 0.01)
            rows.push({ measure: `server CPU: ${k}`, value: `${(v * 100).toFixed(1)} %`, target: '' });
        }
      }
      return {
        rows,
        notes: [
          ...r.notes,
          `load average before/after: ${r.machine.loadavgBefore.map((x) => x.toFixed(2)).join(' ')} / ${r.machine.loadavgAfter.map((x) => x.toFixed(2)).join(' ')}`,
        ],
      };
    },
  },
  {
    name: 'sheet-latency',
    description:
      'tally sheet accepted → its station-sheet event in the results stream (10 sheets, 4 viewers)',
    async run() {
      const r = await runSheetLatency({
        stations: 10,
        viewers: 4,
        log: (s) => process.stderr.write(`bench sheet-latency: ${s}\n`),
      });
      return {
        rows: [
          {
            measure: 'submitted → accepted ms, median / p95',
            value: `${r.acceptMs.median} / ${r.acceptMs.p95}`,
            target: '',
          },
          {
            measure: 'accepted → in the stream ms, median / p95 / max (slowest viewer)',
            value: `${r.visibleMs.median} / ${r.visibleMs.p95} / ${r.visibleMs.max}`,
            target: '≤ 1,000',
          },
        ],
      };
    },
  },
];
