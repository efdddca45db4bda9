/**
 * The sync loop (spec/stations.md §10): delivers the outbox in order, check-ins in batches,
 * and retries with backoff and full jitter when the server cannot be reached or answers with a
 * transient error. Every request is idempotent on the server (check-ins by their id, the
 * poll-book close and sheets by their content), so a request whose answer was lost is simply
 * sent again: nothing is lost (an item leaves the queue only with the server's answer) and
 * nothing is duplicated. Receipts are checked against the pinned log key; the clock offset is
 * measured at every pass that reaches the server.
 * @module
 */
import { recordAction, type StationDb } from '../store/station-db.js';
import { checkReceipt } from '../provision/receipt.js';
import { backoffDelay, DEFAULT_BACKOFF, type Backoff } from './backoff.js';
import { measureClockOffset, saveClockOffset } from './clock.js';
import { noteAttempt, pendingItems, settle, type OutboxItem } from './outbox.js';
import { answerError, type HttpAnswer, type Transport } from './transport.js';
import { getMeta, setMeta } from '../store/station-db.js';

/** Check-ins sent in one request at most. */
export const CHECK_IN_BATCH = 200;

/** Where and how to deliver. */
export interface SyncTarget {
  readonly serverUrl: string;
  readonly token: string;
  readonly electionId: string;
  /** the pinned log key, hex */
  readonly logPublicKey: string;
  readonly transport: Transport;
  /** check-ins per request at most (default {@link CHECK_IN_BATCH}) */
  readonly batchSize?: number;
}

/** What one pass did. */
export interface SyncPass {
  readonly sent: number;
  /** items that reached a final state (delivered, refused, rejected, bad receipt) */
  readonly settled: number;
  readonly remaining: number;
  /** why the pass stopped early (the server unreachable or a transient error) */
  readonly error?: string;
}

/** Statuses that say "try again later": the request may succeed unchanged. */
function transient(a: HttpAnswer): boolean {
  if (a.status >= 500 || a.status === 408 || a.status === 429 || a.status === 401 || a.status === 403)
    return true;
  const code = (a.body as { code?: unknown } | undefined)?.code;
  return a.status === 409 && code === 'EVD_ERR_TOO_EARLY';
}

/** The items of the next request: a run of check-ins to the same path, or one item. */
function nextBatch(items: OutboxItem[], size: number): OutboxItem[] {
  const first = items[0]!;
  if (first.kind !== 'check-in') return [first];
  const out = [first];
  for (const it of items.slice(1)) {
    if (it.kind !== 'check-in' || it.path !== first.path || out.length >= size) break;
    out.push(it);
  }
  return out;
}

function requestBody(batch: OutboxItem[]): unknown {
  if (batch[0]!.kind !== 'check-in') return batch[0]!.body;
  return { checkIns: batch.flatMap((it) => (it.body as { checkIns: unknown[] }).checkIns) };
}

/** Settles a batch from a 2xx answer; returns an error when the answer is unusable. */
function settleAnswer(
  sdb: StationDb,
  target: SyncTarget,
  batch: OutboxItem[],
  a: HttpAnswer,
): string | undefined {
  const db = sdb.db;
  const now = sdb.now();
  if (batch[0]!.kind === 'check-in') {
    const results = (a.body as { results?: unknown } | undefined)?.results;
    if (!Array.isArray(results)) return 'check-ins: the answer has no results';
    const byId = new Map<string, { status?: unknown; reason?: unknown }>();
    for (const r of results as { id?: unknown; status?: unknown; reason?: unknown }[])
      if (typeof r?.id === 'string') byId.set(r.id, r);
    const missing = batch.filter((it) => !byId.has(it.ref ?? ''));
    if (missing.length > 0) return `check-ins: the answer lacks ${missing.length} of the ids sent`;
    db.transaction(() => {
      for (const it of batch) {
        const r = byId.get(it.ref!)!;
        if (r.status === 'accepted' || r.status === 'known') settle(db, it.seq, 'delivered', r, now);
        else {
          settle(db, it.seq, 'refused', r, now, typeof r.reason === 'string' ? r.reason : 'refused');
          recordAction(
            db,
            {
              worker: 'station',
              action: 'check-in-refused-by-server',
              detail: { id: it.ref, reason: String(r.reason ?? '') },
            },
            now,
          );
        }
      }
    })();
    return undefined;
  }
  const it = batch[0]!;
  const receipt = (a.body as { receipt?: unknown } | undefined)?.receipt;
  db.transaction(() => {
    if (receipt === undefined) return settle(db, it.seq, 'delivered', a.body, now);
    const check = checkReceipt(receipt, { logPublicKey: target.logPublicKey, electionId: target.electionId });
    if (check.ok) return settle(db, it.seq, 'delivered', a.body, now);
    settle(db, it.seq, 'bad-receipt', a.body, now, check.message);
    recordAction(
      db,
      {
        worker: 'station',
        action: 'bad-receipt',
        detail: { kind: it.kind, seq: it.seq, failed: check.failed, message: check.message },
      },
      now,
    );
  })();
  return undefined;
}

