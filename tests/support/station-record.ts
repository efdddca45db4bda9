/**
 * A real record with a polling station: the lying-server harness's election (decrypted online
 * tally, a ranked contest, revotes, a challenge) with station p1's entries added as the server
 * writes them — counting start in the setup entry, the station key before opening, its signed
 * sheet and CVRs after the close, its poll book closed before the encrypted tally — and the heads
 * re-signed. The paper ballots are [o1], [o2], [o2] and a blank one.
 * @module
 */
import { join } from 'node:path';
import { generatePaperKey, signPaperStatement, toHex, type Manifest } from '@evident/e2e-crypto';
import { type TallySheet, sheetHash, signTallySheet } from '@evident/record';
import type { ElectionFixture } from '../malicious-server/election-fixture.js';
import { LyingServer } from '../malicious-server/lying-server.js';
import { countedSheet } from '../../packages/server/src/testing/station-sheets.js';

/** What differs between tests: the sheet's fields, and the poll book's check-ins. */
export interface StationRecordOptions {
  readonly sheet?: Partial<TallySheet>;
  readonly checkIns?: number;
}

/**
 * Writes the record into `fx.root/<name>`.
 * @returns the board (its `dir` is the record folder)
 */
export function stationRecord(fx: ElectionFixture, name: string, o: StationRecordOptions = {}): LyingServer {
  const board = new LyingServer(fx.record, join(fx.root, name), fx.logSecretKey);
  const manifest = board.entries[0]!.manifest as Manifest;
  const electionId = String(board.entries[0]!.electionId);
  const t = Number(board.entries[board.find('close')]!.time);
  board.rewriteEntry(0, (e) => ({ ...e, countingStart: '2026-05-10T17:00', countingStartInstant: t }));
  const key = generatePaperKey();
  board.insertEntry(board.find('open'), {
    type: 'station-key',
    station: 'p1',
    publicKey: toHex(key.publicKey),
    time: t,
  });
  const at = new Date(t).toISOString();
  const ballots = [['o1'], ['o2'], ['o2'], []].map((c1) => ({ c1 }));
  const { sheet, cvrs } = countedSheet(manifest, electionId, 'p1', ballots, {
    countingStart: at,
    countingEnd: at,
    clock: { offsetMs: 12, measuredAt: at, override: null },
    ballots: { bmd: 2, handMarked: 2 },
    countedBy: ['Ana', 'Ben'],
    ...o.sheet,
  });
  const closing = { electionId, station: 'p1', checkIns: o.checkIns ?? sheet.checkIns, closedAt: at };
  const after = board.find('close') + 1;
  board.insertEntry(after, {
    type: 'station-sheet',
    sheetHash: sheetHash(sheet),
    signed: signTallySheet(sheet, key.secretKey),
    via: 'network',
    time: t,
  });
  board.insertEntry(after + 1, {
    type: 'station-cvrs',
    station: 'p1',
    sequence: 1,
    sheetHash: sheetHash(sheet),
    cvrs,
    time: t,
  });
  board.insertEntry(after + 2, {
    type: 'poll-book-close',
    closing,
    signature: signPaperStatement(key.secretKey, 'poll-book-close', electionId, closing),
    duplicateCheckIns: 0,
    time: t,
  });
  return board.resignTreeHeads().saveBoard();
}
