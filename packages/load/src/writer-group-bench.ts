#!/usr/bin/env node
/**
 * `npm run bench:writer-group [-- --rate 1050 --seconds 3 --groups 0,2,5 --rounds 3 --json]`: the
 * board writer's commit delay (`--writer-group-ms`, spec/server-api.md §8) measured in one
 * process, no HTTP: ballot-sized log entries submitted to the writer open loop at `rate` per
 * second for `seconds`, on a fresh SQLite file per run (the writer thread, durability full), each
 * delay in turn, round after round. Per run: entries per commit, the process's CPU per entry (all
 * threads: `process.cpuUsage`), the main thread's and the SQLite writer thread's (Linux
 * schedstat), and the mean time from submission to durable. What a commit costs besides its
 * entries — a signed tree head, the catch-up reads under the lock, the transaction and its fsync,
 * the messages to the writer thread — is shared by the entries of its group. The entries are not
 * ballots: no verification, no cast checks, so the share of a commit in a real cast is smaller.
 * @module
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Command, InvalidArgumentError } from 'commander';
import { buildApp } from '@evident/server';
import { injectCall, setUpElection } from '@evident/server/testing';

const ADMIN = 'evd_writer-group-admin-0123456789abcdef';
const ID = 'wg1';

/** CPU ms of thread `tid` of this process so far (Linux schedstat; NaN elsewhere). */
function threadMs(tid: number | undefined): number {
  try {
    return Number(readFileSync(`/proc/self/task/${tid}/schedstat`, 'utf8').split(' ')[0]) / 1e6;
  } catch {
    return NaN;
  }
}

interface Run {
  groupMs: number;
  perCommit: number;
  cpuUsPerEntry: number;
  mainUsPerEntry: number;
  writerUsPerEntry: number;
  latencyMs: number;
}

interface Writer {
  submit(
    plan: (tx: { append(id: string, type: string, f: Record<string, unknown>): number }) => unknown,
  ): Promise<unknown>;
  readonly stats: { commits: number };
}

async function run(dir: string, groupMs: number, rate: number, seconds: number, k: number): Promise<Run> {
  const app = await buildApp({
    db: join(dir, `${groupMs}-${k}.db`),
    adminToken: ADMIN,
    rateLimit: false,
    writerGroupMs: groupMs,
  });
  try {
    await setUpElection(injectCall(app), ADMIN, { id: ID, voters: 2 });
    const writer = app.evident.writer as unknown as Writer;
    const wt = (): number | undefined =>
      (app.evident.store as { writerKernelThreadId?: number }).writerKernelThreadId;
    const n = Math.round(rate * seconds);
    const c0 = process.cpuUsage();
    const m0 = threadMs(process.pid);
    const w0 = threadMs(wt());
    const k0 = writer.stats.commits;
    let waited = 0;
    const jobs: Promise<unknown>[] = [];
    const t0 = performance.now();
    for (let i = 0; i < n; i++) {
      const wait = t0 + (i * 1000) / rate - performance.now();
      if (wait > 1) await new Promise((r) => setTimeout(r, wait));
      const sent = performance.now();
      const entry = { i, data: 'ab'.repeat(2000) };
      jobs.push(
        writer
          .submit((tx) => tx.append(ID, 'writer-group-bench', entry))
          .then(() => (waited += performance.now() - sent)),
      );
    }
    await Promise.all(jobs);
    const u = process.cpuUsage(c0);
    return {
      groupMs,
      perCommit: n / Math.max(1, writer.stats.commits - k0),
      cpuUsPerEntry: (u.user + u.system) / n,
      mainUsPerEntry: ((threadMs(process.pid) - m0) * 1000) / n,
      writerUsPerEntry: ((threadMs(wt()) - w0) * 1000) / n,
      latencyMs: waited / n,
    };
  } finally {
    await app.close();
  }
}

const num = (min: number, max: number) => (v: string) => {
  const x = Number(v);
  if (!Number.isFinite(x) || x < min || x > max)
    throw new InvalidArgumentError(`a number in [${min}, ${max}]`);
  return x;
};

await new Command()
  .name('bench:writer-group')
  .description(
    "the board writer's commit delay: entries per commit and CPU per entry, delays alternated in one process",
  )
  .option('--rate <r>', 'entries per second offered', num(1, 100_000), 1050)
  .option('--seconds <s>', 'seconds per run', num(0.5, 600), 3)
  .option(
    '--groups <list>',
    'commit delays to compare, ms, comma-separated',
    (v) => v.split(',').map(num(0, 1000)),
    [0, 2, 5],
  )
  .option('--rounds <n>', 'rounds (each delay once per round)', num(1, 100), 3)
  .option('--json', 'one JSON document on stdout')
  .action(async (o: { rate: number; seconds: number; groups: number[]; rounds: number; json?: boolean }) => {
    const dir = mkdtempSync(join(tmpdir(), 'evident-writer-group-'));
    try {
      const runs: Run[] = [];
      for (let k = 0; k < o.rounds; k++)
        for (const g of k % 2 ? [...o.groups].reverse() : o.groups) {
          const r = await run(dir, g, o.rate, o.seconds, k);
          runs.push(r);
          process.stderr.write(
            `bench:writer-group: round ${k + 1}, ${g} ms: ${r.perCommit.toFixed(1)} per commit, ${r.cpuUsPerEntry.toFixed(0)} µs CPU per entry ` +
              `(main ${r.mainUsPerEntry.toFixed(0)}, writer thread ${r.writerUsPerEntry.toFixed(0)}), ${r.latencyMs.toFixed(1)} ms to durable\n`,
          );
        }
      const report = { rate: o.rate, seconds: o.seconds, runs };
      process.stdout.write(JSON.stringify(report, null, o.json ? 2 : undefined) + '\n');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  })
  .parseAsync();
