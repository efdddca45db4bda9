/**
 * The server benchmark (spec/server-api.md §9), run by `npm run bench:server` and, in a short
 * form, by the `server` suite of `npm run bench`. Three kinds of process on loopback only: this
 * one (orchestrates, samples memory), the compiled server, and load generators (`load-cli.ts`),
 * so that the figures are the server's and not the generator's.
 *
 * 1. raw ristretto255 exponentiation rate, in this process before any load (the yardstick);
 * 2. an election with enough voters; ballots encrypted and signed by generator processes;
 * 3. closed loop: casts with `concurrency` requests in flight → verified casts/s, and the
 *    server's CPU time per cast by thread (/proc); then, on a fresh server under the V8 sampling
 *    profiler, a shorter closed loop → where its CPU time goes;
 * 4. open loop at an offered rate → latency p50/p95/p99 at that rate, each measured from the
 *    request's scheduled send time (each cast phase starts after warm-up casts, not counted);
 * 5. reads (tree head, inclusion proofs, results) with autocannon → requests/s per endpoint;
 * 6. soak: casts and reads at modest rates for S seconds, sampling the server's RSS and heap
 *    each second → start/end/max and slope.
 * Every child is bounded in time; the server is stopped (SIGTERM, then SIGKILL) on every path.
 * @module
 */
import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { randomScalar, ristretto, toHex } from '@evident/e2e-crypto';
import { setUpElection } from '../testing/local-election.js';
import { splitProfiles, type CpuSplit } from './cpu-profile.js';
import { compiledCli, httpCall, startServer, stopServer, type ServerProcess } from './http.js';
import type { CastJob, CastSummary, PrepareJob, ReadJob, ReadSummary } from './load-cli.js';

/** Options (all bounded; defaults are the `npm run bench:server` ones). */
export interface ServerBenchOptions {
  /** Ballots cast closed-loop (default 1000). */
  readonly ballots?: number;
  /** Casts before each measured cast phase (closed and open loop), not counted: JIT, tables (default 100). */
  readonly warmup?: number;
  /** Requests in flight in the closed loop (default 64). */
  readonly concurrency?: number;
  /** Offered cast rate for the latency figures, per second (default 300, the floor). */
  readonly rate?: number;
  /** Seconds of offered load (default 5). */
  readonly rateSeconds?: number;
  /** Seconds per read endpoint (default 5). */
  readonly readSeconds?: number;
  /** Connections of the read generator (default 32). */
  readonly readConnections?: number;
  /** Soak length, s (default 20). */
  readonly soakSeconds?: number;
  /** Casts per second during the soak (default 20). */
  readonly soakRate?: number;
  /** Reads per second during the soak (default 1000). */
  readonly soakReadRate?: number;
  /** Verification worker threads of the server (default: one per core). */
  readonly workers?: number;
  /**
   * Profile the server in a separate closed-loop phase of `profileBallots` casts (default true):
   * the profiler costs throughput, so the headline figures come from an unprofiled run.
   */
  readonly profile?: boolean;
  /** Casts of the profiled phase (default 500). */
  readonly profileBallots?: number;
  /** Progress lines (default: none). */
  readonly log?: (line: string) => void;
}

/** One memory series. */
export interface MemorySeries {
  readonly startMB: number;
  readonly endMB: number;
  readonly maxMB: number;
  /** Least-squares slope, MB per minute. */
  readonly slopeMBPerMinute: number;
}

