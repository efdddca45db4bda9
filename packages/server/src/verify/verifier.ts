/**
 * Ballot verification off the event loop (spec/server-api.md §6.3): worker threads of the one
 * worker pool (`@evident/e2e-crypto/worker-pool`, over piscina) run {@link checkBallots} on
 * batches (`worker.ts`); an inline verifier does the same in the calling thread (tests, and
 * when the compiled worker file is not available).
 *
 * Batching: ballots wait in one queue; at the end of each I/O phase (and whenever a worker
 * finishes) the idle workers share the queued ballots of the first waiting ballot's election —
 * evenly, at least `minBatch` and at most `maxBatch` each — and check each share with one
 * multi-exponentiation. Fewer than `minBatch` ballots wait for company at most `maxWaitMs`: a
 * batch of one costs ~1.5× per ballot what a batch of eight does, and at moderate load that saved
 * CPU is the headroom that keeps the latency tail short; under heavy load the queue always holds
 * a batch and nothing waits.
 * @module
 */
import { existsSync } from 'node:fs';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { createWorkerPool, defaultThreads } from '@evident/e2e-crypto/worker-pool';
import type { CheckedBallot, CheckFailure } from './ballot-check.js';
import { checkSubmissions } from './submission-text.js';
import { electionContext, type ElectionContext, type ElectionContextData } from './election-context.js';
import { ApiError } from '../errors.js';
import { checkUpload, type UploadCheck, type VerdictOf } from '../tally/upload-checks.js';

/**
 * A ballot refused because the verification queue is full (spec/server-api.md §6.3): answered
 * 503 `EVD_ERR_BUSY` with `Retry-After`, before anything about it is checked or stored, so that
 * sending the same ballot again later is safe (casting is idempotent).
 */
export class BusyError extends ApiError {
  /** @param retryAfter - seconds a client should wait before sending the ballot again */
  constructor(readonly retryAfter: number) {
    super(
      'EVD_ERR_BUSY',
      `too many ballots are waiting to be verified: send the same ballot again in ${retryAfter} s`,
    );
  }
}

/** The queue bound of a verifier (spec/server-api.md §6.3). */
export interface QueueBound {
  /** Most ballots waiting for verification (default 4096); one more is refused with {@link BusyError}. */
  readonly maxQueued?: number;
  /**
   * Longest estimated wait for verification, ms (default 1000): the ballots waiting × the recent
   * verification time per ballot ÷ the workers. Over it a ballot is refused with {@link BusyError}
   * rather than answered late (worker verifier only; the inline one has the count bound).
   */
  readonly maxQueueMs?: number;
}

/**
 * Refuses a new ballot when `queued` are waiting already and their estimated wait is over the bound.
 * @param waitMs - estimated wait of the queue, ms (NaN: not known yet)
 * @throws {BusyError} over the bound, with a Retry-After of the estimated wait (1–30 s)
 */
export function admit(queued: number, waitMs: number, bound: Required<QueueBound>): void {
  if (queued < bound.maxQueued && !(waitMs > bound.maxQueueMs)) return;
  const s = Number.isFinite(waitMs) ? Math.ceil(waitMs / 1000) : 1;
  throw new BusyError(Math.min(30, Math.max(1, s)));
}

/** The defaults of {@link QueueBound}. */
function queueBound(b: QueueBound): Required<QueueBound> {
  return { maxQueued: Math.max(1, b.maxQueued ?? 4096), maxQueueMs: Math.max(0, b.maxQueueMs ?? 1000) };
}

/** Checks ballots. */
export interface BallotVerifier {
  readonly kind: 'inline' | 'workers';
  /**
   * Checks a cast or challenge body, as the text received (./submission-text.ts: it is parsed
   * and checked against the body's schema where it is verified).
   * @param credential - the body's credential as the caller read it (upper case): a body with
   *   another is answered `NOT_AHEAD`, unchecked
   */
  check(
    ctx: ElectionContextData,
    text: string,
    intent: 'cast' | 'challenge',
    credential?: string,
  ): Promise<CheckedBallot | CheckFailure>;
  /**
   * Checks a guardian's decryption upload (../tally/upload-checks.ts) off the event loop: as a
   * task of the same pool as the ballots (spec/server-api.md §7.2), or, inline, in a later turn
   * of the event loop (what waits before it is answered first).
   */
  checkUpload<C extends UploadCheck>(c: C): Promise<VerdictOf<C>>;
  /**
   * Counters: batches sent and ballots checked (batch size = ballots / batches); ballots whose
   * proofs were re-checked alone after their batch failed; the workers' kernel thread ids when
   * known (Linux), for per-thread CPU accounting by the benchmark.
   */
  readonly stats: {
    batches: number;
    ballots: number;
    largestBatch: number;
    rechecked: number;
    /** Ballots refused because the queue was full ({@link BusyError}). */
    busy: number;
    threads?: number[];
  };
  close(): Promise<void>;
}

interface Pending {
  readonly data: ElectionContextData;
  /** The body's text. */
  readonly text: string;
  readonly intent: 'cast' | 'challenge';
  readonly credential: string | undefined;
  readonly resolve: (r: CheckedBallot | CheckFailure) => void;
  readonly reject: (e: unknown) => void;
  /** When it was queued (performance.now()). */
  readonly at?: number;
}

