/**
 * The server benchmark's options and report (spec/server-api.md §9): what `runServerBench`
 * (`server-bench.ts`) takes and returns, and what `npm run bench:server` prints (`bench-server.ts`).
 * @module
 */
import type { CpuSplit } from './cpu-profile.js';
import type { CastSummary, ReadSummary } from './load-cli.js';
import type { MemorySeries } from './proc-stats.js';

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
