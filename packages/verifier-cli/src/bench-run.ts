/**
 * What the `evident-verify` benchmarks share: a record made once and cached in the temporary
 * folder under a name that holds its parameters, a verification in a child process that reports
 * wall time, CPU time of every thread, the phases and the peak resident set, and the raw
 * exponentiation rate measured in CPU time (the machine is shared: CPU time is what a run costs,
 * wall time also says how busy the other tenants were).
 * @module
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { cpuUsage } from 'node:process';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { randomScalar, ristretto } from '@evident/e2e-crypto';
import type { PhaseTime } from './phases.js';

const CLI = fileURLToPath(new URL('./cli.js', import.meta.url));

/**
 * A module that runs the CLI's `main` and prints, after it, the process's peak resident set
 * (getrusage: the main thread and every worker thread) and CPU seconds as the last line of
 * stderr. A file, not `--eval`: worker threads inherit the process's `execArgv`.
 */
const WRAPPER = `
const { main } = await import(${JSON.stringify(pathToFileURL(CLI).href)});
const code = await main(process.argv.slice(2));
const u = process.resourceUsage();
process.stderr.write('\\nmaxRssKb ' + u.maxRSS + ' cpuUs ' + (u.userCPUTime + u.systemCPUTime) + '\\n');
process.exit(code);
`;

/** Raw ristretto255 exponentiations per CPU-second of one thread (variable base, 253-bit). */
export function rawExpPerCpuS(): number {
  const G = ristretto;
  const base = G.gExp(randomScalar(G.q));
  const e = randomScalar(G.q);
  for (let i = 0; i < 50; i++) G.exp(base, e); // warm-up
  const n = 1000;
  const c0 = cpuUsage();
  for (let i = 0; i < n; i++) G.exp(base, e);
  const c = cpuUsage(c0);
  return n / ((c.user + c.system) / 1e6);
}

/** What a verification in a child process gave. */
export interface ChildRun {
  readonly seconds: number;
  readonly cpuSeconds: number;
  readonly valid: boolean;
  readonly ballots: number;
  readonly peakRssMB: number;
  readonly phases: readonly PhaseTime[];
}

/** Verifies `dir` in a child process with `workers` worker threads. */
export function verifyInChild(dir: string, workers: number): ChildRun {
  const wrapper = join(mkdtempSync(join(tmpdir(), 'evident-bench-run-')), 'verify.mjs');
  writeFileSync(wrapper, WRAPPER);
  const t0 = performance.now();
  const r = spawnSync(process.execPath, [wrapper, dir, '--json', '--workers', String(workers)], {
    encoding: 'utf8',
    maxBuffer: 1 << 28,
  });
  const seconds = (performance.now() - t0) / 1000;
  rmSync(join(wrapper, '..'), { recursive: true, force: true });
  const m = /maxRssKb (\d+) cpuUs (\d+)\s*$/.exec(r.stderr ?? '');
  if ((r.status !== 0 && r.status !== 1) || !m)
    throw new Error(`evident-verify failed (exit ${r.status}): ${r.stderr}`);
  const report = JSON.parse(r.stdout) as {
    valid: boolean;
    counts: Record<string, number>;
    phases?: PhaseTime[];
  };
  return {
    seconds,
    cpuSeconds: Number(m[2]) / 1e6,
    valid: report.valid,
    ballots: report.counts['ballots'] ?? 0,
    peakRssMB: Number(m[1]) / 1024,
    phases: report.phases ?? [],
  };
}

/**
 * A record made by `make` into `<tmpdir>/evident-bench-cache/<key>`, or the one made before with
 * the same key (`.complete` marks a finished one; a half-made one is made again).
 * @returns the folder and the seconds spent making it (0 when cached)
 */
export async function cachedRecord(
  key: string,
  make: (dir: string) => Promise<void>,
): Promise<{ dir: string; makeS: number }> {
  const dir = join(tmpdir(), 'evident-bench-cache', key);
  if (existsSync(join(dir, '.complete'))) return { dir, makeS: 0 };
  rmSync(dir, { recursive: true, force: true });
  const t0 = performance.now();
  await make(dir);
  writeFileSync(join(dir, '.complete'), new Date().toISOString());
  return { dir, makeS: (performance.now() - t0) / 1000 };
}
