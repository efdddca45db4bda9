/**
 * The mixed peak (`npm run bench:peak`, ./peak-bench.ts): server node(s) taking
 * verified casts and reads — tree heads, inclusion proofs, results, board pages — at once, each
 * offered open loop at a constant rate (default 1,050 casts/s and 6,950 reads/s, the seed's peak
 * of 8,000 requests/s), with p50/p99 per kind, the rates achieved, the servers' CPU and the raw
 * exponentiation rate of the same run.
 *
 * Three kinds of process, as in `bench:server`: this orchestrator, the compiled server node(s)
 * (started here on one database — a temporary SQLite file, or `db`, e.g. a PostgreSQL URL shared
 * by several nodes — or given as `servers`), and `generators` load-cli processes, each offering
 * its share of every rate to every node in turn. Ballots are encrypted and signed before any
 * timing; a warm-up of casts fills the board first, so that inclusion proofs and pages have
 * something to serve.
 * @module
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { toHex } from '@evident/e2e-crypto';
import {
  compiledCli,
  httpCall,
  setUpElection,
  startServer,
  stopServer,
  type ServerProcess,
} from '@evident/server/testing';
import { statementsPerCast, type DbStatements } from './bench-db.js';
import type { CastJob, MixedJob, PrepareJob } from './load-cli.js';
import { runLoad } from './load-process.js';
import { latencyQuantiles, type KindSummary, type MixedSummary } from './mixed-load.js';
import { cpuMsOf } from './proc-stats.js';
import { bytesOf, floorCost, startFloor } from './peak-floor.js';
import { coresAt, idleCpu, kindCost, splitSince, threadsOf, type KindCost } from './peak-costs.js';
import { rawExpRate } from './server-bench.js';

/** The kinds of read and their default shares of the read rate. */
export const READ_KINDS = ['tree-head', 'inclusion-proof', 'results', 'board-page'] as const;
/** One of {@link READ_KINDS}. */
export type ReadKind = (typeof READ_KINDS)[number];

/** Options of {@link runPeak}. */
export interface PeakOptions {
  /** Casts per second offered (default 1,050). */
  readonly castRate?: number;
  /** Reads per second offered, all kinds together (default 6,950). */
  readonly readRate?: number;
  /** Shares of the read rate per kind (default: a quarter each). */
  readonly readMix?: Partial<Record<ReadKind, number>>;
  /** Seconds of offered load (default 10). */
  readonly seconds?: number;
  /** Casts before the measured run, closed loop (default 500). */
  readonly warmup?: number;
  /** Nodes to start (default 1; more than one needs `db` naming a shared database). */
  readonly nodes?: number;
  /** The nodes' `--db` (default: a temporary SQLite file). */
  readonly db?: string;
  /** CPU ms so far of the database server's processes (a PostgreSQL cluster of ours; else NaN). */
  readonly dbCpuMs?: () => number;
  /** pg_stat_statements so far (a PostgreSQL cluster of ours; else absent or undefined). */
  readonly dbStatements?: () => DbStatements | undefined;
  /** Running nodes to target instead of starting any (their admin token: `adminToken`). */
  readonly servers?: readonly string[];
  readonly adminToken?: string;
  /** The nodes' verification workers (default: theirs). */
  readonly workers?: number;
  /** Generator processes (default: one per core). */
  readonly generators?: number;
  /** The reads' `Accept-Encoding` (default: none, answers uncompressed). */
  readonly acceptEncoding?: string;
  /** Runs the nodes under `node --cpu-prof` writing to this folder (the profiler costs throughput). */
  readonly cpuProfDir?: string;
  /** Target p99 per kind, ms (default 250). */
  readonly p99TargetMs?: number;
  /**
   * Seconds of the server idle, then of each kind alone at its target rate, before the peak, to
   * measure its server CPU per request (default 2; 0: skip; ./peak-costs.ts). CPU per request
   * depends little on what else runs on the machine, so these costs say how many cores the peak
   * needs even when the latencies of a shared machine say little.
   */
  readonly probeSeconds?: number;
  /** The most requests per second a probe offers (default: none, each kind's target rate). */
  readonly probeCap?: number;
  readonly log?: (line: string) => void;
}

