/**
 * The outbox (spec/stations.md §10): everything the station must send to the server, in the
 * order it was made, kept in the station database until the server's answer is in. An item is
 * written in the same transaction as the change it reports (a check-in and its outbox item
 * exist together or not at all), so nothing acknowledged to a poll worker can be lost.
 * @module
 */
import type Database from 'better-sqlite3';

/** What an item became. `pending` is retried; the others are final until requeued. */
export type OutboxStatus = 'pending' | 'delivered' | 'refused' | 'rejected' | 'bad-receipt';

/** A request to deliver. */
export interface OutboxRequest {
  /** what it is (`check-in`, `poll-book-close`, `sheet`…): check-ins are sent in batches */
  readonly kind: string;
  readonly method: 'POST' | 'PUT';
  /** server path, from the root (`/elections/{id}/…`) */
  readonly path: string;
  readonly body: unknown;
  /** what it is about (a check-in id, a sheet hash), to find its fate later */
  readonly ref?: string;
}

/** A stored item. */
export interface OutboxItem extends OutboxRequest {
  readonly seq: number;
  readonly status: OutboxStatus;
  readonly attempts: number;
  readonly lastError: string | null;
  readonly answer: unknown;
  readonly createdAt: number;
  readonly deliveredAt: number | null;
}

interface Row {
  seq: number;
  kind: string;
  method: 'POST' | 'PUT';
  path: string;
  body: string;
  ref: string | null;
  status: OutboxStatus;
  attempts: number;
  last_error: string | null;
  answer: string | null;
  created_at: number;
  delivered_at: number | null;
}

function item(r: Row): OutboxItem {
  return {
    seq: r.seq,
    kind: r.kind,
    method: r.method,
    path: r.path,
    body: JSON.parse(r.body) as unknown,
    ...(r.ref === null ? {} : { ref: r.ref }),
    status: r.status,
    attempts: r.attempts,
    lastError: r.last_error,
    answer: r.answer === null ? null : (JSON.parse(r.answer) as unknown),
    createdAt: r.created_at,
    deliveredAt: r.delivered_at,
  };
}

/**
 * Queues a request; call it inside the transaction of the change it reports.
 * @returns its sequence number (the delivery order)
 */
export function enqueue(db: Database.Database, req: OutboxRequest, now: number = Date.now()): number {
  if (!req.path.startsWith('/')) throw new TypeError('enqueue: path must start with "/"');
  const r = db
    .prepare('INSERT INTO outbox (kind, method, path, body, ref, created_at) VALUES (?, ?, ?, ?, ?, ?)')
    .run(req.kind, req.method, req.path, JSON.stringify(req.body), req.ref ?? null, now);
  return Number(r.lastInsertRowid);
}

/** The first `limit` pending items, in order. */
export function pendingItems(db: Database.Database, limit: number): OutboxItem[] {
  return (
    db.prepare("SELECT * FROM outbox WHERE status = 'pending' ORDER BY seq LIMIT ?").all(limit) as Row[]
  ).map(item);
}

/** The item about `ref` (the latest), or undefined. */
export function outboxItemFor(db: Database.Database, ref: string): OutboxItem | undefined {
  const r = db.prepare('SELECT * FROM outbox WHERE ref = ? ORDER BY seq DESC LIMIT 1').get(ref) as
    Row | undefined;
  return r && item(r);
}

/** Items by status, for the status page. */
export function outboxCounts(db: Database.Database): Record<OutboxStatus, number> {
  const out: Record<OutboxStatus, number> = {
    pending: 0,
    delivered: 0,
    refused: 0,
    rejected: 0,
    'bad-receipt': 0,
  };
  for (const r of db.prepare('SELECT status, COUNT(*) AS n FROM outbox GROUP BY status').all() as {
    status: OutboxStatus;
    n: number;
  }[])
    out[r.status] = r.n;
  return out;
}

/** Items that did not end `delivered`, for the status page and the operator. */
export function problemItems(db: Database.Database, limit = 50): OutboxItem[] {
  return (
    db
      .prepare("SELECT * FROM outbox WHERE status NOT IN ('pending', 'delivered') ORDER BY seq LIMIT ?")
      .all(limit) as Row[]
  ).map(item);
}

/** Records the final fate of an item with the server's answer. */
export function settle(
  db: Database.Database,
  seq: number,
  status: Exclude<OutboxStatus, 'pending'>,
  answer: unknown,
  now: number,
  error: string | null = null,
): void {
  db.prepare(
    'UPDATE outbox SET status = ?, answer = ?, delivered_at = ?, last_error = ?, attempts = attempts + 1 WHERE seq = ?',
  ).run(status, JSON.stringify(answer ?? null), now, error, seq);
}

/** Counts a failed attempt (the item stays pending). */
export function noteAttempt(db: Database.Database, seqs: readonly number[], error: string): void {
  const st = db.prepare('UPDATE outbox SET attempts = attempts + 1, last_error = ? WHERE seq = ?');
  db.transaction(() => seqs.forEach((s) => st.run(error, s)))();
}

/** Puts rejected items back in the queue (after the cause was fixed); returns how many. */
export function requeueRejected(db: Database.Database): number {
  return db
    .prepare("UPDATE outbox SET status = 'pending', delivered_at = NULL WHERE status = 'rejected'")
    .run().changes;
}
