/**
 * A station offline from provisioning to its printed sheet, against a real server: it checks in
 * and counts with no network (the clock offset measured at provisioning), its sheet reaches the
 * server first as photographed QR codes scanned centrally (`{parts}`), and when the station comes
 * back online its outbox delivers the check-ins, the poll-book closing and the same sheet with its
 * CVRs — taken once (200, no second `station-sheet`), the CVRs added. The record verifies.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { SignedTallySheet } from '@evident/record';
import { verifyRecord } from '@evident/verifier-cli';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../packages/server/src/app.js';
import { httpCall } from '../packages/server/src/testing/http.js';
import { exportRecord } from '../packages/server/src/record/export-record.js';
import { mustCall, type LocalElection } from '../packages/server/src/testing/local-election.js';
import { closeAndDecrypt } from '../packages/server/src/testing/run-election.js';
import { bmdBallotCode } from '../packages/polling-station/src/ballots/ballot-qr.js';
import { openStationKey } from '../packages/polling-station/src/keys/station-key.js';
import { readCodes } from '../packages/polling-station/src/scan/read-codes.js';
import { ballotImage, sheetImages, station, stationOk } from './support/station-cli.js';
import { startStationServer, type StationServer } from './support/station-server.js';

const ADMIN = 'evd_station-e2e-scanned-admin-0123456789abcdef';
const ID = 'e1';
const PASSPHRASE = 'station passphrase for e2e';

type Json = any; // eslint-disable-line @typescript-eslint/no-explicit-any

describe('an offline station whose sheet is scanned centrally, then syncs', () => {
  let dir: string;
  let app: Awaited<ReturnType<typeof buildApp>>;
  let base: string;
  let must: ReturnType<typeof mustCall>;
  let el: LocalElection;
  const files: Record<string, string> = {};
  const st = (...args: string[]) => [...args, '--dir', join(dir, 'p1')];
  const worker = () => `ana=${files.pin}`;
  const entries = (): Promise<Json[]> => server.entries();

  let server: StationServer;
  beforeAll(async () => {
    server = await startStationServer({
      name: 'station-e2e-scanned',
      admin: ADMIN,
      id: ID,
      voters: 2,
      passphrase: PASSPHRASE,
    });
    ({ dir, app, base, must, el } = server);
    Object.assign(files, server.files);
  });
  afterAll(async () => server?.close());

  it('takes the scanned sheet, then the same sheet from the outbox once, with its CVRs', async () => {
    const init = await stationOk(st('init', '--passphrase-file', files.pass!));
    const stationKey = /station public key: ([0-9A-F]{64})/.exec(init.stdout)![1]!;
    await stationOk(
      st('worker', 'add', '--name', 'ana', '--secret-file', files.pin!, '--passphrase-file', files.pass!),
    );
    await must('PUT', `/elections/${ID}/stations/p1/key`, { publicKey: stationKey });
    const { token } = await must('POST', '/admin/tokens', { role: 'station', label: 'p1', station: 'p1' });
    files.token = join(dir, 'p1-token');
    writeFileSync(files.token, `${token}\n`, { mode: 0o600 });
    await must('POST', `/elections/${ID}/roll`, {
      voters: ['voter-1', 'voter-2'].map((v) => ({ voterId: v, station: 'p1', name: v })),
    });
    // the counting start is already past: this test is about delivery, not time
    const wall = new Date(Date.now() - 60_000).toISOString().slice(0, 19);
    await must('PUT', `/elections/${ID}/schedule`, { timeZone: 'UTC', countingStart: wall });
    await must('POST', `/elections/${ID}/open`);
    await stationOk(
      st('provision', '--server', base, '--token-file', files.token, '--election', ID, '--station', 'p1'),
    );

    // offline from here: nothing is synced until the end
    for (const voter of ['voter-1', 'voter-2'])
      await stationOk(
        st('checkin', '--worker', 'ana', '--worker-secret-file', files.pin!, '--voter', voter).concat([
          '--document-type',
          'id-card',
          '--document-last',
          '07',
        ]),
      );
    await stationOk(
      st('pollbook', 'close', '--worker', 'ana', '--worker-secret-file', files.pin!).concat([
        '--passphrase-file',
        files.pass!,
      ]),
    );
    const place = { electionId: ID, station: 'p1', style: 's1' };
    const device = openStationKey(join(dir, 'p1'), PASSPHRASE).secretKey;
    const images = [
      await ballotImage(dir, 'bmd1', bmdBallotCode(place, [{ contest: 'c1', selected: ['o1'] }], device)),
      await ballotImage(dir, 'bmd2', bmdBallotCode(place, [{ contest: 'c1', selected: [] }], device)),
    ];
    await stationOk(st('count', 'start', '--worker', worker()));
    await stationOk(st('count', 'scan', '--worker', worker(), '--image', ...images));
    await stationOk(st('count', 'finish', '--worker', worker()));
    files.sheet = join(dir, 'sheet.json');
    await stationOk(
      st('sheet', 'make', '--worker', worker(), '--passphrase-file', files.pass!, '--out', files.sheet),
    );
    const status = JSON.parse((await stationOk(st('status', '--json'))).stdout) as Json;
    expect(status.outbox.pending).toBe(4); // two check-ins, the closing, the sheet
    expect((await entries()).filter((e) => e.type === 'cancellation')).toEqual([]);

    // the printed codes, photographed, scanned at the central office: out of order
    const photos = await sheetImages(
      dir,
      'sheet',
      JSON.parse(readFileSync(files.sheet, 'utf8')) as SignedTallySheet,
    );
    const parts: string[] = [];
    for (const p of photos)
      for (const c of await readCodes(readFileSync(p))) parts.push(Buffer.from(c.bytes).toString('base64'));
    const scanned = await httpCall(base)('POST', `/elections/${ID}/stations/p1/sheets`, { parts }, ADMIN);
    expect(scanned.status).toBe(201);
    const read = await station(['sheet', 'read', '--server', base, '--election', ID, ...photos]);
    expect([read.code, read.stderr]).toEqual([0, '']);

    // back online: everything delivered, the sheet taken once, its CVRs added
    await stationOk(st('sync', '--once'));
    const board = await entries();
    const of = (type: string) => board.filter((e) => e.type === type);
    expect(of('station-sheet').map((e) => [e.sheetHash, e.via])).toEqual([[scanned.json.sheetHash, 'scan']]);
    expect(of('station-cvrs').map((e) => e.sheetHash)).toEqual([scanned.json.sheetHash]);
    expect(of('poll-book-close').map((e) => e.closing.checkIns)).toEqual([2]);
    expect(of('cancellation')).toHaveLength(2);

    await closeAndDecrypt(httpCall(base), ADMIN, el, 3, 2);
    const record = join(dir, 'record');
    await exportRecord(app.evident.store, ID, record);
    const report = await verifyRecord(record, { workers: 0 });
    expect(report.steps.filter((s) => s.status === 'failed')).toEqual([]);
    expect(report.finalResult!.byStation.map((s) => [s.station, s.ballots, s.recomputed])).toEqual([
      ['p1', 2, true],
    ]);
  }, 120_000);
});
