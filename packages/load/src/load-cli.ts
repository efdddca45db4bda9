/**
 * The load generator as a process of its own, so that the benchmark's figures are the
 * server's and not the generator's (spec/server-api.md §9). One JSON document on stdout.
 *
 *   load-cli prepare JOB.json   — encrypts and signs ballots `from`..`from+count` → `out` (JSON lines)
 *   load-cli cast JOB.json      — casts the ballots of `ballots` closed-loop (`concurrency`) or
 *                                 open-loop at `rate` for `seconds`
 *   load-cli reads JOB.json     — GETs `paths` with autocannon (`connections`, `seconds`, `rate`?)
 *   load-cli mixed JOB.json     — casts and reads at once, open loop, at constant rates (./mixed-load.ts)
 *
 * Exit codes: 0 done, 1 bad job, 2 failed.
 * @module
 */
import { readFileSync, writeFileSync } from 'node:fs';
import autocannon from 'autocannon';
import { Argument, Command } from 'commander';
import type { Manifest } from '@evident/e2e-crypto';
import { ballotClient } from '@evident/server/testing';
import { castAll, castAtRate, prepareBallots, quantile, type CastRun } from '@evident/server/testing';
import { runMixed, type MixedKind, type MixedSummary } from './mixed-load.js';

/** What `prepare` needs: the election as a client sees it, and the voters' credential codes. */
export interface PrepareJob {
  readonly profile: string;
  readonly manifest: Manifest;
  readonly jointKey: string;
  readonly extendedBaseHash: string;
  readonly codes: readonly string[];
  readonly from: number;
  readonly count: number;
  readonly out: string;
}

/** A cast run. */
export interface CastJob {
  readonly base: string;
  readonly electionId: string;
  /** JSON-lines files of `{ballot}` bodies, read in order. */
  readonly ballots: readonly string[];
  readonly from?: number;
  readonly count?: number;
  readonly concurrency?: number;
  /** Open loop: requests per second, for `seconds`. */
  readonly rate?: number;
  readonly seconds?: number;
  readonly requestTimeoutMs?: number;
}

/** A read run. */
export interface ReadJob {
  readonly base: string;
  readonly paths: readonly string[];
  readonly seconds: number;
  readonly connections?: number;
  /** Limit to this many requests per second overall (soak); default: as fast as possible. */
  readonly rate?: number;
}

/** A mixed open-loop run (the peak): casts of `ballots` at `castRate`, and reads at their rates. */
export interface MixedJob {
  readonly bases: readonly string[];
  readonly electionId: string;
  /** JSON-lines files of `{ballot}` bodies, read in order; `from`, `count` of them. */
  readonly ballots: readonly string[];
  readonly from: number;
  readonly count: number;
  readonly castRate: number;
  readonly reads: readonly {
    readonly name: string;
    readonly rate: number;
    readonly paths: readonly string[];
    /** More request headers (e.g. `Accept-Encoding`). */
    readonly headers?: Readonly<Record<string, string>>;
  }[];
  readonly seconds: number;
  readonly maxInFlight?: number;
  readonly requestTimeoutMs?: number;
}

/** Summary of a cast run (what the child prints). */
export interface CastSummary {
  readonly sent: number;
  readonly acknowledged: number;
  readonly failures: number;
  readonly statuses: Record<string, number>;
  readonly seconds: number;
  readonly castsPerSecond: number;
  readonly offeredPerSecond?: number;
  readonly shed?: number;
  readonly latencyMs: { p50: number; p95: number; p99: number; max: number };
  /** CPU time of this generator process (user + system), ms: what the load cost the machine. */
  readonly generatorCpuMs?: number;
  /**
   * CPU time of the sending alone (user + system), ms: `generatorCpuMs` less the start-up and the
   * reading of the ballot files (every cast process reads all of them), so the cost per cast.
   */
  readonly castCpuMs?: number;
}

/** Summary of a read run. */
export interface ReadSummary {
  readonly requestsPerSecond: number;
  readonly ok: number;
  readonly non2xx: number;
  readonly errors: number;
  readonly timeouts: number;
  readonly latencyMs: { p50: number; p99: number };
  readonly seconds: number;
}

function summarise(r: CastRun & { offered?: number; shed?: number }, cpu0: NodeJS.CpuUsage): CastSummary {
  const cpu = process.cpuUsage(cpu0);
  const lat = r.acks.map((a) => a.ms);
  const sent = Object.values(r.statuses).reduce((a, b) => a + b, 0);
  return {
    sent,
    acknowledged: r.acks.length,
    failures: r.failures,
    statuses: r.statuses,
    seconds: r.seconds,
    castsPerSecond: r.acks.length / r.seconds,
    castCpuMs: (cpu.user + cpu.system) / 1000,
    ...(r.offered !== undefined ? { offeredPerSecond: r.offered, shed: r.shed ?? 0 } : {}),
    latencyMs: {
      p50: quantile(lat, 0.5),
      p95: quantile(lat, 0.95),
      p99: quantile(lat, 0.99),
      // not Math.max(...lat): a long run has more samples than a call takes arguments
      max: lat.length ? lat.reduce((a, b) => Math.max(a, b)) : NaN,
    },
  };
}