/** Takes the first waiting ballot's election's ballots (up to `max`) out of `queue`, in order. */
function takeBatch(queue: Pending[], max: number): Pending[] {
  const id = queue[0]!.data.electionId;
  const batch: Pending[] = [];
  let w = 0;
  for (let r = 0; r < queue.length; r++) {
    const p = queue[r]!;
    if (batch.length < max && p.data.electionId === id) batch.push(p);
    else queue[w++] = p;
  }
  queue.length = w;
  return batch;
}

/**
 * Verifies in the calling thread, batching the ballots that arrive in the same event-loop turn.
 * @param maxBatch - most ballots per batch (default 32)
 * @param bound - the queue bound (its count only)
 */
export function inlineVerifier(maxBatch = 32, bound: QueueBound = {}): BallotVerifier {
  const limit = queueBound({ ...bound, maxQueueMs: Infinity });
  const cache = new Map<string, { manifest: string; ctx: ElectionContext<unknown> }>();
  const queue: Pending[] = [];
  const stats = { batches: 0, ballots: 0, largestBatch: 0, rechecked: 0, busy: 0 };
  let scheduled = false;
  const run = (): void => {
    scheduled = false;
    while (queue.length > 0) {
      const batch = takeBatch(queue, maxBatch);
      const data = batch[0]!.data;
      try {
        let hit = cache.get(data.electionId);
        if (!hit || hit.manifest !== data.manifest)
          cache.set(data.electionId, (hit = { manifest: data.manifest, ctx: electionContext(data) }));
        const results = checkSubmissions(hit.ctx, batch, stats);
        stats.batches++;
        stats.ballots += batch.length;
        stats.largestBatch = Math.max(stats.largestBatch, batch.length);
        batch.forEach((p, i) => p.resolve(results[i]!));
      } catch (e) {
        for (const p of batch) p.reject(e);
      }
    }
  };
  return {
    kind: 'inline',
    stats,
    check(data, text, intent, credential) {
      try {
        admit(queue.length, NaN, limit);
      } catch (e) {
        stats.busy++;
        return Promise.reject(e);
      }
      return new Promise((resolve, reject) => {
        queue.push({ data, text, intent, credential, resolve, reject });
        if (!scheduled) {
          scheduled = true;
          setImmediate(run);
        }
      });
    },
    checkUpload: <C extends UploadCheck>(c: C) =>
      new Promise<VerdictOf<C>>((resolve, reject) =>
        setImmediate(() => {
          try {
            resolve(checkUpload(c));
          } catch (e) {
            reject(e);
          }
        }),
      ),
    async close() {},
  };
}

/** The compiled worker script, when it exists (it does not under vitest, which runs sources). */
export function workerScript(): string | undefined {
  const f = fileURLToPath(new URL('./worker.js', import.meta.url));
  return existsSync(f) ? f : undefined;
}

/** A batch for a worker (the pool's task for the worker module's `checkBatch`). */
export interface WorkerRequest {
  /**
   * The election's context: sent with every batch (a few kB, cloned once per batch, not per
   * ballot), since any worker of the pool may take it; a worker keeps the context it built for
   * as long as the manifest and keys are the same.
   */
  readonly ctx: ElectionContextData;
  /** The bodies as text (a string is copied, where a parsed ballot is cloned member by member). */
  readonly items: readonly {
    readonly text: string;
    readonly intent: 'cast' | 'challenge';
    readonly credential: string | undefined;
  }[];
}

/** A worker's answer. */
export interface WorkerResponse {
  readonly results: (CheckedBallot | CheckFailure)[];
  /** Ballots of this batch re-checked alone after the batch of proofs failed. */
  readonly rechecked: number;
  /** The worker's kernel thread id (Linux). */
  readonly tid?: number;
}

/** Batch sizes and queue bound of {@link workerVerifier}. */
export interface BatchOptions extends QueueBound {
  /**
   * Most ballots sent to a worker at once (default 64: under heavy load, when the queue holds that
   * many, a batch of 64 costs ~8 % less CPU per ballot than one of 32).
   */
  readonly maxBatch?: number;
  /**
   * Fewest ballots worth a batch (default 8): fewer wait, at most `maxWaitMs`, for others. A
   * ballot's check costs ~1.5× as much alone as in a batch of 8 (the multi-exponentiation's
   * fixed cost is shared), and at moderate load that CPU is the headroom that keeps latency low.
   */
  readonly minBatch?: number;
  /** Longest a ballot waits for a batch to fill while a worker is idle, ms (default 20). */
  readonly maxWaitMs?: number;
}

/**
 * The batching rule of {@link workerVerifier} (spec/server-api.md §6.3): how many of `queued`
 * waiting ballots the next of `idle` idle workers takes, or how long to wait for more.
 * @param waitedMs - how long the oldest queued ballot has waited
 * @returns `{ take }` (1..maxBatch) or `{ waitMs }` (> 0); `{ take: 0 }` when nothing is queued
 */
