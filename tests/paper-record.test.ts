/**
 * The paper channel on a real record: the lying-server harness's election (decrypted online
 * tally, ranked contest, revotes) with a station's entries added as the server writes them —
 * counting start in the setup entry, the station key before opening, its signed sheet and CVRs
 * after the close, its poll book closed before the encrypted tally — and the heads re-signed.
 * `evident-verify` passes every step, P1–P9 included, and its final result is the online tally
 * plus the station's sheet.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { generatePaperKey, signPaperStatement, toHex, type Manifest } from '@evident/e2e-crypto';
import { sheetHash, signTallySheet } from '@evident/record';
import { verifyRecord } from '@evident/verifier-cli';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ElectionFixture, closeFixture, electionFixture } from './malicious-server/election-fixture.js';
import { LyingServer } from './malicious-server/lying-server.js';
import { countedSheet } from '../packages/server/src/testing/station-sheets.js';

let fx: ElectionFixture;
beforeAll(async () => {
  fx = await electionFixture();
});
afterAll(closeFixture);

describe('a record with a polling station', () => {
  it('verifies, P1–P9 included, and adds the sheet to the online tally', async () => {
    const board = new LyingServer(fx.record, join(fx.root, 'paper-record'), fx.logSecretKey);
    const manifest = board.entries[0]!.manifest as Manifest;
    const electionId = String(board.entries[0]!.electionId);
    const close = board.find('close');
    const t = Number(board.entries[close]!.time);
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
    });
    const closing = { electionId, station: 'p1', checkIns: 4, closedAt: at };
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
    board.resignTreeHeads().saveBoard();

    const report = await verifyRecord(board.dir, { workers: 0 });
    expect(report.steps.filter((s) => s.status === 'failed')).toEqual([]);
    expect(report.steps.filter((s) => s.id.startsWith('P')).map((s) => [s.id, s.status])).toEqual(
      ['P1', 'P2', 'P3', 'P4', 'P5', 'P6', 'P7', 'P8', 'P9'].map((id) => [id, 'passed']),
    );
    const tally = JSON.parse(readFileSync(join(board.dir, 'tally.json'), 'utf8')) as {
      contests: { label: string; selections: { label: string; value: number }[] }[];
    };
    const online = tally.contests.find((c) => c.label === 'c1')!.selections.map((s) => s.value);
    const paper = [1, 2, ...online.slice(2).map(() => 0)];
    expect(report.finalResult!.contests[0]!.options.map((o) => [o.online, o.paper, o.total])).toEqual(
      online.map((v, i) => [v, paper[i], v + paper[i]!]),
    );
    expect([report.finalResult!.stationsExpected, report.finalResult!.stationsReported]).toEqual([1, 1]);
  });
});