/** One kind's figures, merged over the generator processes. */
export type PeakKind = Omit<KindSummary, 'latenciesMs'> & {
  readonly targetPerSecond: number;
  readonly meetsRate: boolean;
  readonly meetsP99: boolean;
};

/** The report. */
export interface PeakReport {
  readonly machine: {
    cpus: number;
    cpuModel: string | undefined;
    node: string;
    loadavgBefore: number[];
    loadavgAfter: number[];
  };
  readonly targets: {
    castRate: number;
    readRate: number;
    readMix: Record<ReadKind, number>;
    seconds: number;
    p99Ms: number;
    nodes: number;
    db: string;
    acceptEncoding: string;
  };
  readonly rawExpPerSecond: number;
  readonly kinds: PeakKind[];
  readonly casts: { achievedPerSecond: number; ratioToRawExp: number };
  /** Server CPU over the measured run (nodes started here only), all nodes together. */
  readonly serverCpu?: {
    readonly coresBusy: number;
    readonly msPerRequest: number;
    /** CPU ms in all over the run: the main threads, the SQLite writer threads, the verification workers, the rest (GC, V8, libuv). */
    readonly threads: { main: number; writer: number; workers: number; other: number };
    /** The same per answered request (ms). */
    readonly threadsPerRequest: { main: number; writer: number; workers: number; other: number };
    /**
     * The main threads' event loops over the measured run (`GET /metrics` eventLoop, the busiest
     * node): the share of the run it was busy — running callbacks or blocked in a synchronous
     * call such as a SQLite commit's fsync, which uses no CPU — and its timers' delay (ms, p99 and
     * largest; since the node's start, warm-up and probes included).
     */
    readonly mainLoop?: { busyShare: number; delayP99Ms: number; delayMaxMs: number };
    /** The board writers' commits over the run (all nodes): per second, and jobs (casts…) per commit. */
    readonly writer: { commitsPerSecond: number; jobsPerCommit: number };
  };
  /** CPU of the PostgreSQL cluster started by the bench over the measured run (`--db postgres`). */
  readonly databaseCpu?: { readonly coresBusy: number; readonly msPerRequest: number };
  /**
   * Statements the database ran per acknowledged cast while casts ran alone (the cast probe;
   * pg_stat_statements of a cluster started by the bench, every statement of a multi-statement
   * text counted, BEGIN and COMMIT included), write batches per cast (a batch's statements are
   * shared by its casts) and the mean wait of the store-wide write lock.
   */
  readonly databaseStatements?: {
    readonly perCast: number;
    readonly batchesPerCast: number;
    readonly lockWaitMsMean: number;
  };
  /**
   * Each kind alone (nodes started here only): its server CPU per answered request, and the cores
   * the target rates need at those costs (`coresAtTargets`, all nodes together).
   */
  readonly costs?: {
    /** The server's CPU while idle, in cores (all nodes). */
    readonly idleCores: number;
    readonly perKind: Record<string, KindCost>;
    /**
     * Each read kind's floor: the same bytes from a bare `node:http` process at the same rate,
     * right after the server's probe (./peak-floor.ts) — CPU ms per request, the kernel's share,
     * the answers' mean bytes.
     */
    readonly floor: Partial<Record<ReadKind, { msPerRequest: number; systemShare: number; bytes: number }>>;
    /** Idle cores + Σ target rate × net CPU per request. */
    readonly coresAtTargets: number;
  };
  readonly generatorCpuMs: number;
  /** The generator processes' CPU over the measured run in cores (beside the server's on the same machine). */
  readonly generatorCoresBusy: number;
  readonly maxSendLagMs: number;
  readonly shortfalls: string[];
  readonly notes: string[];
}

const ADMIN = 'evd_peak-admin-0123456789abcdef012345'; // ≥ 32 characters (config.ts)

/**
 * Runs the mixed peak.
 * @throws {Error} when the server is not built, a node does not start, or a generator fails
 */
