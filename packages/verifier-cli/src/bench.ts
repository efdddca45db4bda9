/**
 * Benchmarks of `evident-verify` (`npm run bench -- --only evident-verify,evident-verify-demo`).
 *
 * `evident-verify`: ristretto255 ten-selection ballots in the layout `evident-server export`
 * writes, one file per online credential with 1–2 ballots each (spec/record.md §5.5), and in big
 * device files: ballots/s, CPU seconds per ballot, cores busy, the ratio to the raw
 * exponentiation rate measured in the same run, peak RSS, and the projection to 1,000,000 ballots.
 * `evident-verify-demo`: a record as the server makes it, the demo's shape (three contests, two
 * ranked, revotes, challenges, board, signatures; `npm run demo`), time and cores busy per phase.
 *
 * Environment: EVIDENT_BENCH_BALLOTS, ballots of the export-layout record (default 20000; e.g.
 * 1000000 for the national-scale run); EVIDENT_BENCH_DEVICE_BALLOTS, of the 4-device record
 * (default 20000, 0 skips); EVIDENT_BENCH_WORKERS, worker threads (default every core);
 * EVIDENT_BENCH_DEMO_RECORD, a demo record to verify; else EVIDENT_BENCH_DEMO_VOTERS, the demo's
 * voters (default 200, 0 skips; the demo runs once and its record is kept). Records are made once
 * and kept in `<tmpdir>/evident-bench-cache/` under a name that holds their parameters. The
 * synthetic records encrypt 200 distinct ballots and re-chain copies of them
 * (`distinctEncryptions`): the verifier caches nothing across ballots, so each costs the full work.
 * @module
 */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { availableParallelism, loadavg } from 'node:os';
import { fileURLToPath } from 'node:url';
import type { BenchSuite } from '@evident/e2e-crypto';
import { sampleManifest, simulateElection } from '@evident/record';
import { cachedRecord, rawExpPerCpuS, verifyInChild } from './bench-run.js';
import { eg2Suite } from './eg2/bench-suite.js';

const env = (name: string, dflt: number): number => {
  const v = process.env[name];
  return v === undefined || v === '' ? dflt : Number(v);
};

/** Exponentiation-equivalents per ten-selection ballot: 10 selections + 1 contest proof + code. */
const EXP_PER_BALLOT = 12;

async function syntheticRecord(ballots: number, devices: number): Promise<{ dir: string; makeS: number }> {
  return cachedRecord(`ten-selection-v1-${ballots}-ballots-${devices}-devices`, async (dir) => {
    await simulateElection(dir, {
      manifest: sampleManifest({ districts: 1, contestsPerDistrict: 1, options: 10, sharedContest: false }),
      guardians: 3,
      quorum: 2,
      ballots,
      devices,
      challengeEvery: 100,
      distinctEncryptions: Math.min(ballots, 200),
    });
  });
}

const loadNote = (): string =>
  `load average at the end: ${loadavg()
    .map((x) => x.toFixed(2))
    .join(
      ', ',
    )} (${availableParallelism()} cores); the machine is shared, so wall figures are noisy: compare the CPU-time figures and the ratio`;

