/**
 * The electronic poll book (spec/stations.md §4): a voter of the station's roll slice is checked
 * in once, with who checked and which identity document (its type and last characters — never
 * the whole number), under a random UUID that makes the server's intake idempotent. The check-in,
 * its outbox item and its audit line are written in one transaction.
 * @module
 */
import { randomUUID } from 'node:crypto';
import type Database from 'better-sqlite3';
import {
  DOCUMENT_LAST_PATTERN,
  DOCUMENT_TYPES,
  type CheckInDocument,
  type DocumentType,
} from '@evident/record';
import { StationError } from '../station-error.js';
import { getMeta, recordAction, type StationDb } from '../store/station-db.js';
import { requireBundle } from '../provision/provision.js';
import { enqueue, outboxItemFor } from '../sync/outbox.js';

export { DOCUMENT_TYPES, type CheckInDocument, type DocumentType } from '@evident/record';

/** A check-in as sent to the server (`POST …/check-ins`, spec/server-api.md §11). */
export interface CheckIn {
  /** UUID made by the station */
  readonly id: string;
  readonly voterId: string;
  /** the signed-in poll worker */
  readonly checkedBy: string;
  readonly document: CheckInDocument;
  /** ISO 8601 UTC */
  readonly at: string;
}

/** What a worker enters. */
export interface CheckInInput {
  readonly voterId: string;
  /** the signed-in worker */
  readonly worker: string;
  readonly documentType: string;
  /** the document number's last characters (2–4 letters or digits) */
  readonly documentLast: string;
}

/** The check-ins path of the provisioned station. */
export function checkInsPath(electionId: string, station: string): string {
  return `/elections/${encodeURIComponent(electionId)}/stations/${encodeURIComponent(station)}/check-ins`;
}

/** Checks and normalises the document fields; a refusal names the field. */
export function parseDocument(type: string, last: string): CheckInDocument {
  if (!(DOCUMENT_TYPES as readonly string[]).includes(type))
    throw new StationError(2, `document type "${type}": one of ${DOCUMENT_TYPES.join(', ')}`);
  const l = last.trim().toUpperCase();
  if (!new RegExp(DOCUMENT_LAST_PATTERN).test(l))
    throw new StationError(
      2,
      'document last characters: give only the last 2 to 4 letters or digits of the document number, never the whole number',
    );
  return { type: type as DocumentType, last: l };
}

/**
 * Checks a voter in.
 * @throws {StationError} naming the voter: not on this station's roll, already checked in
 *   (when, by whom), the poll book closed, or a malformed document
 */
export function checkIn(sdb: StationDb, input: CheckInInput): CheckIn {
  const db = sdb.db;
  const document = parseDocument(input.documentType, input.documentLast);
  const bundle = requireBundle(db);
  const now = sdb.now();
  const outcome = db.transaction((): CheckIn | { refused: string; checkIn: string } => {
    if (getMeta(db, 'pollBookClosed'))
      throw new StationError(1, 'the poll book is closed: no more check-ins');
    const voter = db.prepare('SELECT voter_id, name FROM roll WHERE voter_id = ?').get(input.voterId) as
      { voter_id: string; name: string } | undefined;
    if (!voter) throw new StationError(1, `voter ${input.voterId} is not on this station's roll`);
    const before = db
      .prepare('SELECT id, checked_by, at FROM check_ins WHERE voter_id = ?')
      .get(input.voterId) as { id: string; checked_by: string; at: string } | undefined;
    if (before)
      return {
        refused: `voter ${input.voterId} (${voter.name}) was already checked in at this station at ${before.at} by ${before.checked_by}; a voter votes once`,
        checkIn: before.id,
      };
    const c: CheckIn = {
      id: randomUUID(),
      voterId: input.voterId,
      checkedBy: input.worker,
      document,
      at: new Date(now).toISOString(),
    };
    db.prepare(
      'INSERT INTO check_ins (id, voter_id, checked_by, doc_type, doc_last, at) VALUES (?, ?, ?, ?, ?, ?)',
    ).run(c.id, c.voterId, c.checkedBy, document.type, document.last, c.at);
    enqueue(
      db,
      {
        kind: 'check-in',
        method: 'POST',
        path: checkInsPath(bundle.electionId, bundle.station),
        body: { checkIns: [c] },
        ref: c.id,
      },
      now,
    );
    recordAction(
      db,
      {
        worker: input.worker,
        action: 'check-in',
        detail: { id: c.id, voterId: c.voterId, document: document.type },
      },
      now,
    );
    return c;
  })();
  if ('refused' in outcome) {
    // the refusal is recorded on its own: a second attempt is worth knowing about
    recordAction(
      db,
      {
        worker: input.worker,
        action: 'check-in-refused',
        detail: { voterId: input.voterId, why: 'already checked in', checkIn: outcome.checkIn },
      },
      now,
    );
    throw new StationError(1, outcome.refused);
  }
  return outcome;
}

/** A roll voter as the poll worker sees it. */
export interface RollEntry {
  readonly voterId: string;
  readonly name: string;
  readonly checkIn: {
    readonly id: string;
    readonly at: string;
    readonly by: string;
    readonly sync: string;
  } | null;
}

/**
 * Searches the roll by voter id (exact or prefix) or by name (any part, accents and case ignored).
 * @param limit - at most this many (default 20)
 */
export function searchRoll(db: Database.Database, query: string, limit = 20): RollEntry[] {
  const q = query.normalize('NFKD').replace(/\p{M}/gu, '').toLowerCase().trim();
  if (q === '') return [];
  const like = `%${q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
  const rows = db
    .prepare(
      `SELECT r.voter_id, r.name, c.id, c.at, c.checked_by FROM roll r LEFT JOIN check_ins c ON c.voter_id = r.voter_id
       WHERE r.voter_id = ? OR r.search LIKE ? ESCAPE '\\' ORDER BY r.voter_id = ? DESC, r.name LIMIT ?`,
    )
    .all(query.trim(), like, query.trim(), limit) as {
    voter_id: string;
    name: string;
    id: string | null;
    at: string | null;
    checked_by: string | null;
  }[];
  return rows.map((r) => ({
    voterId: r.voter_id,
    name: r.name,
    checkIn:
      r.id === null
        ? null
        : { id: r.id, at: r.at!, by: r.checked_by!, sync: outboxItemFor(db, r.id)?.status ?? 'pending' },
  }));
}

/** How many voters are checked in. */
export function checkInCount(db: Database.Database): number {
  return db.prepare('SELECT COUNT(*) FROM check_ins').pluck().get() as number;
}
