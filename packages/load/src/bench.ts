/**
 * Benchmark suites of the server for `npm run bench` (scripts/bench.js): a short run of the
 * `npm run bench:server` measurements (load/server-bench.ts) — verified casts/s closed-loop and
 * at an offered rate with latency quantiles, reads/s per endpoint, memory over a short soak, the
 * raw ristretto255 exponentiation rate of the same run and the ratio, and the server's CPU split;
 * the time from a tally sheet accepted to its event in the results stream (load/sheet-latency.ts);
 * 1,000 viewers of the results stream on one server process (load/sse-viewers.ts); the
 * results display's memory in Chromium over a short accelerated run (load/display-soak-session.ts);
 * a short, scaled-down mixed peak (peak.ts; `npm run bench:peak` for the seed's rates); and the
 * trustees' key ceremony and partial decryption (./trustee-bench.ts).
 * @module
 */
import type { BenchSuite } from '@evident/e2e-crypto';
import { runServerBench } from './server-bench.js';
import { runSheetLatency } from './sheet-latency.js';
import { runSseViewers } from './sse-viewers.js';
import { chromiumPath, runDisplaySoakSession } from './display-soak-session.js';
import { runPeak } from './peak.js';
import { trusteeSuites } from './trustee-bench.js';

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
  {
    name: 'sse-viewers',
    description: '1,000 viewers of the results stream on one evident-server process, 5 tally sheets',
    async run() {
      const r = await runSseViewers({
        viewers: 1000,
        sheets: 5,
        log: (s) => process.stderr.write(`bench sse-viewers: ${s}\n`),
      });
      const q = (x: { median: number; p95: number; max: number }) => `${x.median} / ${x.p95} / ${x.max}`;
      return {
        rows: [
          {
            measure: 'viewers connected (from loopback addresses)',
            value: `${r.viewers - r.broke.refused - r.broke.socketErrors} (${r.clientAddresses})`,
            target: '1,000',
          },
          {
            measure: 'server RSS MB idle / with viewers / after sheets',
            value: `${r.serverRssMB.idle} / ${r.serverRssMB.withViewers} / ${r.serverRssMB.afterSheets}`,
            target: '',
          },
          { measure: 'server CPU ms per sheet (check + fan-out)', value: r.serverCpu.msPerSheet, target: '' },
          {
            measure: 'accepted → event ms, every viewer: median / p95 / max',
            value: q(r.deliveryMs),
            target: '≤ 1,000',
          },
          {
            measure: 'accepted → snapshot including it ms, every viewer: median / p95 / max',
            value: q(r.snapshotMs),
            target: '≤ 1,000',
          },
          {
            measure: 'refused / socket errors / closed early / events missed',
            value: `${r.broke.refused} / ${r.broke.socketErrors} / ${r.broke.closedEarly} / ${r.broke.missedEvents}`,
            target: '0',
          },
        ],
        notes: [
          `open-file limits: server ${r.limits.serverOpenFiles}, bench ${r.limits.benchOpenFiles}; at most 25 viewers per client address (server cap ${r.limits.streamsPerAddress})`,
        ],
      };
    },
  },
  {
    name: 'display-soak',
    description:
      "the results display's JS heap and DOM in Chromium over 30 s at 50 snapshots/s, reconnecting every 500",
    async run() {
      if (!chromiumPath())
        return { rows: [], notes: ['not run: no Chromium (/usr/bin/chromium or EVIDENT_CHROMIUM)'] };
      const r = await runDisplaySoakSession({
        minutes: 0.5,
        rate: 50,
        reconnectEvery: 500,
        sampleSeconds: 10,
        log: (s) => process.stderr.write(`bench display-soak: ${s}\n`),
      });
      return {
        rows: [
          { measure: 'snapshots / reconnections', value: `${r.events} / ${r.reconnects}`, target: '' },
          {
            measure: 'JS heap MB after warm-up / end / max',
            value: `${r.heap.startMB.toFixed(2)} / ${r.heap.endMB.toFixed(2)} / ${r.heap.maxMB.toFixed(2)}`,
            target: 'flat',
          },
          {
            measure: 'DOM nodes after warm-up / end / max',
            value: `${r.nodes.start} / ${r.nodes.end} / ${r.nodes.max}`,
            target: 'flat',
          },
        ],
        notes: ['the long run: npm run bench:display-soak -- --minutes N'],
      };
    },
  },
  {
    name: 'peak',
    description:
      "the mixed peak scaled down: 100 casts/s and 700 reads/s for 3 s, open loop, each kind's server CPU per request (`npm run bench:peak` for 1,050 + 6,950/s)",
    async run() {
      const r = await runPeak({
        castRate: 100,
        readRate: 700,
        seconds: 3,
        warmup: 100,
        probeSeconds: 1,
        log: (s) => process.stderr.write(`bench peak: ${s}\n`),
      });
      const rows: Record<string, string | number>[] = r.kinds.map((k) => ({
        measure: `${k.name}: achieved/s of offered; p50 / p99 ms`,
        value: `${f(k.achievedPerSecond)} of ${f(k.targetPerSecond)}; ${f(k.latencyMs.p50)} / ${f(k.latencyMs.p99)}`,
        target: `p99 ≤ ${r.targets.p99Ms}`,
      }));
      for (const [name, c] of Object.entries(r.costs?.perKind ?? {}))
        rows.push({
          measure: `server CPU ms per ${name} (alone at ${f(c.rate)}/s, net of idle)`,
          value: f(c.netMsPerRequest, 3),
          target: '',
        });
      rows.push(
        {
          measure: 'server cores 1,050 casts/s + 6,950 reads/s (a quarter each kind) need at these costs',
          value: f(
            Object.entries(r.costs?.perKind ?? {}).reduce(
              (a, [n, c]) => a + ((n === 'cast' ? 1050 : 6950 / 4) * c.netMsPerRequest) / 1000,
              r.costs?.idleCores ?? 0,
            ),
            2,
          ),
          target: '≤ 2',
        },
        { measure: 'raw ristretto255 exp/s (1 core)', value: f(r.rawExpPerSecond), target: '' },
      );
      return { rows, notes: [...r.shortfalls, ...r.notes] };
    },
  },
  ...trusteeSuites,
];