/** The suites. */
export const suites: BenchSuite[] = [
  {
    name: 'evident-verify',
    description:
      'evident-verify on ristretto255 ten-selection ballots: the export layout (1–2 ballots per file) and big device files',
    async run() {
      const n = env('EVIDENT_BENCH_BALLOTS', 20_000);
      const nDevices = env('EVIDENT_BENCH_DEVICE_BALLOTS', 20_000);
      const workers = env('EVIDENT_BENCH_WORKERS', availableParallelism());
      const layouts = [
        // round-robin over 2n/3 devices: half the files hold 2 ballots, half 1 (the record
        // simulator holds a bounded number of files open, so any size is the export layout)
        ...(n > 0
          ? [{ layout: 'export: 1–2 ballots per file', ballots: n, devices: Math.ceil((2 * n) / 3) }]
          : []),
        ...(nDevices > 0 ? [{ layout: '4 devices', ballots: nDevices, devices: 4 }] : []),
      ];
      const rows = [];
      for (const l of layouts) {
        const { dir, makeS } = await syntheticRecord(l.ballots, l.devices);
        const expPerCpuS = rawExpPerCpuS();
        const v = verifyInChild(dir, workers);
        const perS = l.ballots / v.seconds;
        const perCpuS = l.ballots / v.cpuSeconds;
        rows.push({
          layout: l.layout,
          ballots: l.ballots,
          files: l.devices,
          workers,
          valid: String(v.valid && v.ballots === l.ballots),
          seconds: v.seconds,
          cpuSeconds: v.cpuSeconds,
          coresBusy: v.cpuSeconds / v.seconds,
          ballotsPerS: perS,
          cpuMsPerBallot: (1000 * v.cpuSeconds) / l.ballots,
          rawExpPerCpuS: expPerCpuS,
          ratioToRawExp: (perCpuS * EXP_PER_BALLOT) / expPerCpuS,
          projected1MMinutesMeasured: 1e6 / perS / 60,
          projected1MMinutes2Cores: 1e6 / (perCpuS * 2) / 60,
          peakRssMB: v.peakRssMB,
          recordMakeS: makeS,
        });
      }
      return {
        rows,
        notes: [
          `ratioToRawExp = (ballots per CPU-second × ${EXP_PER_BALLOT} exponentiation-equivalents per ballot) / raw ristretto255 exponentiations per CPU-second of one thread, both measured in this run: the share of the verifier's CPU time that an ideal verifier would spend`,
          'projected1MMinutesMeasured: 1,000,000 ballots at the measured wall rate; projected1MMinutes2Cores: at the CPU cost per ballot with both cores busy and to ourselves (the target: ≤ 10 min, ≥ 1,667 ballots/s)',
          'peakRssMB: maximum resident set of the verifier process (main thread and worker threads), from getrusage in that process (target < 500 MB)',
          'recordMakeS: 0 when the record came from the cache',
          loadNote(),
        ],
      };
    },
  },
  {
    name: 'evident-verify-demo',
    description:
      "evident-verify on a record as the server makes it (the demo's shape): time and cores busy per phase",
    async run() {
      const voters = env('EVIDENT_BENCH_DEMO_VOTERS', 200);
      const workers = env('EVIDENT_BENCH_WORKERS', availableParallelism());
      let dir = process.env['EVIDENT_BENCH_DEMO_RECORD'];
      let makeS = 0;
      if (!dir) {
        if (voters <= 0) return { rows: [], notes: ['skipped: EVIDENT_BENCH_DEMO_VOTERS=0'] };
        ({ dir, makeS } = await cachedRecord(`demo-v1-${voters}-voters`, async (out) =>
          runDemo(out, voters),
        ));
      }
      const v = verifyInChild(dir, workers);
      const rows: Record<string, string | number>[] = v.phases.map((p) => ({
        phase: p.name,
        seconds: p.seconds,
        cpuSeconds: p.cpuSeconds,
        coresBusy: p.seconds > 0 ? p.cpuSeconds / p.seconds : 0,
        shareOfCpu: p.cpuSeconds / v.cpuSeconds,
        peakRssMBSoFar: p.peakRssMB ?? 0,
      }));
      rows.push({
        phase: `whole run: ${v.ballots} ballots, valid ${v.valid}`,
        seconds: v.seconds,
        cpuSeconds: v.cpuSeconds,
        coresBusy: v.cpuSeconds / v.seconds,
        shareOfCpu: 1,
        ballotsPerS: v.ballots / v.seconds,
        ballotsPer2CoreS: (2 * v.ballots) / v.cpuSeconds,
        projected1MMinutes2Cores: 1e6 / ((2 * v.ballots) / v.cpuSeconds) / 60,
        peakRssMB: v.peakRssMB,
        recordMakeS: makeS,
      });
      return {
        rows,
        notes: [
          `record: ${dir}`,
          'whole run includes process start and loading; phases are from the report (wall and CPU of every thread)',
          'ballotsPer2CoreS: ballots per second if the CPU time were spread over both cores (goal for this shape: ≥ 555/s)',
          loadNote(),
        ],
      };
    },
  },
];

/** Runs the server's demo (`npm run demo`) with `voters` online voters, its record into `out`. */
function runDemo(out: string, voters: number): void {
  const demo = fileURLToPath(new URL('../../server/dist/demo.js', import.meta.url));
  if (!existsSync(demo)) throw new Error(`the demo is not built: ${demo} (npx tsc -b)`);
  const r = spawnSync(process.execPath, [demo, '--voters', String(voters), '--out', out], {
    encoding: 'utf8',
    maxBuffer: 1 << 26,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  if (r.status !== 0)
    throw new Error(`the demo failed (exit ${r.status}): ${(r.stderr || r.stdout).slice(-2000)}`);
}

// ElectionGuard 2.0 records (eg-4096): ballots/s for the egk fixtures' ballot shape
suites.push(eg2Suite);