/** The report (one JSON document with `--json`). */
export interface ServerBenchReport {
  readonly machine: {
    cpus: number;
    cpuModel: string | undefined;
    node: string;
    loadavgBefore: number[];
    loadavgAfter: number[];
  };
  readonly rawExpPerSecond: number;
  readonly closedLoop: CastSummary & {
    concurrency: number;
    ratioToRawExp: number;
    /** Server CPU time (all threads, user + system, /proc) per acknowledged cast, ms. */
    serverCpuMsPerCast: number;
    /** Casts/s the server's CPU cost allows if it had every core to itself: cores × 1000 / serverCpuMsPerCast. */
    capacityIfAlone: number;
    /**
     * The same CPU time per thread (Linux /proc, per acknowledged cast, ms): the event-loop thread,
     * the verification workers, and the rest (V8's GC and compiler helpers, libuv). The main thread
     * is one thread: it alone caps casts/s at 1000 / main.
     */
    threadCpuMsPerCast?: { main: number; workers: number; other: number };
    /** The server's verifier batches and grouped commits since it started (warm-up included). */
    batches?: { verifier: unknown; writer: { commits: number; jobs: number } | undefined };
  };
  readonly atRate: CastSummary & {
    ratioToRawExp: number;
    /** Verifier batches and grouped commits during the open loop (mean sizes: ballots / batches, jobs / commits). */
    batches?: { verifier: { batches: number; ballots: number }; writer: { commits: number; jobs: number } };
    /** Server CPU ms per acknowledged cast during the open loop (all threads). */
    serverCpuMsPerCast: number;
  };
  readonly reads: Record<'treeHead' | 'inclusionProof' | 'results', ReadSummary>;
  readonly soak: {
    seconds: number;
    casts: CastSummary;
    reads: ReadSummary;
    rss: MemorySeries;
    heapUsed: MemorySeries;
    samples: { t: number; rss: number; heapUsed: number }[];
  };
  readonly cpu?: { main?: CpuSplit; workers?: CpuSplit; shares: Record<string, number>; verifier: unknown };
  readonly notes: string[];
}

const ADMIN = 'evd_bench-admin';
const here = (f: string): string => fileURLToPath(new URL(f, import.meta.url));

/** ristretto255 exponentiations per second in this thread (1 s, variable-base, constant time). */
export function rawExpRate(ms = 1000): number {
  const P = ristretto.gExp(randomScalar(ristretto.q));
  const t0 = performance.now();
  let n = 0;
  while (performance.now() - t0 < ms) {
    ristretto.exp(P, randomScalar(ristretto.q));
    n++;
  }
  return n / ((performance.now() - t0) / 1000);
}

/** Runs `load-cli COMMAND job` in a child process; resolves with its JSON, bounded in time. */
function runLoad<T>(
  dir: string,
  command: 'prepare' | 'cast' | 'reads',
  job: object,
  timeoutMs: number,
): Promise<T> {
  const file = join(dir, `job-${command}-${Math.random().toString(36).slice(2)}.json`);
  writeFileSync(file, JSON.stringify(job));
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [here('./load-cli.js'), command, file], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    let err = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr.on('data', (d: Buffer) => (err += d.toString()));
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(
        new Error(`load generator (${command}) gave no result within ${timeoutMs} ms: ${err.slice(-500)}`),
      );
    }, timeoutMs);
    child.on('exit', (code) => {
      clearTimeout(timer);
      if (code !== 0)
        return reject(new Error(`load generator (${command}) exited with ${code}: ${err.slice(-500)}`));
      try {
        resolve(JSON.parse(out) as T);
      } catch {
        reject(new Error(`load generator (${command}) printed no JSON: ${out.slice(0, 200)}`));
      }
    });
  });
}

/** CPU time (user + system) of each thread of process `pid` so far, ms, by thread id (Linux; empty elsewhere). */
function threadCpuMs(pid: number): Map<number, number> {
  const out = new Map<number, number>();
  try {
    for (const t of readdirSync(`/proc/${pid}/task`)) {
      const ms = cpuMsOf(pid, Number(t));
      if (Number.isFinite(ms)) out.set(Number(t), ms);
    }
  } catch {
    // not Linux, or the process is gone
  }
  return out;
}

/** CPU time (user + system) of process `pid` (or its thread `tid`) so far, ms (Linux /proc; NaN elsewhere). */
function cpuMsOf(pid: number, tid?: number): number {
  try {
    const f = readFileSync(tid === undefined ? `/proc/${pid}/stat` : `/proc/${pid}/task/${tid}/stat`, 'utf8');
    const rest = f.slice(f.lastIndexOf(')') + 2).split(' ');
    // fields 14 and 15 (utime, stime) in clock ticks; rest[0] is field 3
    return ((Number(rest[11]) + Number(rest[12])) * 1000) / 100;
  } catch {
    return NaN;
  }
}

function rssOf(pid: number): number {
  try {
    const m = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m ? Number(m[1]) * 1024 : NaN;
  } catch {
    return NaN;
  }
}