export async function runPeak(o: PeakOptions = {}): Promise<PeakReport> {
  const log = o.log ?? (() => undefined);
  const castRate = o.castRate ?? 1050;
  const readRate = o.readRate ?? 6950;
  const seconds = o.seconds ?? 10;
  const W = o.warmup ?? 500;
  const p99Ms = o.p99TargetMs ?? 250;
  const G = Math.max(1, o.generators ?? cpus().length);
  const mix = readMixOf(o.readMix);
  const headers = o.acceptEncoding ? { 'Accept-Encoding': o.acceptEncoding } : undefined;
  const read = (name: ReadKind, rate: number, paths: string[]) => ({
    name,
    rate,
    paths,
    ...(headers ? { headers } : {}),
  });
  const nCast = Math.ceil(castRate * seconds) + G;
  const probeSeconds = o.servers ? 0 : (o.probeSeconds ?? 2);
  const cap = o.probeCap ?? Infinity;
  const probeRates = [
    ['cast', Math.min(castRate, cap)] as const,
    ...READ_KINDS.map((k) => [k, Math.min(readRate * mix[k], cap)] as const),
  ];
  const probeCasts = Math.ceil(Math.min(castRate, cap) * probeSeconds);
  const total = W + probeCasts + nCast;
  const admin = o.servers ? (o.adminToken ?? process.env.EVIDENT_ADMIN_TOKEN ?? '') : ADMIN;
  const nodes = o.servers ? o.servers.length : Math.max(1, o.nodes ?? 1);
  if (!o.servers && nodes > 1 && !o.db)
    throw new Error('peak: several nodes need a shared database (--db postgres://…)');
  const cli = compiledCli();
  if (!o.servers && !cli) throw new Error('packages/server/dist/cli.js missing — run `npx tsc -b` first');
  const dir = mkdtempSync(join(tmpdir(), 'evident-peak-'));
  const db = o.db ?? join(dir, 'peak.db');
  const args = (): string[] => [
    ...['--db', db, '--host', '127.0.0.1', '--port', '0', '--rate-limit', '0'],
    ...(o.workers !== undefined ? ['--workers', String(o.workers)] : []),
  ];
  const started: ServerProcess[] = [];
  const loadBefore = loadavg();
  try {
    log('raw exponentiation rate…');
    const expRate = rawExpRate();
    if (!o.servers)
      for (let i = 0; i < nodes; i++)
        started.push(
          await startServer(
            cli!,
            args(),
            { EVIDENT_ADMIN_TOKEN: ADMIN },
            {
              timeoutMs: 60_000,
              ...(o.cpuProfDir ? { nodeArgs: ['--cpu-prof', `--cpu-prof-dir=${o.cpuProfDir}`] } : {}),
            },
          ),
        );
    const bases = o.servers ?? started.map((s) => s.base);
    log(`election with ${total} voters on ${bases[0]}…`);
    const el = await setUpElection(httpCall(bases[0]!, 120_000), admin, {
      id: `peak-${Date.now().toString(36)}`,
      voters: total,
      options: 5,
    });
    const Gr = el.client.ctx.G;
    const election = {
      profile: Gr.name,
      manifest: el.manifest,
      jointKey: toHex(Gr.encode(el.client.ctx.pk.K)),
      extendedBaseHash: toHex(el.client.ctx.hE),
      codes: [...el.codes.values()],
    };
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
        return runLoad<{ prepared: number }>(dir, 'prepare', job, 60_000 + count * 400);
      }),
    );

    log(`warm-up: ${W} casts…`);
    if (W > 0) {
      const job: CastJob = {
        base: bases[0]!,
        electionId: el.id,
        ballots: files,
        from: 0,
        count: W,
        concurrency: 32,
      };
      await runLoad(dir, 'cast', job, 60_000 + W * 200);
    }
    const call = httpCall(bases[0]!, 30_000);
    const size = (await call('GET', `/elections/${el.id}/board/tree-head`)).json.treeHead.treeSize as number;
    const paths = readPaths(el.id, Math.max(1, size));

    let costs: PeakReport['costs'];
    let statements: PeakReport['databaseStatements'];
    if (probeSeconds > 0) {
      log(`idle: ${probeSeconds} s…`);
      const idle = await idleCpu(started, probeSeconds);
      const perKind: Record<string, KindCost> = {};
      const floorOf: NonNullable<PeakReport['costs']>['floor'] = {};
      // the floor serves every path of every read kind with the bytes the server sent for it
      const samples: Record<string, Buffer> = {};
      for (const k of READ_KINDS) for (const p of new Set(paths[k])) samples[p] = await bytesOf(bases[0]!, p);
      const floor = await startFloor(dir, samples);
      try {
        for (const [name, rate] of probeRates) {
          if (!(rate > 0)) continue;
          log(`${name} alone: ${rate.toFixed(0)}/s for ${probeSeconds} s…`);
          const job: MixedJob = {
            bases,
            electionId: el.id,
            ballots: files,
            from: W,
            count: probeCasts,
            castRate: name === 'cast' ? rate : 0,
            reads: name === 'cast' ? [] : [read(name, rate, paths[name])],
            seconds: probeSeconds,
          };
          const st0 = name === 'cast' ? o.dbStatements?.() : undefined;
          perKind[name] = await kindCost(started, bases, admin, rate, idle, async () => {
            const r = await runLoad<MixedSummary>(dir, 'mixed', job, 120_000 + probeSeconds * 4000);
            const k = r.kinds[0]!;
            const st1 = st0 && o.dbStatements?.();
            if (st0 && st1) statements = statementsPerCast(st0, st1, k.ok);
            return {
              ok: k.ok,
              failures: k.failures,
              achievedPerSecond: k.achievedPerSecond,
              p99Ms: k.latencyMs.p99,
            };
          });
          if (name === 'cast') continue;
          log(`${name} floor (bare node:http, the same bytes): ${rate.toFixed(0)}/s for ${probeSeconds} s…`);
          const fjob: MixedJob = { ...job, bases: [floor.base] };
          const fc = await floorCost(floor, async () => {
            const r = await runLoad<MixedSummary>(dir, 'mixed', fjob, 120_000 + probeSeconds * 4000);
            return { ok: r.kinds[0]!.ok };
          });
          const sizes = paths[name].map((p) => samples[p]!.length);
          floorOf[name] = { ...fc, bytes: Math.round(sizes.reduce((a, b) => a + b, 0) / sizes.length) };
        }
      } finally {
        await floor.stop();
      }
      const target = (name: string): number =>
        name === 'cast' ? castRate : readRate * mix[name as ReadKind];
      costs = {
        idleCores: idle / 1000,
        perKind,
        floor: floorOf,
        coresAtTargets: coresAt(perKind, target, idle),
      };
    }

    log(`peak: ${castRate} casts/s and ${readRate} reads/s for ${seconds} s, open loop, ${G} generators…`);
    const pids = started.map((s) => s.child.pid!);
    const cpu0 = pids.map((p) => cpuMsOf(p));
    const th0 = await threadsOf(started, bases, ADMIN);
    const loop0 = await Promise.all(started.map((_, i) => eventLoopOf(bases[i]!)));
    const dbCpu0 = o.dbCpuMs?.() ?? NaN;
    const t0 = performance.now();
    const perGen = Math.floor(nCast / G);
    const runs = await Promise.all(
      Array.from({ length: G }, (_, g) => {
        const job: MixedJob = {
          bases,
          electionId: el.id,
          ballots: files,
          from: W + probeCasts + g * perGen,
          count: perGen,
          castRate: castRate / G,
          reads: READ_KINDS.map((k) => read(k, (readRate * mix[k]) / G, paths[k])),
          seconds,
        };
        return runLoad<MixedSummary & { generatorCpuMs: number }>(
          dir,
          'mixed',
          job,
          120_000 + seconds * 4000,
        );
      }),
    );
    const wallMs = performance.now() - t0;
    const serverCpuMs = pids.reduce((a, p, i) => a + cpuMsOf(p) - cpu0[i]!, 0);
    const dbCpuMs = (o.dbCpuMs?.() ?? NaN) - dbCpu0;
    const th1 = await threadsOf(started, bases, ADMIN);
    const threads = splitSince(th1, th0);
    const loop1 = await Promise.all(started.map((_, i) => eventLoopOf(bases[i]!)));
    const commits = th1.reduce((a, n, i) => a + n.commits.commits - th0[i]!.commits.commits, 0);
    const jobs = th1.reduce((a, n, i) => a + n.commits.jobs - th0[i]!.commits.jobs, 0);
    const mainLoop = loopOver(loop0, loop1);
    const kinds = mergeKinds(runs, { cast: castRate, ...scaled(readRate, mix) }, p99Ms);
    const requests = kinds.reduce((a, k) => a + k.ok, 0);
    const cast = kinds.find((k) => k.name === 'cast');
    return {
      machine: machine(loadBefore),
      targets: {
        castRate,
        readRate,
        readMix: mix,
        seconds,
        p99Ms,
        nodes,
        db: o.servers ? 'external' : o.db ? 'given' : 'sqlite (temporary)',
        acceptEncoding: o.acceptEncoding ?? 'none',
      },
      rawExpPerSecond: expRate,
      kinds,
      casts: {
        achievedPerSecond: cast?.achievedPerSecond ?? 0,
        ratioToRawExp: (cast?.achievedPerSecond ?? 0) / expRate,
      },
      ...(started.length > 0
        ? {
            serverCpu: {
              coresBusy: serverCpuMs / wallMs,
              msPerRequest: serverCpuMs / Math.max(1, requests),
              threads,
              threadsPerRequest: {
                main: threads.main / Math.max(1, requests),
                writer: threads.writer / Math.max(1, requests),
                workers: threads.workers / Math.max(1, requests),
                other: threads.other / Math.max(1, requests),
              },
              ...(mainLoop ? { mainLoop } : {}),
              writer: {
                commitsPerSecond: (commits * 1000) / wallMs,
                jobsPerCommit: jobs / Math.max(1, commits),
              },
            },
          }
        : {}),
      ...(Number.isFinite(dbCpuMs)
        ? { databaseCpu: { coresBusy: dbCpuMs / wallMs, msPerRequest: dbCpuMs / Math.max(1, requests) } }
        : {}),
      ...(costs ? { costs } : {}),
      ...(statements ? { databaseStatements: statements } : {}),
      generatorCpuMs: runs.reduce((a, r) => a + r.generatorCpuMs, 0),
      generatorCoresBusy: runs.reduce((a, r) => a + r.generatorCpuMs, 0) / wallMs,
      maxSendLagMs: Math.max(...runs.map((r) => r.maxSendLagMs)),
      shortfalls: kinds.flatMap((k) => shortfall(k, p99Ms)),
      notes: [
        "open loop: each kind is offered at a constant rate whatever the answers; latencies run from each request's scheduled time (a late send counts against the server)",
        `generators (${G} processes) and the server node(s) share this machine's ${cpus().length} cores; the machine may be shared with other jobs: compare casts/s with the raw exponentiation rate of the same run (casts.ratioToRawExp)`,
        'serverCpu.threads: CPU ms over the run of the main threads, the SQLite writer threads, the verification workers and the other threads (GC, V8, libuv) of the node(s) started here; threadsPerRequest: the same per answered request',
        "costs.perKind: each kind alone at its target rate (or probeCap) — the whole server's CPU per answered request (msPerRequest), the same net of the server's idle CPU (netMsPerRequest; costs.idleCores counts it once), its main thread's, SQLite writer thread's and verification workers' share, the kernel's share, ballots per verification batch and jobs per commit; generatorCoresBusy: the load generators' own CPU, which shares the machine's cores with the server",
      ],
    };
  } finally {
    for (const s of started) await stopServer(s, 20_000).catch(() => undefined);
    if (process.env.EVIDENT_BENCH_KEEP) log(`kept ${dir}`);
    else rmSync(dir, { recursive: true, force: true });
  }
}

