/**
 * Benchmarks of `evident-verify` (`npm run bench -- --only evident-verify`):
 * ballots per second on ristretto255 ten-selection ballots, the ratio to the raw
 * exponentiation rate measured in the same run, and the peak RSS of the verifier process.
 * Two layouts: 4 devices (big files), and the layout `evident-server export` writes, one file per
 * online credential with 1–2 ballots each (spec/record.md §5.5), which the ballot pass packs
 * several to a chunk (spec/verification.md §0.3).
 *
 * EVIDENT_BENCH_BALLOTS sets the big-file record's size (default 100000; e.g. 2000 for a quick
 * run), EVIDENT_BENCH_ONLINE_BALLOTS the online one's (default 3000; 0 to skip),
 * EVIDENT_BENCH_WORKERS the worker threads (default every core). The records encrypt 200 distinct
 * ballots and re-chain copies of them (see `distinctEncryptions`): each ballot still costs the
 * verifier the full work.
 * @module
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { availableParallelism, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { type BenchSuite, randomScalar, ristretto, timeIt } from '@evident/e2e-crypto';
import { sampleManifest, simulateElection } from '@evident/record';
import { eg2Suite } from './eg2/bench-suite.js';

const CLI = fileURLToPath(new URL('./cli.js', import.meta.url));

/**
 * A module that runs the CLI's `main` and prints, after it, the process's peak resident set
 * (getrusage: the main thread and every worker thread) as the last line of stderr. A file, not
 * `--eval`: worker threads inherit the process's `execArgv`.
 */
const WRAPPER = `
const { main } = await import(${JSON.stringify(pathToFileURL(CLI).href)});
const code = await main(process.argv.slice(2));
process.stderr.write('\\nmaxRssKb ' + process.resourceUsage().maxRSS + '\\n');
process.exit(code);
`;

function rawExpRate(): number {
  const G = ristretto;
  const base = G.gExp(randomScalar(G.q));
  const e = randomScalar(G.q);
  const ms = timeIt(() => {
    G.exp(base, e);
  });
  return 1000 / ms;
}

/** Verifies `dir` in a child process; seconds, verdict and peak RSS. */
function verifyInChild(
  dir: string,
  workers: number,
): { seconds: number; valid: boolean; ballots: number; peakRssMB: number } {
  const wrapper = join(mkdtempSync(join(tmpdir(), 'evident-bench-run-')), 'verify.mjs');
  writeFileSync(wrapper, WRAPPER);
  const t0 = performance.now();
  const r = spawnSync(process.execPath, [wrapper, dir, '--json', '--workers', String(workers)], {
    encoding: 'utf8',
    maxBuffer: 1 << 26,
  });
  const seconds = (performance.now() - t0) / 1000;
  rmSync(join(wrapper, '..'), { recursive: true, force: true });
  const rss = /maxRssKb (\d+)\s*$/.exec(r.stderr ?? '');
  if ((r.status !== 0 && r.status !== 1) || !rss)
    throw new Error(`evident-verify failed (exit ${r.status}): ${r.stderr}`);
  const report = JSON.parse(r.stdout) as { valid: boolean; counts: Record<string, number> };
  return {
    seconds,
    valid: report.valid,
    ballots: report.counts['ballots'] ?? 0,
    peakRssMB: Number(rss[1]) / 1024,
  };
}

async function makeRecord(dir: string, ballots: number, devices: number): Promise<number> {
  const t0 = performance.now();
  await simulateElection(dir, {
    manifest: sampleManifest({ districts: 1, contestsPerDistrict: 1, options: 10, sharedContest: false }),
    guardians: 3,
    quorum: 2,
    ballots,
    devices,
    challengeEvery: 100,
    distinctEncryptions: Math.min(ballots, 200),
  });
  return (performance.now() - t0) / 1000;
}

/** The suites. */
export const suites: BenchSuite[] = [
  {
    name: 'evident-verify',
    description:
      'evident-verify on ristretto255 ten-selection ballots: big files and one file per online credential',
    async run() {
      const n = Number(process.env['EVIDENT_BENCH_BALLOTS'] ?? 100_000);
      const nOnline = Number(process.env['EVIDENT_BENCH_ONLINE_BALLOTS'] ?? 3000);
      const workers = Number(process.env['EVIDENT_BENCH_WORKERS'] ?? availableParallelism());
      const expPerS = rawExpRate();
      const layouts = [
        { layout: '4 devices', ballots: n, devices: 4 },
        // round-robin over 2n/3 devices: half the files hold 2 ballots, half 1
        ...(nOnline > 0
          ? [
              {
                layout: 'online: 1–2 ballots per file',
                ballots: nOnline,
                devices: Math.ceil((2 * nOnline) / 3),
              },
            ]
          : []),
      ];
      const rows = [];
      for (const l of layouts) {
        const dir = mkdtempSync(join(tmpdir(), 'evident-bench-'));
        try {
          const writeS = await makeRecord(dir, l.ballots, l.devices);
          const v = verifyInChild(dir, workers);
          const perS = l.ballots / v.seconds;
          rows.push({
            layout: l.layout,
            ballots: l.ballots,
            files: l.devices,
            selectionsPerBallot: 10,
            workers,
            valid: String(v.valid && v.ballots === l.ballots),
            seconds: v.seconds,
            ballotsPerS: perS,
            rawExpPerS: expPerS,
            ratioToRawExp: (perS * 12) / expPerS,
            peakRssMB: v.peakRssMB,
            recordWriteS: writeS,
          });
        } finally {
          rmSync(dir, { recursive: true, force: true });
        }
      }
      return {
        rows,
        notes: [
          'ratioToRawExp = (ballots/s × 12 exponentiation-equivalents per ballot: 10 selections + 1 contest proof + code) / raw single-core ristretto255 exponentiations/s',
          'peakRssMB: maximum resident set size of the verifier process (main thread and worker threads), from getrusage in that process',
          'floor 300 ballots/s; memory target < 500 MB at 100,000 ballots',
          `load average at the end: ${loadavg()
            .map((x) => x.toFixed(2))
            .join(', ')} (${availableParallelism()} cores)`,
        ],
      };
    },
  },
];

// ElectionGuard 2.0 records (eg-4096): ballots/s for the egk fixtures' ballot shape
suites.push(eg2Suite);