function series(points: { t: number; v: number }[]): MemorySeries {
  const ok = points.filter((p) => Number.isFinite(p.v));
  const mb = (b: number) => b / 2 ** 20;
  if (ok.length === 0) return { startMB: NaN, endMB: NaN, maxMB: NaN, slopeMBPerMinute: NaN };
  const n = ok.length;
  const mt = ok.reduce((a, p) => a + p.t, 0) / n;
  const mv = ok.reduce((a, p) => a + p.v, 0) / n;
  let num = 0;
  let den = 0;
  for (const p of ok) {
    num += (p.t - mt) * (p.v - mv);
    den += (p.t - mt) ** 2;
  }
  return {
    startMB: mb(ok[0]!.v),
    endMB: mb(ok[n - 1]!.v),
    maxMB: mb(Math.max(...ok.map((p) => p.v))),
    slopeMBPerMinute: den > 0 ? mb(num / den) * 60 : 0,
  };
}

/**
 * Runs the benchmark.
 * @throws {Error} when the server is not built, does not start, or a generator fails
 */
export async function runServerBench(o: ServerBenchOptions = {}): Promise<ServerBenchReport> {
  const log = o.log ?? (() => undefined);
  const cli = compiledCli();
  if (!cli) throw new Error('packages/server/dist/cli.js missing — run `npx tsc -b` first');
  const N = o.ballots ?? 1000;
  const concurrency = o.concurrency ?? 64;
  const rate = o.rate ?? 300;
  const rateSeconds = o.rateSeconds ?? 5;
  const readSeconds = o.readSeconds ?? 5;
  const soakSeconds = o.soakSeconds ?? 20;
  const soakRate = o.soakRate ?? 20;
  const soakReadRate = o.soakReadRate ?? 1000;
  const profile = o.profile ?? true;
  const nRate = Math.ceil(rate * rateSeconds);
  const nSoak = Math.ceil(soakRate * soakSeconds) + 10;
  const W = o.warmup ?? 100;
  const P = profile ? (o.profileBallots ?? 500) : 0;
  // ballot indices: [closed-loop warm-up, closed loop, open-loop warm-up, open loop, soak, profiled]
  const total = W + N + W + nRate + nSoak + P;
  const loadBefore = loadavg();

  const dir = mkdtempSync(join(tmpdir(), 'evident-bench-'));
  const db = join(dir, 'bench.db');
  const profDir = join(dir, 'profile');
  mkdirSync(profDir);
  const args = [
    '--db',
    db,
    '--host',
    '127.0.0.1',
    '--port',
    '0',
    '--rate-limit',
    '0',
    ...(o.workers !== undefined ? ['--workers', String(o.workers)] : []),
  ];
  const env = { EVIDENT_ADMIN_TOKEN: ADMIN };
  let server: ServerProcess | undefined;
  const notes: string[] = [];
  try {
    log('raw exponentiation rate…');
    const expRate = rawExpRate();

    log(`election with ${total} voters…`);
    server = await startServer(cli, args, env, { timeoutMs: 30_000 });
    const el = await setUpElection(httpCall(server.base, 60_000), ADMIN, {
      id: 'bench',
      voters: total,
      options: 5,
    });
    const G = el.client.ctx.G;
    const election = {
      profile: G.name,
      manifest: el.manifest,
      jointKey: toHex(G.encode(el.client.ctx.pk.K)),
      extendedBaseHash: toHex(el.client.ctx.hE),
      codes: [...el.codes.values()],
    };
    await stopServer(server);
    server = undefined;

    const procs = Math.max(1, cpus().length);
    log(`encrypting and signing ${total} ballots in ${procs} generator processes…`);
    const files: string[] = [];
    const per = Math.ceil(total / procs);
    await Promise.all(
      Array.from({ length: procs }, (_, k) => {
        const from = k * per;
        const count = Math.max(0, Math.min(per, total - from));
        const out = join(dir, `ballots-${k}.jsonl`);
        files.push(out);
        const job: PrepareJob = { ...election, from, count, out };
        return runLoad<{ prepared: number }>(dir, 'prepare', job, 30_000 + count * 400);
      }),
    );

    log(`closed loop: ${N} casts, ${concurrency} in flight…`);
    server = await startServer(cli, args, env, { timeoutMs: 30_000 });
    const warm = async (from: number): Promise<void> => {
      if (W === 0) return;
      await runLoad<CastSummary>(
        dir,
        'cast',
        {
          base: server!.base,
          electionId: el.id,
          ballots: files,
          from,
          count: W,
          concurrency: 16,
        } satisfies CastJob,
        60_000 + W * 200,
      );
    };
    await warm(0);
    const cpu0 = cpuMsOf(server.child.pid!);
    const threads0 = threadCpuMs(server.child.pid!);
    const closed = await runLoad<CastSummary>(
      dir,
      'cast',
      {
        base: server.base,
        electionId: el.id,
        ballots: files,
        from: W,
        count: N,
        concurrency,
      } satisfies CastJob,
      60_000 + N * 200,
    );
    const serverCpuMs = cpuMsOf(server.child.pid!) - cpu0;
    const threads1 = threadCpuMs(server.child.pid!);
    const metrics = (await httpCall(server.base)('GET', '/metrics', undefined, ADMIN)).json;
    const verifier = metrics?.verifier;
    const writer = metrics?.writer as { commits: number; jobs: number } | undefined;
    let threadCpuMsPerCast: ServerBenchReport['closedLoop']['threadCpuMsPerCast'];
    if (threads1.size > 0) {
      const workerTids = new Set<number>((verifier?.threads as number[] | undefined) ?? []);
      const split = { main: 0, workers: 0, other: 0 };
      for (const [tid, ms] of threads1) {
        const d = ms - (threads0.get(tid) ?? 0);
        if (tid === server.child.pid) split.main += d;
        else if (workerTids.has(tid)) split.workers += d;
        else split.other += d;
      }
      const n = Math.max(1, closed.acknowledged);
      threadCpuMsPerCast = { main: split.main / n, workers: split.workers / n, other: split.other / n };
    }
    await stopServer(server, 20_000);
    server = undefined;
    let cpu: ServerBenchReport['cpu'];
    if (profile) {
      log(`profiled closed loop: ${P} casts, ${concurrency} in flight, server under --cpu-prof…`);
      server = await startServer(cli, args, env, {
        timeoutMs: 30_000,
        nodeArgs: ['--cpu-prof', `--cpu-prof-dir=${profDir}`],
      });
      await runLoad<CastSummary>(
        dir,
        'cast',
        {
          base: server.base,
          electionId: el.id,
          ballots: files,
          from: W + N + W + nRate + nSoak,
          count: P,
          concurrency,
        } satisfies CastJob,
        60_000 + P * 200,
      );
      await stopServer(server, 20_000);
      server = undefined;
      const { main, workers } = splitProfiles(profDir);
      const shares: Record<string, number> = {};
      const busy = (main?.busyMs ?? 0) + (workers?.busyMs ?? 0);
      for (const s of [main, workers])
        for (const [k, v] of Object.entries(s?.ms ?? {}))
          if (k !== 'idle') shares[k] = (shares[k] ?? 0) + v / busy;
      cpu = { ...(main ? { main } : {}), ...(workers ? { workers } : {}), shares, verifier };
      notes.push(
        `the CPU split comes from a separate run of ${P} casts under the profiler, each thread from its first ballot on; the other figures are from unprofiled runs`,
      );
    }

    server = await startServer(cli, args, env, { timeoutMs: 30_000 });
    const pid = server.child.pid!;
    await warm(W + N);
    log(`open loop: ${rate} casts/s offered for ${rateSeconds} s…`);
    const counters = async () => {
      const m = (await httpCall(server!.base)('GET', '/metrics', undefined, ADMIN)).json;
      return {
        verifier: { batches: m?.verifier?.batches as number, ballots: m?.verifier?.ballots as number },
        writer: { commits: m?.writer?.commits as number, jobs: m?.writer?.jobs as number },
      };
    };
    const before = await counters();
    const rateCpu0 = cpuMsOf(pid);
    const atRate = await runLoad<CastSummary>(
      dir,
      'cast',
      {
        base: server.base,
        electionId: el.id,
        ballots: files,
        from: W + N + W,
        count: nRate,
        rate,
        seconds: rateSeconds,
      } satisfies CastJob,
      60_000 + rateSeconds * 2000,
    );
    const rateCpuMs = cpuMsOf(pid) - rateCpu0;
    const after = await counters();
    const rateBatches = {
      verifier: {
        batches: after.verifier.batches - before.verifier.batches,
        ballots: after.verifier.ballots - before.verifier.ballots,
      },
      writer: {
        commits: after.writer.commits - before.writer.commits,
        jobs: after.writer.jobs - before.writer.jobs,
      },
    };

    const call = httpCall(server.base);
    const size = (await call('GET', `/elections/${el.id}/board/tree-head`)).json.treeHead.treeSize as number;
    const readJob = (paths: string[]): ReadJob => ({
      base: server!.base,
      paths,
      seconds: readSeconds,
      connections: o.readConnections ?? 32,
    });
    const bound = 30_000 + readSeconds * 2000;
    log(`reads: ${readSeconds} s per endpoint…`);
    const treeHead = await runLoad<ReadSummary>(
      dir,
      'reads',
      readJob([`/elections/${el.id}/board/tree-head`]),
      bound,
    );
    const inclusionProof = await runLoad<ReadSummary>(
      dir,
      'reads',
      readJob(
        Array.from(
          { length: 256 },
          (_, i) => `/elections/${el.id}/board/inclusion?index=${(i * 7919) % size}`,
        ),
      ),
      bound,
    );
    const results = await runLoad<ReadSummary>(dir, 'reads', readJob([`/elections/${el.id}/results`]), bound);

    log(
      `soak: ${soakSeconds} s (${soakRate} casts/s, ${soakReadRate} reads/s), sampling memory each second…`,
    );
    const samples: { t: number; rss: number; heapUsed: number }[] = [];
    const t0 = performance.now();
    const sample = async (): Promise<void> => {
      const m = await call('GET', '/metrics', undefined, ADMIN).catch(() => undefined);
      samples.push({
        t: (performance.now() - t0) / 1000,
        rss: rssOf(pid),
        heapUsed: m?.json?.memory?.heapUsed ?? NaN,
      });
    };
    await sample();
    let sampling = true;
    const sampler = (async () => {
      while (sampling) {
        await new Promise((r) => setTimeout(r, 1000));
        await sample();
      }
    })();
    const [soakCasts, soakReads] = await Promise.all([
      runLoad<CastSummary>(
        dir,
        'cast',
        {
          base: server.base,
          electionId: el.id,
          ballots: files,
          from: W + N + W + nRate,
          count: nSoak,
          rate: soakRate,
          seconds: soakSeconds,
        } satisfies CastJob,
        60_000 + soakSeconds * 2000,
      ),
      runLoad<ReadSummary>(
        dir,
        'reads',
        {
          base: server.base,
          paths: [
            `/elections/${el.id}/board/tree-head`,
            `/elections/${el.id}/results`,
            `/elections/${el.id}/board/inclusion?index=1`,
          ],
          seconds: soakSeconds,
          connections: 8,
          rate: soakReadRate,
        } satisfies ReadJob,
        60_000 + soakSeconds * 2000,
      ),
    ]);
    sampling = false;
    await sampler;
    await sample();

    notes.push(
      `generators run in their own processes on the same ${cpus().length} cores as the server: their CPU is not the server's, but it competes for the machine`,
      'each cast is verified in a worker thread (5 selection range proofs, the contest proof and the credential signature, batched across the ballots waiting for a worker) and committed with fsync (grouped commits) before the receipt',
      `each measured cast phase follows ${W} warm-up casts on the same server (JIT, first batches), not counted; open-loop latencies run from each request's scheduled send time`,
      'the CPU split by category is busy (wall) time, which includes time a thread waited for a core; the per-thread CPU ms per cast (from /proc) are CPU time',
    );
    return {
      machine: {
        cpus: cpus().length,
        cpuModel: cpus()[0]?.model,
        node: process.version,
        loadavgBefore: loadBefore,
        loadavgAfter: loadavg(),
      },
      rawExpPerSecond: expRate,
      closedLoop: {
        ...closed,
        concurrency,
        ratioToRawExp: closed.castsPerSecond / expRate,
        serverCpuMsPerCast: serverCpuMs / closed.acknowledged,
        capacityIfAlone: (cpus().length * 1000 * closed.acknowledged) / serverCpuMs,
        ...(threadCpuMsPerCast ? { threadCpuMsPerCast } : {}),
        batches: { verifier, writer },
      },
      atRate: {
        ...atRate,
        ratioToRawExp: atRate.castsPerSecond / expRate,
        batches: rateBatches,
        serverCpuMsPerCast: rateCpuMs / Math.max(1, atRate.acknowledged),
      },
      reads: { treeHead, inclusionProof, results },
      soak: {
        seconds: soakSeconds,
        casts: soakCasts,
        reads: soakReads,
        rss: series(samples.map((s) => ({ t: s.t, v: s.rss }))),
        heapUsed: series(samples.map((s) => ({ t: s.t, v: s.heapUsed }))),
        samples,
      },
      ...(cpu ? { cpu } : {}),
      notes,
    };
  } finally {
    if (server) await stopServer(server, 10_000).catch(() => undefined);
    if (process.env.EVIDENT_BENCH_KEEP) log(`kept ${dir}`);
    else rmSync(dir, { recursive: true, force: true });
  }
}
