/**
 * A polling station against a real server, end to end: the server in this process on a SQLite
 * file and real sockets; `evident-station` run as a poll worker runs it (the built command, one
 * child process per command). Keys made by the station and registered by the administrator, the
 * roll, the pinned log key; check-ins — one of a voter who voted online, whose credential the
 * server cancels (a later online ballot is refused); the poll book closed; ballots printed;
 * counting refused before the counting start (a few seconds ahead) and accepted after; ballots
 * scanned from QR images (hand-marked and marking-device ones) and a copy refused; the sheet
 * made, synced, in the results and readable from photos of its codes; a correction, after which
 * the first sheet is no longer the published one; the record exported verifies, P1–P9 included.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { toHex } from '@evident/e2e-crypto';
import type { SignedTallySheet } from '@evident/record';
import { verifyRecord } from '@evident/verifier-cli';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../packages/server/src/app.js';
import { exportRecord } from '../packages/server/src/record/export-record.js';
import {
  castBallot,
  mustCall,
  type Call,
  type LocalElection,
} from '../packages/server/src/testing/local-election.js';
import { closeAndDecrypt } from '../packages/server/src/testing/run-election.js';
import { blankBallotCodes, bmdBallotCode } from '../packages/polling-station/src/ballots/ballot-qr.js';
import { openPrintingKey } from '../packages/polling-station/src/ballots/printing-key.js';
import { openStationKey } from '../packages/polling-station/src/keys/station-key.js';
import { ballotImage, sheetImages, station, stationOk } from './support/station-cli.js';
import { startStationServer, type StationServer } from './support/station-server.js';

const ADMIN = 'evd_station-e2e-admin-token-0123456789abcdef';
const ID = 'e1';
const PASSPHRASE = 'station passphrase for e2e';
/** how far ahead of the opening the counting start is set */
const AHEAD_MS = 12_000;
const HEX = /^[0-9A-F]{64}$/;

type Json = any; // eslint-disable-line @typescript-eslint/no-explicit-any