/** The shares of the read rate, normalised (default a quarter each). */
function readMixOf(m: PeakOptions['readMix']): Record<ReadKind, number> {
  const raw = Object.fromEntries(READ_KINDS.map((k) => [k, Math.max(0, m?.[k] ?? (m ? 0 : 1))])) as Record<
    ReadKind,
    number
  >;
  const sum = READ_KINDS.reduce((a, k) => a + raw[k], 0);
  if (!(sum > 0)) throw new RangeError('peak: the read mix has no positive share');
  return Object.fromEntries(READ_KINDS.map((k) => [k, raw[k] / sum])) as Record<ReadKind, number>;
}

function scaled(rate: number, mix: Record<ReadKind, number>): Record<ReadKind, number> {
  return Object.fromEntries(READ_KINDS.map((k) => [k, rate * mix[k]])) as Record<ReadKind, number>;
}

/** The read paths of each kind: inclusion proofs and board pages spread over the board. */
function readPaths(id: string, size: number): Record<ReadKind, string[]> {
  const spread = (n: number, f: (i: number) => string): string[] => Array.from({ length: n }, (_, i) => f(i));
  return {
    'tree-head': [`/elections/${id}/board/tree-head`],
    'inclusion-proof': spread(256, (i) => `/elections/${id}/board/inclusion?index=${(i * 7919) % size}`),
    results: [`/elections/${id}/results`],
    'board-page': spread(64, (i) => `/elections/${id}/board/entries?start=${(i * 104729) % size}&limit=50`),
  };
}

