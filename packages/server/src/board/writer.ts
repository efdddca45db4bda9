/**
 * The single writer of the server (spec/server-api.md §6.1, grouped commits).
 *
 * Every change — a lifecycle step, a ballot, a decryption share — is a *job* that plans its
 * log entries and store mutations in a transaction context. Jobs that arrive while a commit is
 * running, or in the same event-loop turn, are committed together: one store transaction, one
 * fsync, one signed tree head per touched election. A job's promise resolves only after that
 * transaction is durable; that is when a receipt may be sent. A job that throws (bad input,
 * wrong phase) leaves nothing behind.
 *
 * Each batch runs through {@link Store.writeBatch}, under the store-wide write lock that every
 * node sharing the store takes (spec/server-api.md §6.6): once the lock is held the writer
 * catches its trees and heads up with what other nodes committed, then plans the jobs (their
 * reads of the store are current: idempotency and replay checks hold across nodes), then hands
 * the mutations back to be committed before the lock is released. One log order, no gaps.
 * @module
 */
import { createHash } from 'node:crypto';
import { canonicalJsonString, type SignedTreeHead } from '@evident/e2e-crypto';
import { ApiError } from '../errors.js';
import {
  LogConflictError,
  StoreUnavailableError,
  type CastKeys,
  type Mutation,
  type Store,
} from '../store/store.js';
import { headRow, type ElectionLog, type ElectionLogs } from './election-logs.js';

const utf8 = new TextEncoder();
const LEAF_PREFIX = new Uint8Array([0x00]);

/** SHA-256(0x00 ∥ entry), RFC 9162 §2.1.1 — e2e-crypto's `leafHash`, natively (entries are kilobytes). */
function leafHash(entry: Uint8Array): Uint8Array {
  return new Uint8Array(createHash('sha256').update(LEAF_PREFIX).update(entry).digest());
}

/** The context a job plans in. */
export interface Tx {
  /**
   * Stages a log entry for election `electionId`: `{ type, ...fields }` as canonical JSON.
   * @returns its log index
   */
  append(electionId: string, type: string, fields: Record<string, unknown>): number;
  /**
   * Stages a log entry given as its canonical JSON text (RFC 8785, `type` member included), for
   * callers that serialised it already (ballots: the verification worker serialises the submission),
   * or as its UTF-8 bytes (a mix stage, written from its files: never one string).
   * @returns its log index
   */
  appendCanonical(electionId: string, type: string, text: string | Uint8Array): number;
  /** Stages a store mutation. */
  mutate(m: Mutation): void;
  /** Per-batch scratch space, so that a job sees what earlier jobs of the batch staged. */
  get(key: string): unknown;
  /** Sets a scratch value (undone if the job fails). */
  set(key: string, value: unknown): void;
  /** The election's log (throws EVD_ERR_NOT_FOUND when unknown). */
  log(electionId: string): ElectionLog;
  /** The store's reads under the write lock, over the batch's own connection (Store.writeBatch). */
  readonly store: Store;
}

/**
 * What a job will check of the store for its ballot: read for all the batch's jobs at once under
 * the lock ({@link Store.castChecks}), found by the job as `tx.get(castChecksKey(electionId))`.
 */
export interface JobReads {
  readonly electionId: string;
  readonly keys: CastKeys;
}

/** The scratch key of an election's {@link Store.castChecks} in a batch. */
export const castChecksKey = (electionId: string): string => `cast-checks:${electionId}`;

/** What a job returns once committed. */
export interface Committed<T> {
  readonly value: T;
  /** The log after the commit. */
  readonly logs: ElectionLogs;
}

interface Job {
  plan: (tx: Tx) => unknown;
  reads?: JobReads | undefined;
  resolve: (v: unknown) => void;
  reject: (e: unknown) => void;
}

interface Touched {
  readonly log: ElectionLog;
  readonly newSize: number;
  head: SignedTreeHead;
}

interface Staged {
  type: string;
  bytes: Uint8Array;
  leaf: Uint8Array;
}

/** The writer. */
export interface Writer {
  /** Runs `plan` in the next batch; resolves with its value once durable. */
  submit<T>(plan: (tx: Tx) => T | Promise<T>, reads?: JobReads): Promise<T>;
  /** Resolves when the queue is empty. */
  drain(): Promise<void>;
  /** Number of commits so far, and jobs committed (for metrics). */
  readonly stats: { commits: number; jobs: number };
}