async function prepare(job: PrepareJob): Promise<{ prepared: number }> {
  const client = ballotClient(job);
  const codes = new Map(job.codes.map((c, i) => [`v${i}`, c]));
  const out: string[] = [];
  for (let i = job.from; i < job.from + job.count; i += 50) {
    const n = Math.min(50, job.from + job.count - i);
    for (const b of prepareBallots({ client, codes, manifest: job.manifest }, n, i))
      out.push(JSON.stringify({ ballot: b }));
  }
  writeFileSync(job.out, out.join('\n') + '\n');
  return { prepared: out.length };
}

async function cast(job: CastJob): Promise<CastSummary> {
  const all = readBodies(job.ballots);
  const from = job.from ?? 0;
  const bodies = all.slice(from, job.count !== undefined ? from + job.count : undefined);
  const opts = { requestTimeoutMs: job.requestTimeoutMs ?? 30_000 };
  const cpu0 = process.cpuUsage();
  if (job.rate !== undefined) {
    return summarise(
      await castAtRate(job.base, job.electionId, bodies, job.rate, job.seconds ?? 5, 1024, opts),
      cpu0,
    );
  }
  const end = job.seconds !== undefined ? performance.now() + job.seconds * 1000 : Infinity;
  return summarise(
    await castAll(job.base, job.electionId, bodies, job.concurrency ?? 64, {
      ...opts,
      stop: () => performance.now() > end,
    }),
    cpu0,
  );
}

async function mixed(job: MixedJob): Promise<MixedSummary> {
  // a run of reads alone reads no ballots (parsing the files takes seconds, idle server time in a probe)
  const bodies = job.castRate > 0 ? readBodies(job.ballots).slice(job.from, job.from + job.count) : [];
  const kinds: MixedKind[] = [
    ...(job.castRate > 0
      ? [
          {
            name: 'cast',
            rate: job.castRate,
            method: 'POST' as const,
            paths: [`/elections/${job.electionId}/ballots`],
            bodies,
          },
        ]
      : []),
    ...job.reads.filter((r) => r.rate > 0).map((r) => ({ ...r, method: 'GET' as const })),
  ];
  return runMixed({
    bases: job.bases,
    kinds,
    seconds: job.seconds,
    ...(job.maxInFlight !== undefined ? { maxInFlight: job.maxInFlight } : {}),
    ...(job.requestTimeoutMs !== undefined ? { requestTimeoutMs: job.requestTimeoutMs } : {}),
  });
}

function readBodies(files: readonly string[]): string[] {
  return files.flatMap((f) =>
    readFileSync(f, 'utf8')
      .split('\n')
      .filter((l) => l.length > 0),
  );
}

async function reads(job: ReadJob): Promise<ReadSummary> {
  const r = await autocannon({
    url: job.base,
    connections: job.connections ?? 32,
    duration: job.seconds,
    timeout: 10,
    ...(job.rate !== undefined ? { overallRate: job.rate } : {}),
    requests: job.paths.map((path) => ({ method: 'GET', path })),
  });
  const ok = r['2xx'];
  return {
    requestsPerSecond: ok / r.duration,
    ok,
    non2xx: r.non2xx,
    errors: r.errors,
    timeouts: r.timeouts,
    latencyMs: { p50: r.latency.p50, p99: r.latency.p99 },
    seconds: r.duration,
  };
}

const program = new Command()
  .name('load-cli')
  .description(
    "The server benchmark's load generator (spawned by bench:server): one JSON document on stdout. " +
      'Exit 0 done, 1 bad job, 2 failed.',
  )
  .addArgument(new Argument('<command>', 'what to do').choices(['prepare', 'cast', 'reads', 'mixed']))
  .argument('<job>', 'JSON job file')
  .parse();
const [command, file] = program.args as [string, string];
let job: unknown;
try {
  job = JSON.parse(readFileSync(file, 'utf8'));
} catch (e) {
  process.stderr.write(`load-cli: cannot read ${file}: ${(e as Error).message}\n`);
  process.exit(1);
}
try {
  const result =
    command === 'prepare'
      ? await prepare(job as PrepareJob)
      : command === 'cast'
        ? await cast(job as CastJob)
        : command === 'mixed'
          ? await mixed(job as MixedJob)
          : await reads(job as ReadJob);
  const u = process.cpuUsage();
  process.stdout.write(JSON.stringify({ ...result, generatorCpuMs: (u.user + u.system) / 1000 }) + '\n');
} catch (e) {
  process.stderr.write(`load-cli ${command}: ${(e as Error).message}\n`);
  process.exit(2);
}
