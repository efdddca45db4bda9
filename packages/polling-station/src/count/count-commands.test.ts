import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { type SignedTallySheet, verifyTallySheetSignature } from '@evident/record';
import { PASSPHRASE, cliStation } from '../../test/cli-station.js';
import { main } from '../cli.js';
import { ballotQrPng, bmdBallotCode } from '../ballots/ballot-qr.js';
import { openStationDb } from './station-core-link.js';

let out = '';
let err = '';
beforeEach(() => {
  out = '';
  err = '';
  vi.spyOn(process.stdout, 'write').mockImplementation((s) => ((out += String(s)), true));
  vi.spyOn(process.stderr, 'write').mockImplementation((s) => ((err += String(s)), true));
  process.env.EVIDENT_PRINTING_PASSPHRASE = 'printing passphrase';
  process.env.EVIDENT_STATION_PASSPHRASE = PASSPHRASE;
});
afterEach(() => vi.restoreAllMocks());

const choices = [
  { contest: 'national', selected: ['national-option-1'] },
  { contest: 'd1-c1', selected: [] },
  { contest: 'd1-c2', selected: ['d1-c2-option-2'] },
];

describe('evident-station count and sheet commands', () => {
  it('refuses to start before the counting start, naming the time (exit 1), and without a worker (exit 2)', async () => {
    const s = cliStation({ countingStartInstant: Date.now() + 3_600_000, printingKey: null });
    expect(await main(['count', 'start', '--dir', s.dir, '--worker', s.ana])).toBe(1);
    expect(err).toMatch(/counting starts at .* Europe\/Paris/);
    expect(await main(['count', 'start', '--dir', s.dir])).toBe(2);
    expect(err).toMatch(/--worker: name the poll worker/);
  });

  it('no offset ever measured: refused, then started with two workers and a reason', async () => {
    const s = cliStation({ countingStartInstant: Date.now() - 3_600_000, printingKey: null, offsetMs: null });
    expect(await main(['count', 'start', '--dir', s.dir, '--worker', s.ana])).toBe(1);
    expect(err).toMatch(/never compared its clock/);
    expect(
      await main([
        'count',
        'start',
        '--dir',
        s.dir,
        '--worker',
        s.ana,
        '--worker',
        s.bo,
        '--override-reason',
        'offline all day',
      ]),
    ).toBe(0);
  });

  it('prints blank ballots, scans a BMD image and a hand-marked code, reconciles, signs, corrects', async () => {
    const s = cliStation({ countingStartInstant: Date.now() - 60_000, printingKey: null, checkIns: 3 });
    const keyFile = join(s.dir, 'printing-key.json');
    expect(await main(['printing-key', 'init', '--out', keyFile])).toBe(0);
    const printingKey = /\n([0-9A-F]{64})\n/.exec(out)![1]!;
    // the bundle has no printing key yet: printing is refused
    const pdf = join(s.dir, 'ballots.pdf');
    const print = () =>
      main(['ballots', 'print', '--dir', s.dir, '--printing-key', keyFile, '--count', '2', '--out', pdf]);
    expect(await print()).toBe(2);
    expect(err).toMatch(/no printing key is registered/);
    const sdb = openStationDb(s.dir);
    const bundle = JSON.parse(
      (sdb.db.prepare("SELECT value FROM meta WHERE key='bundle'").get() as { value: string }).value,
    );
    sdb.db
      .prepare("UPDATE meta SET value = ? WHERE key='bundle'")
      .run(JSON.stringify({ ...bundle, printingKey }));
    sdb.close();
    expect(await print()).toBe(0);
    expect(readFileSync(pdf).subarray(0, 5).toString()).toBe('%PDF-');

    expect(await main(['count', 'start', '--dir', s.dir, '--worker', s.ana, '--worker', s.bo])).toBe(0);
    const png = join(s.dir, 'bmd.png');
    const place = { electionId: 'E1', station: 'station-1', style: 'style-1' };
    writeFileSync(png, await ballotQrPng(bmdBallotCode(place, choices, s.stationKey.secretKey)));
    out = '';
    expect(await main(['count', 'scan', '--dir', s.dir, '--worker', s.ana, '--image', png])).toBe(0);
    expect(JSON.parse(out)[0]).toMatchObject({ status: 'counted', kind: 'bmd', source: png });
    // the same image again: a copy
    out = '';
    expect(await main(['count', 'scan', '--dir', s.dir, '--worker', s.ana, '--image', png])).toBe(1);
    expect(JSON.parse(out)[0]).toMatchObject({ status: 'rejected', reason: 'copied' });
    // an image with no code
    const blank = join(s.dir, 'nothing.png');
    writeFileSync(blank, await ballotQrPng('x').then((b) => b.subarray(0, 10)));
    expect(await main(['count', 'scan', '--dir', s.dir, '--worker', s.ana, '--image', blank])).toBe(2);
    expect(err).toContain(blank);

    // finish: 1 counted vs 3 checked in needs an explanation
    expect(await main(['count', 'finish', '--dir', s.dir, '--worker', s.ana])).toBe(1);
    expect(err).toMatch(/1 ballots counted but 3 voters checked in/);
    expect(
      await main(['count', 'finish', '--dir', s.dir, '--worker', s.ana, '--explain', 'two voters left']),
    ).toBe(0);
    const sheetFile = join(s.dir, 'sheet.json');
    const witnessKey = join(s.dir, 'witness.json');
    process.env.EVIDENT_WITNESS_PASSPHRASE = 'short';
    expect(await main(['witness-key', 'init', '--out', witnessKey])).toBe(2);
    expect(err).toMatch(/passphrase: at least 8 characters/);
    process.env.EVIDENT_WITNESS_PASSPHRASE = 'witness passphrase';
    out = '';
    expect(await main(['witness-key', 'init', '--out', witnessKey])).toBe(0);
    const witnessPub = JSON.parse(out).publicKey as string;
    const wrongPass = join(s.dir, 'wrong-pass');
    writeFileSync(wrongPass, 'not the passphrase\n');
    const args = ['sheet', 'make', '--dir', s.dir, '--worker', s.ana, '--out', sheetFile];
    expect(await main([...args, '--witness', `Zoe=${witnessKey}=${wrongPass}`])).toBe(2);
    expect(err).toMatch(/witness\.json: cannot be opened: wrong passphrase/);
    out = '';
    expect(await main([...args, '--witness', `Zoe=${witnessKey}`])).toBe(0);
    const signed = JSON.parse(readFileSync(sheetFile, 'utf8')) as SignedTallySheet;
    expect(verifyTallySheetSignature(signed, bundle.stationKey)).toBe(true);
    expect(signed.witnesses.map((w) => [w.name, w.publicKey])).toEqual([['Zoe', witnessPub]]);
    expect(signed.sheet).toMatchObject({
      sequence: 1,
      checkIns: 3,
      ballots: { bmd: 1, handMarked: 0 },
      reconciliation: 'two voters left',
      countedBy: ['ana', 'bo'],
    });
    expect(signed.sheet.rejected.copied).toBe(1);

    // a correction: reopen, a hand-marked ballot, finish, correct
    /** `evident-station <command> <sub>` in this station's folder, done by Bo. */
    const bo = (command: string, sub: string, ...rest: string[]) =>
      main([command, sub, '--dir', s.dir, '--worker', s.bo, ...rest]);
    const reason = 'a ballot found under the table';
    expect(await bo('count', 'reopen', '--reason', reason)).toBe(0);
    const { blankBallotCodes } = await import('../ballots/ballot-qr.js');
    const { openPrintingKey } = await import('../ballots/printing-key.js');
    const code = blankBallotCodes(place, openPrintingKey(keyFile, 'printing passphrase').secretKey, 1)[0]!;
    out = '';
    expect(await bo('count', 'scan', '--text', code)).toBe(0);
    expect(JSON.parse(out)[0]).toMatchObject({ status: 'marks-needed' });
    /** Bo enters the marks of the hand-marked ballot, one `contest=options` a contest. */
    const mark = (...contests: string[]) => bo('count', 'mark', ...contests.flatMap((c) => ['--contest', c]));
    expect(await mark('national=national-option-3', 'd1-c1=', 'd1-c2=nope')).toBe(1);
    expect(err).toMatch(/contest "d1-c2": no option "nope"/);
    expect(await mark('national=national-option-3', 'd1-c1=', 'd1-c2=')).toBe(0);
    expect(await bo('count', 'finish', '--explain', 'one voter left')).toBe(0);
    out = '';
    expect(await bo('sheet', 'correct', '--reason', reason, '--out', sheetFile)).toBe(0);
    const second = JSON.parse(readFileSync(sheetFile, 'utf8')) as SignedTallySheet;
    expect(second.sheet).toMatchObject({
      sequence: 2,
      correctionReason: reason,
      ballots: { bmd: 1, handMarked: 1 },
    });
    const db = openStationDb(s.dir);
    const queued = db.db
      .prepare("SELECT kind, path FROM outbox WHERE kind = 'tally-sheet' ORDER BY seq")
      .all();
    expect(queued).toEqual([
      { kind: 'tally-sheet', path: '/elections/E1/stations/station-1/sheets' },
      { kind: 'tally-sheet', path: '/elections/E1/stations/station-1/sheets' },
    ]);
    db.close();
  });

  it('a wrong PIN is refused', async () => {
    const s = cliStation({ countingStartInstant: Date.now() - 60_000, printingKey: null });
    const bad = join(s.dir, 'bad-pin');
    writeFileSync(bad, '0000\n');
    expect(await main(['count', 'start', '--dir', s.dir, '--worker', `ana=${bad}`])).toBe(1);
    expect(err).toMatch(/wrong PIN/);
  });
});
