/**
 * The SQLite writers side by side, in one process (`npm run bench:sqlite-writer`,
 * ./sqlite-writer-bench.ts): the store's batches written on the event loop ('inline') or by the
 * writer thread ('thread'), alternated round by round on fresh database files, while the event
 * loop also serves reads offered open loop — what a node does at the peak, without HTTP, the
 * verification or the load generator, so that a shared machine's noise weighs on both alike.
 *
 * Casts arrive open loop at `castRate`; the writer's loop commits, one batch after another, all
 * that arrived while the previous batch ran (at most 512: the board writer's group commit). A
 * batch is what the board writer commits for its ballots: under the write lock, the reads of its
 * cast checks, then per ballot a log entry of `entryBytes`, a ballot row and a claim, and one
 * tree head. Measured per round: casts committed per second and their latency from arrival to
 * durable (p50, p99), CPU ms per cast of the process and of its main thread (the writer thread's
 * is the difference; the reads included: `--read-rate 0` for the write path alone), the share of
 * the round the event loop was busy (blocked in a commit's fsync counts, though it uses no CPU),
 * its timer delay, and the reads' latency from their scheduled time (p50, p99, max).
 * @module
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { monitorEventLoopDelay, performance } from 'node:perf_hooks';
import { openSqliteStore, type Mutation, type Store } from '@evident/server';
import { cpuMsOf } from './proc-stats.js';

/** Options of {@link runSqliteWriterAb}. */
export interface SqliteWriterAbOptions {
  /** Casts per second offered (default 1,050, the peak's). */
  readonly castRate?: number;
  /** Casts per round (default 3,000). */
  readonly casts?: number;
  /** Bytes of a ballot's log entry (default 3,000). */
  readonly entryBytes?: number;
  /** Reads per second offered while the batches run (default 2,000). */
  readonly readRate?: number;
  /** Rounds of each writer, alternated (default 3). */
  readonly rounds?: number;
  readonly log?: (line: string) => void;
}

/** One round's figures. */
export interface WriterRound {
  readonly writer: 'inline' | 'thread';
  readonly castsPerSecond: number;
  readonly castMs: { readonly p50: number; readonly p99: number; readonly max: number };
  /** Mean casts per commit (group commit: those that arrived while the previous batch ran). */
  readonly castsPerBatch: number;
  readonly cpuMsPerCast: number;
  readonly mainCpuMsPerCast: number;
  readonly loopBusyShare: number;
  readonly loopDelayMs: { readonly p99: number; readonly max: number };
  readonly readMs: { readonly p50: number; readonly p99: number; readonly max: number };
  readonly reads: number;
}

const E = 'bench';

/**
 * Runs the rounds.
 * @returns every round, in the order run
 */