/**
 * One pass: measures the clock offset, then sends pending items in order until the queue is
 * empty or a request fails transiently (the pass stops there; the caller waits and retries).
 */
export async function syncOnce(sdb: StationDb, target: SyncTarget): Promise<SyncPass> {
  const offset = await measureClockOffset(target.transport, target.serverUrl, sdb.now);
  if (offset) saveClockOffset(sdb.db, offset);
  let sent = 0;
  let settled = 0;
  for (;;) {
    const size = Math.max(1, target.batchSize ?? CHECK_IN_BATCH);
    const items = pendingItems(sdb.db, size);
    if (items.length === 0) return { sent, settled, remaining: 0 };
    const batch = nextBatch(items, size);
    const seqs = batch.map((b) => b.seq);
    let a: HttpAnswer;
    try {
      sent++;
      a = await target.transport({
        method: batch[0]!.method,
        url: new URL(batch[0]!.path, target.serverUrl).href,
        token: target.token,
        body: requestBody(batch),
      });
    } catch (e) {
      return stop(sdb, seqs, (e as Error).message, sent, settled);
    }
    let error: string | undefined;
    if (a.status >= 200 && a.status < 300) error = settleAnswer(sdb, target, batch, a);
    else if (transient(a)) error = answerError(a);
    else {
      const now = sdb.now();
      sdb.db.transaction(() =>
        batch.forEach((it) => settle(sdb.db, it.seq, 'rejected', a.body, now, answerError(a))),
      )();
    }
    if (error !== undefined) return stop(sdb, seqs, error, sent, settled);
    settled += batch.length;
    setMeta(sdb.db, 'lastSync', sdb.now());
  }
}

function stop(sdb: StationDb, seqs: number[], error: string, sent: number, settled: number): SyncPass {
  noteAttempt(sdb.db, seqs, error);
  const remaining = sdb.db
    .prepare("SELECT COUNT(*) FROM outbox WHERE status = 'pending'")
    .pluck()
    .get() as number;
  return { sent, settled, remaining, error };
}

/** When the last request was answered (ms), or null. */
export function lastSync(sdb: StationDb): number | null {
  return getMeta<number>(sdb.db, 'lastSync') ?? null;
}

/** How the loop waits and stops. */
export interface LoopOptions {
  readonly backoff?: Backoff;
  /** stop when the outbox is empty (instead of waiting for more) */
  readonly untilEmpty?: boolean;
  /** give up after this many failed passes in a row (default: never) */
  readonly maxFailures?: number;
  /** wait between passes when the queue is empty, ms (default 5 s) */
  readonly idleMs?: number;
  readonly signal?: AbortSignal;
  readonly random?: () => number;
  readonly sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
  /** told after each pass (for the CLI's progress lines) */
  readonly onPass?: (p: SyncPass, nextDelayMs: number) => void;
}

/** Sleeps `ms`, or less when `signal` aborts. */
export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal?.aborted) return resolve();
    const t = setTimeout(done, ms);
    function done() {
      clearTimeout(t);
      signal?.removeEventListener('abort', done);
      resolve();
    }
    signal?.addEventListener('abort', done, { once: true });
  });
}

/**
 * Runs passes until stopped (`signal`), until the queue is empty (`untilEmpty`) or after
 * `maxFailures` failed passes in a row; waits with backoff and full jitter after a failed pass.
 * @returns the last pass
 */
export async function runSync(sdb: StationDb, target: SyncTarget, o: LoopOptions = {}): Promise<SyncPass> {
  const pause = o.sleep ?? sleep;
  let failures = 0;
  for (;;) {
    const p = await syncOnce(sdb, target);
    failures = p.error === undefined ? 0 : failures + 1;
    const delay =
      p.error === undefined
        ? (o.idleMs ?? 5000)
        : backoffDelay(failures - 1, o.backoff ?? DEFAULT_BACKOFF, o.random);
    o.onPass?.(p, delay);
    if (o.signal?.aborted) return p;
    if (o.untilEmpty && p.remaining === 0 && p.error === undefined) return p;
    if (o.maxFailures !== undefined && failures >= o.maxFailures) return p;
    await pause(delay, o.signal);
    if (o.signal?.aborted) return p;
  }
}