/** Merges the generator processes' figures per kind. */
function mergeKinds(
  runs: readonly MixedSummary[],
  targets: Record<string, number>,
  p99Ms: number,
): PeakKind[] {
  const names = [...new Set(runs.flatMap((r) => r.kinds.map((k) => k.name)))];
  return names.map((name) => {
    const ks = runs.flatMap((r) => r.kinds.filter((k) => k.name === name));
    const sum = (f: (k: KindSummary) => number): number => ks.reduce((a, k) => a + f(k), 0);
    const statuses: Record<string, number> = {};
    for (const k of ks) for (const [s, n] of Object.entries(k.statuses)) statuses[s] = (statuses[s] ?? 0) + n;
    const latencyMs = latencyQuantiles(ks.flatMap((k) => k.latenciesMs));
    const achievedPerSecond = sum((k) => k.achievedPerSecond);
    const target = targets[name] ?? 0;
    return {
      name,
      targetPerSecond: target,
      offeredPerSecond: sum((k) => k.offeredPerSecond),
      scheduled: sum((k) => k.scheduled),
      achievedPerSecond,
      ok: sum((k) => k.ok),
      failures: sum((k) => k.failures),
      shed: sum((k) => k.shed),
      statuses,
      latencyMs,
      meetsRate: achievedPerSecond >= 0.98 * target,
      meetsP99: latencyMs.p99 <= p99Ms,
    };
  });
}