describe('a polling station and the server, end to end', () => {
  let dir: string;
  let app: Awaited<ReturnType<typeof buildApp>>;
  let base: string;
  let must: ReturnType<typeof mustCall>;
  let call: Call;
  let el: LocalElection;
  const files: Record<string, string> = {};
  const st = (...args: string[]) => [...args, '--dir', join(dir, 'p1')];
  const worker = () => `ana=${files.pin}`;
  const readJson = (f: string) => JSON.parse(readFileSync(f, 'utf8')) as SignedTallySheet;
  const entries = (): Promise<Json[]> => server.entries();
  const credentialOf = (voter: string) =>
    toHex(el.client.ctx.G.encode(el.client.credential(el.codes.get(voter)!).S));

  let server: StationServer;
  beforeAll(async () => {
    server = await startStationServer({
      name: 'station-e2e',
      admin: ADMIN,
      id: ID,
      voters: 4,
      passphrase: PASSPHRASE,
    });
    ({ dir, app, base, call, must, el } = server);
    Object.assign(files, server.files);
  });
  afterAll(async () => server?.close());

  it('runs an election day at one station, and the record verifies', async () => {
    // before opening: the station's key and the printing key (two machines), a poll worker
    files.printing = join(dir, 'printing-key.json');
    const [init, pk] = await Promise.all([
      stationOk(st('init', '--passphrase-file', files.pass!)),
      stationOk(['printing-key', 'init', '--out', files.printing, '--passphrase-file', files.pass!]),
    ]);
    const stationKey = /station public key: ([0-9A-F]{64})/.exec(init.stdout)?.[1];
    const printingKey = /\n([0-9A-F]{64})\n/.exec(pk.stdout)?.[1];
    expect([stationKey, printingKey]).toEqual([expect.stringMatching(HEX), expect.stringMatching(HEX)]);
    await stationOk(
      st('worker', 'add', '--name', 'ana', '--secret-file', files.pin!, '--passphrase-file', files.pass!),
    );

    // the administrator: keys, token, roll, counting start a few seconds ahead, open
    await must('PUT', `/elections/${ID}/printing-key`, { publicKey: printingKey });
    await must('PUT', `/elections/${ID}/stations/p1/key`, { publicKey: stationKey });
    const { token } = await must('POST', '/admin/tokens', { role: 'station', label: 'p1', station: 'p1' });
    files.token = join(dir, 'p1-token');
    writeFileSync(files.token, `${token}\n`, { mode: 0o600 });
    await must('POST', `/elections/${ID}/roll`, {
      voters: ['voter-1', 'voter-2', 'voter-3'].map((v) => ({ voterId: v, station: 'p1', name: v })),
    });
    const wall = new Date(Date.now() + AHEAD_MS).toISOString().slice(0, 19);
    const sched = await must('PUT', `/elections/${ID}/schedule`, { timeZone: 'UTC', countingStart: wall });
    const countingStartInstant = sched.countingStartInstant as number;
    expect(countingStartInstant).toBe(Date.parse(`${wall}Z`));
    const [first] = (await must('GET', `/elections/${ID}/board/entries?start=0`)).entries;
    const setup = JSON.parse(typeof first === 'string' ? first : first.entry) as Json;
    await must('POST', `/elections/${ID}/open`);

    // provisioning with the pinned log key; counting refused: it is before the counting start
    await stationOk(
      st(
        'provision',
        '--server',
        base,
        '--token-file',
        files.token,
        '--election',
        ID,
        '--station',
        'p1',
      ).concat(['--log-key', setup.logPublicKey]),
    );
    const early = await station(st('count', 'start', '--worker', worker()));
    expect(Date.now()).toBeLessThan(countingStartInstant);
    expect([early.code, early.stderr]).toEqual([1, expect.stringMatching(/counting start/i)]);

    // voter-1 votes online, then at the station: paper wins; voter-4 votes online only
    expect((await castBallot(call, el, 'voter-1', 'o1')).r.status).toBe(200);
    expect((await castBallot(call, el, 'voter-4', 'o2')).r.status).toBe(200);
    const checkin = (voter: string) =>
      station(
        st('checkin', '--worker', 'ana', '--worker-secret-file', files.pin!, '--voter', voter).concat([
          '--document-type',
          'passport',
          '--document-last',
          '42',
        ]),
      );
    expect((await checkin('voter-1')).code).toBe(0);
    expect((await checkin('voter-2')).code).toBe(0);
    expect((await checkin('voter-2')).code).toBe(1); // a voter votes once
    await stationOk(st('sync', '--once'));
    // one cancellation per checked-in voter holding a credential; voter-4's ballot stays
    const cancelled = (await entries())
      .filter((e) => e.type === 'cancellation')
      .map((c) => String(c.credential).toUpperCase());
    expect(cancelled.sort()).toEqual(['voter-1', 'voter-2'].map(credentialOf).sort());
    const late = await castBallot(call, el, 'voter-1', 'o3');
    expect([late.r.status, late.r.json.code]).toEqual([409, 'EVD_ERR_CANCELLED']);

    // the poll book closes; ballots are printed (PDF)
    files.ballots = join(dir, 'ballots.pdf');
    await Promise.all([
      stationOk(
        st('pollbook', 'close', '--worker', 'ana', '--worker-secret-file', files.pin!).concat([
          '--passphrase-file',
          files.pass!,
        ]),
      ),
      stationOk(
        st(
          'ballots',
          'print',
          '--printing-key',
          files.printing,
          '--count',
          '2',
          '--out',
          files.ballots,
        ).concat(['--passphrase-file', files.pass!]),
      ),
    ]);
    expect(readFileSync(files.ballots).subarray(0, 5).toString()).toBe('%PDF-');

    // the ballots as the scanner sees them: one hand-marked, one from the marking device
    const place = { electionId: ID, station: 'p1', style: 's1' };
    const [blank] = blankBallotCodes(place, openPrintingKey(files.printing, PASSPHRASE).secretKey, 1);
    const device = openStationKey(join(dir, 'p1'), PASSPHRASE).secretKey;
    const bmd = bmdBallotCode(place, [{ contest: 'c1', selected: ['o4'] }], device);
    const images = [await ballotImage(dir, 'bmd', bmd), await ballotImage(dir, 'blank', blank!)];

    // from the counting start: count, refuse a copy, sign the sheet, deliver it
    while (Date.now() < countingStartInstant + 100) await new Promise((r) => setTimeout(r, 100));
    await stationOk(st('count', 'start', '--worker', worker()));
    await stationOk(st('count', 'scan', '--worker', worker(), '--image', ...images));
    await stationOk(st('count', 'mark', '--worker', worker(), '--contest', 'c1=o2'));
    const copy = await station(st('count', 'scan', '--worker', worker(), '--image', images[1]!));
    expect([copy.code, copy.stdout + copy.stderr]).toEqual([1, expect.stringMatching(/cop(y|ied)/i)]);
    await stationOk(st('count', 'finish', '--worker', worker()));
    files.sheet1 = join(dir, 'sheet-1.json');
    await stationOk(
      st('sheet', 'make', '--worker', worker(), '--passphrase-file', files.pass!, '--out', files.sheet1),
    );
    await stationOk(st('sync', '--once'));

    // the server shows it, and an observer's photos of the posted codes are the published sheet
    const results = await must('GET', `/elections/${ID}/results`);
    expect([results.paper.stationsExpected, results.paper.stationsReported]).toEqual([1, 1]);
    const p1 = results.paper.byStation.find((r: Json) => r.station === 'p1');
    expect([p1.sequence, p1.checkIns, p1.ballots]).toEqual([1, 2, 2]);
    expect(p1.contests[0].selections.map((x: Json) => x.value)).toEqual([0, 1, 0, 1, 0]);
    const photos1 = await sheetImages(dir, 'sheet1', readJson(files.sheet1));
    const read1 = await station(['sheet', 'read', '--server', base, '--election', ID, ...photos1]);
    expect([read1.code, read1.stderr]).toEqual([0, '']);

    // a correction: the first sheet is no longer the published one
    await stationOk(st('count', 'reopen', '--worker', worker(), '--reason', 'recount asked by a witness'));
    await stationOk(st('count', 'finish', '--worker', worker()));
    files.sheet2 = join(dir, 'sheet-2.json');
    await stationOk(
      st(
        'sheet',
        'correct',
        '--worker',
        worker(),
        '--passphrase-file',
        files.pass!,
        '--reason',
        'recount',
      ).concat(['--out', files.sheet2]),
    );
    await stationOk(st('sync', '--once'));
    const photos2 = await sheetImages(dir, 'sheet2', readJson(files.sheet2));
    const [reread1, read2] = await Promise.all([
      station(['sheet', 'read', '--server', base, '--election', ID, ...photos1]),
      station(['sheet', 'read', '--server', base, '--election', ID, ...photos2]),
    ]);
    expect([reread1.code, read2.code]).toEqual([1, 0]);

    // close, tally (the poll book is closed), decrypt, export: the record verifies
    await closeAndDecrypt(call, ADMIN, el, 3, 2);
    const record = join(dir, 'record');
    await exportRecord(app.evident.store, ID, record);
    const report = await verifyRecord(record, { workers: 0 });
    expect(report.steps.filter((s) => s.status === 'failed')).toEqual([]);
    expect(report.steps.filter((s) => s.id.startsWith('P')).map((s) => [s.id, s.status])).toEqual(
      ['P1', 'P2', 'P3', 'P4', 'P5', 'P6', 'P7', 'P8', 'P9'].map((id) => [id, 'passed']),
    );
    // online: voter-4's o2 (voter-1's o1 cancelled); paper: o2 hand-marked, o4 from the device
    expect([report.finalResult!.stationsExpected, report.finalResult!.stationsReported]).toEqual([1, 1]);
    const c1 = report.finalResult!.contests.find((c) => c.contest === 'c1')!;
    expect(c1.options.map((o) => [o.option, o.online, o.paper])).toEqual([
      ['o1', 0, 0],
      ['o2', 1, 1],
      ['o3', 0, 0],
      ['o4', 0, 1],
      ['o5', 0, 0],
    ]);
    // a whole election day of child processes: ~27 s alone on CI's 2 cores, 77 s on a loaded
    // shared machine, longer beside another test file; the limit catches a hang, not slowness
  }, 300_000);
});
