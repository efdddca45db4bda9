/**
 * What one kind of the mixed peak costs the server (`npm run bench:peak`, ./peak.ts): each kind
 * alone, offered open loop at its own target rate (1,050 casts/s; 6,950 ÷ 4 reads/s of each read
 * kind) — not at a modest rate, because a cost per request depends on the rate: at 200 casts/s the
 * cross-ballot verification batches hold about one ballot and each commit one cast, and at a few
 * hundred reads/s every read wakes the event loop alone (its own epoll wake-up, read and write
 * system calls), where at the peak several arrive per turn. Also the server's CPU while idle
 * (timers, the commit feed), so that it is counted once rather than spread over each kind's
 * requests: the cores the targets need are the idle cores plus, per kind, rate × (CPU per request
 * net of idle).
 *
 * Figures come from Linux /proc (the process's and each thread's user and system time) and the
 * nodes' `GET /metrics` (thread ids of the verification workers and the SQLite writer, the
 * verifier's batches, the board writer's commits).
 * @module
 */
import { httpCall, type ServerProcess } from '@evident/server/testing';
import { cpuMsOf, cpuSplitMsOf, threadCpuMs } from './proc-stats.js';

/** Each node's threads' CPU so far, with the tids of its verification workers and writer thread. */
export interface NodeThreads {
  readonly pid: number;
  readonly cpu: Map<number, number>;
  readonly workers: ReadonlySet<number>;
  readonly writer: number | undefined;
  /** The verifier's batches and ballots so far, the board writer's commits and jobs. */
  readonly verifier: { batches: number; ballots: number };
  readonly commits: { commits: number; jobs: number };
}

/** Reads every node's threads and counters (`admin`: the nodes' administrator token). */
export async function threadsOf(
  started: readonly ServerProcess[],
  bases: readonly string[],
  admin: string,
): Promise<NodeThreads[]> {
  return Promise.all(
    started.map(async (s, i) => {
      const pid = s.child.pid!;
      // a node with a backlog may take long to answer even this
      const m = (await httpCall(bases[i]!, 120_000)('GET', '/metrics', undefined, admin)).json;
      return {
        pid,
        cpu: threadCpuMs(pid),
        workers: new Set<number>((m?.verifier?.threads as number[] | undefined) ?? []),
        writer: m?.writer?.thread as number | undefined,
        verifier: { batches: Number(m?.verifier?.batches ?? 0), ballots: Number(m?.verifier?.ballots ?? 0) },
        commits: { commits: Number(m?.writer?.commits ?? 0), jobs: Number(m?.writer?.jobs ?? 0) },
      };
    }),
  );
}

/** CPU ms of the nodes' threads between two readings: main, SQLite writer, verification workers, others. */
export function splitSince(
  after: readonly NodeThreads[],
  before: readonly NodeThreads[],
): { main: number; writer: number; workers: number; other: number } {
  const split = { main: 0, writer: 0, workers: 0, other: 0 };
  for (const [i, a] of after.entries()) {
    for (const [tid, ms] of a.cpu) {
      const d = ms - (before[i]?.cpu.get(tid) ?? 0);
      if (tid === a.pid) split.main += d;
      else if (tid === a.writer) split.writer += d;
      else if (a.workers.has(tid)) split.workers += d;
      else split.other += d;
    }
  }
  return split;
}

/** One kind alone: its rate, CPU per answered request and how it was batched. */
export interface KindCost {
  /** Offered and answered (200) per second. */
  readonly rate: number;
  readonly achievedPerSecond: number;
  /** Requests answered otherwise than 200 (e.g. 503 while the verification queue is full): their CPU is in the figures below. */
  readonly failures: number;
  /** The whole server's CPU per answered request (ms), idle included. */
  readonly msPerRequest: number;
  /** The same without the server's idle CPU over the probe. */
  readonly netMsPerRequest: number;
  /** Main thread, SQLite writer thread, verification workers (ms per request). */
  readonly mainMsPerRequest: number;
  readonly writerMsPerRequest: number;
  readonly workersMsPerRequest: number;
  /** The share of the CPU spent in the kernel (system time: sockets, fsync…). */
  readonly systemShare: number;
  /** Ballots per verification batch and jobs per board commit over the probe (NaN when none). */
  readonly ballotsPerBatch: number;
  readonly jobsPerCommit: number;
  readonly p99Ms: number;
}