/** What a kind missed, in words. */
function shortfall(k: PeakKind, p99Ms: number): string[] {
  const out: string[] = [];
  if (!k.meetsRate)
    out.push(
      `${k.name}: ${k.achievedPerSecond.toFixed(0)}/s answered 200 of ${k.targetPerSecond.toFixed(0)}/s offered (failures ${k.failures}, shed ${k.shed})`,
    );
  if (!k.meetsP99)
    out.push(
      `${k.name}: p99 ${k.latencyMs.p99.toFixed(0)} ms > ${p99Ms} ms (p50 ${k.latencyMs.p50.toFixed(0)} ms)`,
    );
  return out;
}

interface EventLoop {
  activeMs: number;
  idleMs: number;
  delayMs: { p99: number; max: number };
}

/** A node's event-loop figures (`GET /metrics`; absent from servers before they were reported). */
async function eventLoopOf(base: string): Promise<EventLoop | undefined> {
  const m = (await httpCall(base)('GET', '/metrics', undefined, ADMIN)).json;
  return m?.eventLoop as EventLoop | undefined;
}

/** The busiest node's loop between two readings. */
function loopOver(
  before: readonly (EventLoop | undefined)[],
  after: readonly (EventLoop | undefined)[],
): { busyShare: number; delayP99Ms: number; delayMaxMs: number } | undefined {
  let out: { busyShare: number; delayP99Ms: number; delayMaxMs: number } | undefined;
  for (const [i, b] of before.entries()) {
    const a = after[i];
    if (!a || !b) continue;
    const active = a.activeMs - b.activeMs;
    const busyShare = active / Math.max(1e-9, active + a.idleMs - b.idleMs);
    if (!out || busyShare > out.busyShare)
      out = { busyShare, delayP99Ms: a.delayMs.p99, delayMaxMs: a.delayMs.max };
  }
  return out;
}

function machine(loadBefore: number[]): PeakReport['machine'] {
  return {
    cpus: cpus().length,
    cpuModel: cpus()[0]?.model,
    node: process.version,
    loadavgBefore: loadBefore,
    loadavgAfter: loadavg(),
  };
}
