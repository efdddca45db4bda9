/**
 * Closing the poll book (spec/stations.md §4): the station signs a `PollBookClosing` (statement
 * `poll-book-close`) with its key and queues it behind every check-in, so the server receives it
 * only once the check-ins before it are in. After closing, no more check-ins.
 * @module
 */
import { signPaperStatement } from '@evident/e2e-crypto';
import type { PollBookClosing } from '@evident/record';
import { StationError } from '../station-error.js';
import { getMeta, recordAction, setMeta, type StationDb } from '../store/station-db.js';
import { requireBundle } from '../provision/provision.js';
import { enqueue } from '../sync/outbox.js';
import { checkInCount } from './check-in.js';

/** The closing as signed and sent. */
export interface SignedPollBookClosing {
  readonly closing: PollBookClosing;
  readonly signature: string;
}

/** The closing, when the poll book is closed. */
export function pollBookClosing(sdb: StationDb): SignedPollBookClosing | undefined {
  return getMeta<SignedPollBookClosing>(sdb.db, 'pollBookClosed');
}

/**
 * Closes the poll book, signs the closing and queues it.
 * @param secretKey - the station key (opened with the station passphrase)
 * @throws {StationError} when not provisioned or already closed
 */
export function closePollBook(sdb: StationDb, worker: string, secretKey: Uint8Array): SignedPollBookClosing {
  const db = sdb.db;
  const bundle = requireBundle(db);
  const now = sdb.now();
  return db.transaction((): SignedPollBookClosing => {
    const before = pollBookClosing(sdb);
    if (before) throw new StationError(1, `the poll book was already closed at ${before.closing.closedAt}`);
    const closing: PollBookClosing = {
      electionId: bundle.electionId,
      station: bundle.station,
      checkIns: checkInCount(db),
      closedAt: new Date(now).toISOString(),
    };
    const signed = {
      closing,
      signature: signPaperStatement(secretKey, 'poll-book-close', bundle.electionId, closing),
    };
    setMeta(db, 'pollBookClosed', signed);
    enqueue(
      db,
      {
        kind: 'poll-book-close',
        method: 'POST',
        path: `/elections/${encodeURIComponent(bundle.electionId)}/stations/${encodeURIComponent(bundle.station)}/poll-book/close`,
        body: signed,
        ref: 'poll-book-close',
      },
      now,
    );
    recordAction(
      db,
      {
        worker,
        action: 'poll-book-close',
        detail: { checkIns: closing.checkIns, closedAt: closing.closedAt },
      },
      now,
    );
    return signed;
  })();
}