export async function runSqliteWriterAb(o: SqliteWriterAbOptions = {}): Promise<WriterRound[]> {
  const dir = mkdtempSync(join(tmpdir(), 'evident-writer-ab-'));
  const rounds: WriterRound[] = [];
  try {
    for (let r = 0; r < (o.rounds ?? 3); r++)
      for (const writer of ['inline', 'thread'] as const) {
        const round = await runRound(join(dir, `${writer}-${r}.db`), writer, o);
        o.log?.(
          `${writer} ${r + 1}: ${round.castsPerSecond.toFixed(0)} casts/s (p99 ${round.castMs.p99.toFixed(1)} ms), loop busy ${(100 * round.loopBusyShare).toFixed(1)} %, read p99 ${round.readMs.p99.toFixed(1)} ms`,
        );
        rounds.push(round);
      }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  return rounds;
}

async function runRound(
  path: string,
  writer: 'inline' | 'thread',
  o: SqliteWriterAbOptions,
): Promise<WriterRound> {
  const rate = o.castRate ?? 1050;
  const total = o.casts ?? 3000;
  const bytes = o.entryBytes ?? 3000;
  const store = openSqliteStore({ path, writer });
  await store.commit([
    {
      kind: 'election',
      row: {
        id: E,
        state: 'open',
        profile: 'p',
        manifest: '{}',
        config: '{}',
        init: null,
        createdAt: 1,
        updatedAt: 1,
      },
    },
  ]);
  let size = 0;
  // a first batch off the clock: the thread started, the statements prepared
  size = await batch(store, size, 16, bytes);
  const delay = monitorEventLoopDelay({ resolution: 1 });
  const latencies: number[] = [];
  let reading = true;
  const readRate = o.readRate ?? 2000;
  const reads =
    readRate > 0
      ? readOpenLoop(
          store,
          readRate,
          () => size,
          latencies,
          () => reading,
        )
      : Promise.resolve();
  delay.enable();
  const elu0 = performance.eventLoopUtilization();
  const cpu0 = process.cpuUsage();
  const main0 = cpuMsOf(process.pid, process.pid);
  const t0 = performance.now();
  const castMs: number[] = [];
  let batches = 0;
  for (let done = 0; done < total;) {
    // a turn of the event loop between batches, as in the server, where a batch's jobs come by I/O
    const arrived = Math.min(total, Math.floor(((performance.now() - t0) * rate) / 1000));
    if (arrived === done) {
      await new Promise((r) =>
        setTimeout(r, Math.max(0, t0 + ((done + 1) * 1000) / rate - performance.now())),
      );
      continue;
    }
    await new Promise((r) => setImmediate(r));
    const k = Math.min(512, arrived - done);
    size = await batch(store, size, k, bytes);
    const end = performance.now();
    for (let i = done; i < done + k; i++) castMs.push(end - (t0 + (i * 1000) / rate));
    done += k;
    batches++;
  }
  const wall = performance.now() - t0;
  const cpu = process.cpuUsage(cpu0);
  const mainMs = cpuMsOf(process.pid, process.pid) - main0;
  const elu = performance.eventLoopUtilization(elu0);
  delay.disable();
  reading = false;
  await reads;
  await store.close();
  const casts = total;
  const q = quantiles(latencies);
  return {
    writer,
    castsPerSecond: (casts * 1000) / wall,
    castMs: quantiles(castMs),
    castsPerBatch: casts / Math.max(1, batches),
    cpuMsPerCast: (cpu.user + cpu.system) / 1000 / casts,
    mainCpuMsPerCast: mainMs / casts,
    loopBusyShare: elu.utilization,
    loopDelayMs: { p99: delay.percentile(99) / 1e6, max: delay.max / 1e6 },
    readMs: q,
    reads: latencies.length,
  };
}

/** One batch as the board writer makes it: reads under the lock, then the ballots' rows. */
async function batch(store: Store, size: number, k: number, entryBytes: number): Promise<number> {
  return store.writeBatch(async (view) => {
    const digests = Array.from({ length: k }, () => randomBytes(16).toString('hex'));
    await view.getElection(E);
    await view.castChecks(E, { digests, credentials: digests, contestHashes: digests });
    const ms: Mutation[] = [];
    for (const [i, d] of digests.entries()) {
      const index = size + i;
      ms.push(
        {
          kind: 'log-entry',
          row: {
            electionId: E,
            index,
            type: 'ballot',
            entry: randomBytes(entryBytes),
            leafHash: randomBytes(32),
          },
        },
        {
          kind: 'ballot',
          row: {
            electionId: E,
            digest: d,
            credential: d,
            intent: 'cast',
            confirmationCode: d.slice(0, 8),
            logIndex: index,
            supersededBy: null,
            receivedAt: Date.now(),
          },
        },
        { kind: 'claim', electionId: E, contestHash: d, credential: d },
      );
    }
    ms.push({
      kind: 'tree-head',
      row: {
        electionId: E,
        treeSize: size + k,
        timestamp: Date.now(),
        rootHash: randomBytes(32).toString('hex'),
        signature: randomBytes(64).toString('hex'),
      },
    });
    return { mutations: ms, value: size + k };
  });
}

/**
 * Reads offered at `rate`/s in ticks of 5 ms (five entries, the latest head: light, as the
 * server's reads mostly are), latency from the tick's schedule.
 */
async function readOpenLoop(
  store: Store,
  rate: number,
  size: () => number,
  out: number[],
  going: () => boolean,
): Promise<void> {
  const tickMs = 5;
  const perTick = Math.round((rate * tickMs) / 1000);
  const start = performance.now();
  for (let t = 1; going();) {
    const wait = start + t * tickMs - performance.now();
    // a turn of the event loop every time, late or not: the reads never starve the rest
    await new Promise((r) => (wait > 0 ? setTimeout(r, wait) : setImmediate(r)));
    // every tick now due, as a server answers all the requests that arrived while it was busy
    for (; going() && start + t * tickMs <= performance.now(); t++) {
      const due = start + t * tickMs;
      for (let i = 0; i < perTick; i++) {
        const n = size();
        if (i % 2 === 0) await store.logEntries(E, Math.floor(Math.random() * Math.max(1, n - 5)), 5);
        else await store.latestTreeHead(E);
        out.push(performance.now() - due);
      }
    }
  }
}

function quantiles(xs: number[]): { p50: number; p99: number; max: number } {
  const s = [...xs].sort((a, b) => a - b);
  const at = (p: number): number => s[Math.min(s.length - 1, Math.floor(p * s.length))] ?? NaN;
  return { p50: at(0.5), p99: at(0.99), max: s[s.length - 1] ?? NaN };
}