/** What the writer tells its owner (the app: a log line and a metric). */
export interface WriterEvents {
  /**
   * A batch was refused with {@link LogConflictError} (the log out of step with the store):
   * nothing written, its jobs answered 503, the log reloaded.
   * @param elections - the elections whose logs the batch appended to, when known
   */
  logConflict?(e: LogConflictError, elections: readonly string[]): void;
}

/**
 * A writer over `store` and `logs`.
 * @param maxBatch - most jobs per commit
 * @param groupMs - the commit delay: before a batch of fewer than `maxBatch` queued jobs, wait this
 *   many ms for more (bigger groups, fewer commits: each commit signs a head and syncs the disk);
 *   0, the default, starts each batch at once
 */
export function createWriter(
  store: Store,
  logs: ElectionLogs,
  maxBatch = 512,
  events: WriterEvents = {},
  groupMs = 0,
): Writer {
  const queue: Job[] = [];
  let running = false;
  let idle: (() => void)[] = [];
  const stats = { commits: 0, jobs: 0 };

  const schedule = (): void => {
    if (!running) {
      running = true;
      setImmediate(() => void loop());
    }
  };

  async function loop(): Promise<void> {
    while (queue.length > 0) {
      if (groupMs > 0 && queue.length < maxBatch) await new Promise((r) => setTimeout(r, groupMs));
      const jobs = queue.splice(0, maxBatch);
      await runBatch(jobs);
    }
    running = false;
    const w = idle;
    idle = [];
    for (const f of w) f();
  }

  async function runBatch(jobs: Job[]): Promise<void> {
    let results: { job: Job; ok: boolean; value: unknown }[] = [];
    let appendedTo: string[] = [];
    try {
      await logs.exclusive(async () => {
        let touched: Touched[] = [];
        try {
          await store.writeBatch(async (view) => {
            // under the lock: what other nodes committed first, then this batch's plans
            await logs.catchUp(undefined, view);
            const planned = await planBatch(jobs, view, await castChecks(jobs, view));
            results = planned.results;
            touched = planned.touched;
            appendedTo = touched.map((t) => t.log.electionId);
            return { mutations: planned.mutations, value: undefined };
          });
        } catch (e) {
          // the store refused the transaction, or its outcome is unknown (a COMMIT whose answer
          // was lost), or a catch-up failed: rebuild the trees from what is durable. A reload
          // that fails (the store is down) leaves the staged leaves, and the catch-up before
          // the next batch reloads the log then (ElectionLogs.catchUp).
          for (const t of touched) await logs.reload(t.log.electionId).catch(() => undefined);
          throw e;
        }
        for (const t of touched) {
          t.log.size = t.newSize;
          t.log.head = t.head;
        }
      });
      stats.commits++;
      stats.jobs += jobs.length;
    } catch (e) {
      if (e instanceof LogConflictError) events.logConflict?.(e, appendedTo);
      // the store's unavailability as it is: the app answers it 503 with Retry-After
      const err =
        e instanceof StoreUnavailableError
          ? e
          : new ApiError('EVD_ERR_INTERNAL', `storage failure: ${(e as Error).message}`);
      for (const j of jobs) j.reject(err);
      return;
    }
    for (const r of results) (r.ok ? r.job.resolve : r.job.reject)(r.value);
  }

  /** The {@link JobReads} of the batch's jobs, one {@link Store.castChecks} per election. */
  async function castChecks(jobs: Job[], view: Store): Promise<Map<string, unknown>> {
    const by = new Map<string, { digests: string[]; credentials: string[]; contestHashes: string[] }>();
    for (const { reads } of jobs) {
      if (!reads) continue;
      let k = by.get(reads.electionId);
      if (!k) by.set(reads.electionId, (k = { digests: [], credentials: [], contestHashes: [] }));
      k.digests.push(...reads.keys.digests);
      k.credentials.push(...reads.keys.credentials);
      k.contestHashes.push(...reads.keys.contestHashes);
    }
    const found = new Map<string, unknown>();
    for (const [id, k] of by) found.set(castChecksKey(id), await view.castChecks(id, k));
    return found;
  }

  /**
   * Refuses the batch (503, nothing written) if a log it appends to holds leaves beyond its
   * committed size: its entries would be written after them (a gap) under a head over them, and
   * another node would then write at a taken index. The catch-up before planning reloads such a
   * log (election-logs.ts); this is the last check before writing. The log is reloaded here,
   * under the lock, so that the next batch goes on.
   */
  async function refuseOutOfStep(entries: Map<string, Staged[]>, view: Store): Promise<void> {
    const ids = [...entries]
      .filter(([id, list]) => {
        const log = logs.get(id);
        return list.length > 0 && log !== undefined && log.tree.size !== log.size;
      })
      .map(([id]) => id);
    if (ids.length === 0) return;
    for (const id of ids) await logs.reload(id, view);
    throw new LogConflictError(`the log of ${ids.join(', ')} was out of step with the store`);
  }

  /** Plans the jobs (savepoint per job) and stages their leaves and signed heads. */
  async function planBatch(
    jobs: Job[],
    view: Store,
    staged: Map<string, unknown>,
  ): Promise<{
    results: { job: Job; ok: boolean; value: unknown }[];
    touched: Touched[];
    mutations: Mutation[];
  }> {
    const mutations: Mutation[] = [];
    const entries = new Map<string, Staged[]>();
    let journal: [string, boolean, unknown][] = [];
    const logOf = (id: string): ElectionLog => {
      const l = logs.get(id);
      if (!l) throw new ApiError('EVD_ERR_NOT_FOUND', `no election "${id}"`);
      return l;
    };
    const stage = (electionId: string, type: string, bytes: Uint8Array): number => {
      const log = logOf(electionId);
      let list = entries.get(electionId);
      if (!list) entries.set(electionId, (list = []));
      list.push({ type, bytes, leaf: leafHash(bytes) });
      return log.size + list.length - 1;
    };
    const tx: Tx = {
      append: (electionId, type, fields) =>
        stage(electionId, type, utf8.encode(canonicalJsonString({ type, ...fields }))),
      appendCanonical: (electionId, type, text) =>
        stage(electionId, type, typeof text === 'string' ? utf8.encode(text) : text),
      mutate(m) {
        mutations.push(m);
      },
      get: (k) => staged.get(k),
      set(k, v) {
        journal.push([k, staged.has(k), staged.get(k)]);
        staged.set(k, v);
      },
      log: logOf,
      store: view,
    };
    const results: { job: Job; ok: boolean; value: unknown }[] = [];
    for (const job of jobs) {
      // savepoint: a failing job leaves no staged state
      const mLen = mutations.length;
      const eLens = new Map([...entries].map(([k, v]) => [k, v.length]));
      journal = [];
      try {
        results.push({ job, ok: true, value: await job.plan(tx) });
      } catch (e) {
        if (e instanceof StoreUnavailableError) throw e; // the store, not the job: fail the batch
        mutations.length = mLen;
        for (const [k, v] of entries) v.length = eLens.get(k) ?? 0;
        for (let i = journal.length - 1; i >= 0; i--) {
          const [k, had, v] = journal[i]!;
          if (had) staged.set(k, v);
          else staged.delete(k);
        }
        results.push({ job, ok: false, value: e });
      }
    }
    await refuseOutOfStep(entries, view);
    const touched: Touched[] = [];
    for (const [id, list] of entries) {
      if (list.length === 0) continue;
      const log = logOf(id);
      // the tree holds these leaves from here on; a failed commit reloads it (runBatch)
      touched.push({ log, newSize: log.size + list.length, head: log.head });
      for (const s of list) {
        const index = log.tree.append(s.leaf);
        mutations.push({
          kind: 'log-entry',
          row: { electionId: id, index, type: s.type, entry: s.bytes, leafHash: s.leaf },
        });
      }
    }
    for (const t of touched) {
      t.head = logs.sign(t.log, t.newSize);
      mutations.push({ kind: 'tree-head', row: headRow(t.head) });
    }
    return { results, touched, mutations };
  }

  return {
    submit<T>(plan: (tx: Tx) => T | Promise<T>, reads?: JobReads): Promise<T> {
      return new Promise<T>((resolve, reject) => {
        queue.push({ plan, reads, resolve: resolve as (v: unknown) => void, reject });
        schedule();
      });
    },
    drain() {
      if (!running && queue.length === 0) return Promise.resolve();
      return new Promise((r) => idle.push(r));
    },
    stats,
  };
}
