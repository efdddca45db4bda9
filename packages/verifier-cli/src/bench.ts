/**
 * Benchmarks of `evident-verify` (issue 4 targets; `npm run bench -- --only evident-verify`):
 * ballots per second on ristretto255 ten-selection ballots with every core, the ratio to the raw
 * exponentiation rate measured in the same run, and the peak RSS of verifying the record.
 * EVIDENT_BENCH_BALLOTS sets the record size (default 100000; e.g. 2000 for a quick run).
 * The record encrypts 200 distinct ballots and re-chains copies of them (see
 * `distinctEncryptions`): each ballot still costs the verifier the full work.
 * @module
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type BenchSuite, randomScalar, ristretto, timeIt } from '@evident/e2e-crypto';
import { sampleManifest, simulateElection } from '@evident/record';
import { eg2Suite } from './eg2/bench-suite.js';

const CLI = fileURLToPath(new URL('./cli.js', import.meta.url));

function rawExpRate(): number {
  const G = ristretto;
  const base = G.gExp(randomScalar(G.q));
  const e = randomScalar(G.q);
  const ms = timeIt(() => {
    G.exp(base, e);
  });
  return 1000 / ms;
}

/** The suites. */
export const suites: BenchSuite[] = [
  {
    name: 'evident-verify',
    description: 'evident-verify on ristretto255 ten-selection ballots, all cores',
    async run() {
      const n = Number(process.env['EVIDENT_BENCH_BALLOTS'] ?? 100_000);
      const dir = mkdtempSync(join(tmpdir(), 'evident-bench-'));
      try {
        const t0 = performance.now();
        await simulateElection(dir, {
          manifest: sampleManifest({ districts: 1, contestsPerDistrict: 1, options: 10, sharedContest: false }),
          guardians: 3,
          quorum: 2,
          ballots: n,
          devices: 4,
          challengeEvery: 100,
          distinctEncryptions: Math.min(n, 200),
        });
        const writeS = (performance.now() - t0) / 1000;
        const expPerS = rawExpRate();
        const cores = availableParallelism();
        // a child process so that peak RSS is the verifier's alone
        const t1 = performance.now();
        const r = spawnSync('/usr/bin/time', ['-f', '%M', process.execPath, CLI, dir, '--json', '--workers', String(cores)], { encoding: 'utf8', maxBuffer: 1 << 26 });
        const s = (performance.now() - t1) / 1000;
        const report = JSON.parse(r.stdout) as { valid: boolean; counts: Record<string, number> };
        const rssKb = Number(r.stderr.trim().split('\n').pop());
        const perS = n / s;
        return {
          rows: [
            {
              ballots: n,
              selectionsPerBallot: 10,
              cores,
              valid: String(report.valid),
              seconds: s,
              ballotsPerS: perS,
              rawExpPerS: expPerS,
              ratioToRawExp: (perS * 12) / expPerS,
              peakRssMB: rssKb / 1024,
              recordWriteS: writeS,
            },
          ],
          notes: [
            'ratioToRawExp = (ballots/s × 12 exponentiation-equivalents per ballot: 10 selections + 1 contest proof + code) / raw single-core ristretto255 exponentiations/s',
            'peakRssMB includes the worker threads (maximum resident set size of the verifier process)',
            'floor 300 ballots/s; memory target < 500 MB at 100,000 ballots',
          ],
        };
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    },
  },
];

// ElectionGuard 2.0 records (eg-4096): ballots/s for the egk fixtures' ballot shape
suites.push(eg2Suite);
