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
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomScalar, ristretto, toHex } from '@evident/e2e-crypto';
import { setUpElection } from '@evident/server/testing';
import type { ServerBenchOptions, ServerBenchReport } from './bench-report.js';
import { splitProfiles } from './cpu-profile.js';
import { compiledCli, httpCall, startServer, stopServer, type ServerProcess } from '@evident/server/testing';
import type { CastJob, CastSummary, PrepareJob, ReadJob, ReadSummary } from './load-cli.js';
import { runLoad } from './load-process.js';
import { cpuMsOf, rssOf, series, threadCpuMs } from './proc-stats.js';

export type { MemorySeries } from './proc-stats.js';
export type { ServerBenchOptions, ServerBenchReport } from './bench-report.js';

const ADMIN = 'evd_bench-admin-0123456789abcdef0123'; // ≥ 32 characters (config.ts)

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
    /** Casts the prepared ballots `from`, `count` of them, in a generator process, against the running server. */
    const cast = (
      from: number,
      count: number,
      pace: Pick<CastJob, 'concurrency' | 'rate' | 'seconds'>,
      timeoutMs: number,
    ): Promise<CastSummary> =>
      runLoad<CastSummary>(
        dir,
        'cast',
        { base: server!.base, electionId: el.id, ballots: files, from, count, ...pace } satisfies CastJob,
        timeoutMs,
      );
    const warm = async (from: number): Promise<void> => {
      if (W > 0) await cast(from, W, { concurrency: 16 }, 60_000 + W * 200);
    };
    await warm(0);
    const cpu0 = cpuMsOf(server.child.pid!);
    const threads0 = threadCpuMs(server.child.pid!);
    const closed = await cast(W, N, { concurrency }, 60_000 + N * 200);
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
      await cast(W + N + W + nRate + nSoak, P, { concurrency }, 60_000 + P * 200);
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
    const atRate = await cast(W + N + W, nRate, { rate, seconds: rateSeconds }, 60_000 + rateSeconds * 2000);
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
      cast(W + N + W + nRate, nSoak, { rate: soakRate, seconds: soakSeconds }, 60_000 + soakSeconds * 2000),
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