export function nextShare(
  queued: number,
  idle: number,
  waitedMs: number,
  o: { readonly minBatch: number; readonly maxBatch: number; readonly maxWaitMs: number },
): { readonly take: number } | { readonly waitMs: number } {
  if (queued <= 0 || idle <= 0) return { take: 0 };
  if (queued < o.minBatch && waitedMs < o.maxWaitMs)
    return { waitMs: Math.max(1, Math.ceil(o.maxWaitMs - waitedMs)) };
  // the idle workers share what waits (two half batches answer sooner than one full one), in
  // batches of at least minBatch while there are that many
  const share = Math.max(Math.min(o.minBatch, queued), Math.ceil(queued / idle));
  return { take: Math.min(o.maxBatch, share) };
}

/**
 * Checks ballots in `size` worker threads (default: one per core) of the one worker pool
 * (`@evident/e2e-crypto/worker-pool`), batching them by the rule of {@link nextShare}: the batching
 * is decided here, where the queue is, and each batch is one task of the pool.
 * @param batching - batch sizes (a number: `maxBatch`, as before)
 * @throws {Error} when the compiled worker script is missing
 */
export function workerVerifier(
  size = defaultThreads(),
  batching: number | BatchOptions = {},
): BallotVerifier {
  const b = typeof batching === 'number' ? { maxBatch: batching } : batching;
  const rule = {
    maxBatch: Math.max(1, b.maxBatch ?? 64),
    minBatch: Math.min(Math.max(1, b.maxBatch ?? 64), Math.max(1, b.minBatch ?? 8)),
    maxWaitMs: Math.max(0, b.maxWaitMs ?? 20),
  };
  const limit = queueBound(b);
  const script = workerScript();
  if (!script) throw new Error('worker verifier: dist/verify/worker.js not found (run tsc -b)');
  const pool = createWorkerPool({
    worker: pathToFileURL(script),
    threads: Math.max(1, size),
  });
  const queue: Pending[] = [];
  const tids = new Set<number>();
  const stats = {
    batches: 0,
    ballots: 0,
    largestBatch: 0,
    rechecked: 0,
    busy: 0,
    get threads(): number[] {
      return [...tids];
    },
  };
  let busy = 0;
  /** Recent wall time per ballot of a batch in a worker, ms (moving average; NaN before the first). */
  let msPerBallot = NaN;
  let closed = false;
  let scheduled = false;
  let timer: NodeJS.Timeout | undefined;

  /** Dispatches once the current I/O phase is over, so that ballots that arrived together go together. */
  function schedule(): void {
    if (scheduled) return;
    scheduled = true;
    setImmediate(() => {
      scheduled = false;
      dispatch();
    });
  }

  function send(batch: Pending[]): void {
    busy++;
    stats.batches++;
    stats.ballots += batch.length;
    stats.largestBatch = Math.max(stats.largestBatch, batch.length);
    const req: WorkerRequest = {
      ctx: batch[0]!.data,
      items: batch.map((p) => ({ text: p.text, intent: p.intent, credential: p.credential })),
    };
    const t0 = performance.now();
    pool.run<WorkerResponse>(req, 'checkBatch').then(
      (m) => {
        busy--;
        const per = (performance.now() - t0) / batch.length;
        msPerBallot = Number.isNaN(msPerBallot) ? per : 0.8 * msPerBallot + 0.2 * per;
        if (m.tid !== undefined) tids.add(m.tid);
        stats.rechecked += m.rechecked;
        batch.forEach((p, i) => p.resolve(m.results[i]!));
        dispatch();
      },
      (e: unknown) => {
        // a failed or crashed worker (the pool starts another): fail this batch, carry on
        busy--;
        for (const p of batch) p.reject(e);
        if (!closed) dispatch();
      },
    );
  }

  function dispatch(): void {
    const idle = pool.threads - busy;
    for (let k = 0; k < idle && queue.length > 0; k++) {
      const next = nextShare(queue.length, idle - k, performance.now() - (queue[0]!.at ?? 0), rule);
      if ('waitMs' in next) {
        // come back when the oldest has waited long enough
        timer ??= setTimeout(() => {
          timer = undefined;
          dispatch();
        }, next.waitMs);
        return;
      }
      send(takeBatch(queue, next.take));
    }
  }

  return {
    kind: 'workers',
    stats,
    check(data, text, intent, credential) {
      if (closed) return Promise.reject(new Error('verifier closed'));
      try {
        admit(queue.length, (queue.length * msPerBallot) / pool.threads, limit);
      } catch (e) {
        stats.busy++;
        return Promise.reject(e);
      }
      return new Promise((resolve, reject) => {
        queue.push({ data, text, intent, credential, resolve, reject, at: performance.now() });
        schedule();
      });
    },
    checkUpload<C extends UploadCheck>(c: C) {
      if (closed) return Promise.reject(new Error('verifier closed'));
      return pool.run<VerdictOf<C>>(c, 'checkUpload');
    },
    async close() {
      closed = true;
      if (timer) clearTimeout(timer);
      for (const p of queue.splice(0)) p.reject(new Error('verifier closed'));
      await pool.close();
    },
  };
}
