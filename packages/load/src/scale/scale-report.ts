/**
 * The scale run's options and its machine-readable report (`npm run bench:scale` prints the
 * report as JSON). Times in seconds, sizes in MiB, memory as peak resident set (VmHWM) in MiB;
 * every `projected1M` is the figure beside it projected to 1,000,000 (projection.ts).
 * @module
 */

import type { DbStatements, PgInfo } from '../bench-db.js';

/** Options of the run. */
export interface ScaleOptions {
  /** credentials issued and published */
  readonly voters: number;
  /** ballots generated and cast (the first `ballots` voters, one each) */
  readonly ballots: number;
  /** server nodes sharing `db` */
  readonly nodes: number;
  /**
   * `--db` of every node: a SQLite file or `postgres://…` (default: a file in `dir`); the bare
   * word `postgres` is resolved by the bench (bench-db.ts) into a throwaway cluster's URL
   */
  readonly db?: string;
  /** requests in flight while casting */
  readonly concurrency: number;
  /** options of the one contest (vote limit 1) */
  readonly options: number;
  /** credentials per request (≤ 100,000, the route's limit) */
  readonly batch: number;
  /** the generator's worker threads (default: every core) */
  readonly generatorThreads?: number;
  /** more `evident-server` flags for every node */
  readonly serverArgs?: readonly string[];
  /** CPU ms so far of the database server's processes (PostgreSQL cluster of ours; else NaN) */
  readonly dbCpuMs?: () => number;
  /** pg_stat_statements of the database (a PostgreSQL cluster of ours; else undefined) */
  readonly dbStatements?: () => DbStatements | undefined;
  /** run the first node under `node --cpu-prof` into this folder (`cast.firstNodeProfile`) */
  readonly cpuProfDir?: string;
  /** more environment for the nodes and the export */
  readonly env?: Record<string, string>;
  /** the working folder (default: a fresh temporary one, removed at the end) */
  readonly dir?: string;
  /** keep the temporary folder */
  readonly keep?: boolean;
  /** keep the generated ballots file */
  readonly keepBallots?: boolean;
  readonly log?: (line: string) => void;
}

/** Latency quantiles, ms. */
export interface Latency {
  readonly p50: number;
  readonly p95: number;
  readonly p99: number;
  readonly max: number;
}

/** The report. */
export interface ScaleReport {
  readonly machine: {
    readonly cpus: number;
    readonly cpuModel: string;
    readonly node: string;
    readonly loadavgBefore: number[];
    readonly loadavgAfter: number[];
  };
  readonly parameters: {
    readonly voters: number;
    readonly ballots: number;
    readonly nodes: number;
    readonly db: 'sqlite' | 'postgres';
    readonly concurrency: number;
    readonly options: number;
    readonly batch: number;
  };
  /** ristretto255 exponentiations/s in the orchestrator before the run: the yardstick */
  readonly rawExpPerSecond: number;
  readonly setup: { readonly seconds: number };
  readonly credentials: {
    readonly issued: number;
    readonly published: number;
    readonly batches: number;
    readonly seconds: number;
    readonly perSecond: number;
    readonly batchSeconds: number[];
    readonly serverPeakRssMB: number[];
    readonly projected1M: { readonly seconds: number };
  };
  readonly generate: {
    readonly ballots: number;
    readonly threads: number;
    readonly seconds: number;
    readonly ballotsPerSecond: number;
    readonly ratioToRawExp: number;
    readonly fileMB: number;
    readonly peakRssMB: number;
    readonly projected1M: { readonly seconds: number; readonly fileMB: number };
  };
  readonly cast: {
    readonly sent: number;
    readonly acknowledged: number;
    readonly statuses: Record<string, number>;
    readonly perNode: number[];
    readonly seconds: number;
    readonly castsPerSecond: number;
    readonly ratioToRawExp: number;
    readonly latencyMs: Latency;
    /** acknowledged casts per second of each node over the casting step */
    readonly castsPerSecondPerNode: number[];
    readonly serverCpuMsPerCast: number;
    /** CPU ms of the PostgreSQL server's processes per cast (a cluster of ours; else NaN) */
    readonly databaseCpuMsPerCast: number;
    /**
     * PostgreSQL statements per cast and the mean ms a batch waited for the store-wide write lock
     * (pg_stat_statements; a cluster of ours, else absent)
     */
    readonly databaseStatements?: { readonly perCast: number; readonly lockWaitMsMean: number };
    /**
     * The nodes' grouped commits while casting (`GET /metrics`): commits per node, jobs per
     * commit, and the wall time per commit of all nodes together (their batches take the one
     * store-wide write lock in turn, so this is the mean time a batch holds it, or waits)
     */
    readonly commits: {
      readonly perNode: number[];
      readonly jobsPerCommit: number[];
      readonly meanMsBetweenCommits: number;
    };
    readonly serverPeakRssMB: number[];
    /** with `--cpu-prof DIR`: the first node's CPU ms by category, main thread and workers */
    readonly firstNodeProfile?: Record<string, Record<string, number>>;
    readonly projected1M: { readonly seconds: number };
  };
  /** close, tally, both decryption rounds, publication */
  readonly tally: { readonly seconds: number; readonly projected1M: { readonly seconds: number } };
  readonly database: {
    readonly emptyMB: number;
    readonly afterCredentialsMB: number;
    readonly afterCastingMB: number;
    readonly finalMB: number;
    readonly bytesPerCredential: number;
    readonly bytesPerBallot: number;
    readonly projected1M: { readonly MB: number };
  };
  readonly export: {
    readonly seconds: number;
    readonly recordMB: number;
    readonly peakRssMB: number;
    readonly projected1M: { readonly seconds: number; readonly recordMB: number };
  };
  readonly verify: {
    readonly exitCode: number | null;
    readonly valid: boolean;
    readonly failures: number;
    readonly counts: Record<string, number>;
    readonly seconds: number;
    readonly ballotsPerSecond: number;
    readonly ratioToRawExp: number;
    readonly peakRssMB: number;
    readonly projected1M: { readonly seconds: number };
  };
  /** the PostgreSQL server (bench-db.ts): ours or given, and its settings (fsync, …) */
  readonly postgres?: PgInfo;
  /** the end-to-end checks: all true when the run is sound */
  readonly checks: {
    readonly credentialsPublished: boolean;
    readonly everyBallotAcknowledged: boolean;
    readonly tallyCountsEveryBallot: boolean;
    readonly tallyMatchesChoices: boolean;
    readonly recordVerifies: boolean;
  };
  readonly notes: string[];
}