/** A probe: runs the load, returns its answered requests, 200s per second and p99. */
export type Probe = () => Promise<{ ok: number; failures: number; achievedPerSecond: number; p99Ms: number }>;

/** The server's CPU per second while idle (ms/s, all nodes), over `seconds`. */
export async function idleCpu(started: readonly ServerProcess[], seconds: number): Promise<number> {
  const c0 = started.reduce((a, s) => a + cpuMsOf(s.child.pid!), 0);
  const t0 = performance.now();
  await new Promise((r) => setTimeout(r, seconds * 1000));
  const ms = started.reduce((a, s) => a + cpuMsOf(s.child.pid!), 0) - c0;
  return (ms * 1000) / (performance.now() - t0);
}

/** Runs `probe` and measures what its requests cost the nodes (`idleMsPerS`: their idle CPU). */
export async function kindCost(
  started: readonly ServerProcess[],
  bases: readonly string[],
  admin: string,
  rate: number,
  idleMsPerS: number,
  probe: Probe,
): Promise<KindCost> {
  const split0 = started.map((s) => cpuSplitMsOf(s.child.pid!));
  const t0 = await threadsOf(started, bases, admin);
  const w0 = performance.now();
  const r = await probe();
  const wallS = (performance.now() - w0) / 1000;
  const t1 = await threadsOf(started, bases, admin);
  const split1 = started.map((s) => cpuSplitMsOf(s.child.pid!));
  const user = split1.reduce((a, s, i) => a + s.user - split0[i]!.user, 0);
  const system = split1.reduce((a, s, i) => a + s.system - split0[i]!.system, 0);
  const threads = splitSince(t1, t0);
  const sum = (f: (n: NodeThreads) => number, ns: readonly NodeThreads[]): number =>
    ns.reduce((a, n) => a + f(n), 0);
  const batches = sum((n) => n.verifier.batches, t1) - sum((n) => n.verifier.batches, t0);
  const ballots = sum((n) => n.verifier.ballots, t1) - sum((n) => n.verifier.ballots, t0);
  const commits = sum((n) => n.commits.commits, t1) - sum((n) => n.commits.commits, t0);
  const jobs = sum((n) => n.commits.jobs, t1) - sum((n) => n.commits.jobs, t0);
  const per = (x: number): number => x / Math.max(1, r.ok);
  return {
    rate,
    achievedPerSecond: r.achievedPerSecond,
    failures: r.failures,
    msPerRequest: per(user + system),
    netMsPerRequest: per(Math.max(0, user + system - idleMsPerS * wallS)),
    mainMsPerRequest: per(threads.main),
    writerMsPerRequest: per(threads.writer),
    workersMsPerRequest: per(threads.workers),
    systemShare: system / Math.max(1e-9, user + system),
    ballotsPerBatch: batches > 0 ? ballots / batches : NaN,
    jobsPerCommit: commits > 0 ? jobs / commits : NaN,
    p99Ms: r.p99Ms,
  };
}

/** Cores the target rates need: the idle cores, plus rate × net CPU per request of each kind. */
export function coresAt(
  perKind: Readonly<Record<string, KindCost>>,
  target: (kind: string) => number,
  idleMsPerS: number,
): number {
  return Object.entries(perKind).reduce(
    (a, [n, c]) => a + (target(n) * c.netMsPerRequest) / 1000,
    idleMsPerS / 1000,
  );
}
