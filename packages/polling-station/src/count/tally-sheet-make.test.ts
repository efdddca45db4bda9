import { describe, expect, it } from 'vitest';
import { generatePaperKey, toHex, verifyPaperStatement } from '@evident/e2e-crypto';
import { contestsFromCvrs, cvrCommitment, sheetHash, verifyTallySheetSignature } from '@evident/record';
import { COUNTING_START, testStation } from '../../test/count-fixture.js';
import { blankBallotCodes, bmdBallotCode } from '../ballots/ballot-qr.js';
import { finishCounting, reconciliation, reopenCounting, startCounting } from './counting-session.js';
import { enterMarks, scanBallot } from './scan-ballot.js';
import { correctSheet, makeSheet, stationSheets } from './tally-sheet-make.js';

const place = { electionId: 'E1', station: 'station-1', style: 'style-1' };
type T = ReturnType<typeof testStation>;

function bmd(t: T, n: string, c2: string[]) {
  const choices = [
    { contest: 'national', selected: [`national-option-${n}`] },
    { contest: 'd1-c1', selected: [] },
    { contest: 'd1-c2', selected: c2 },
  ];
  return scanBallot(t.env, 'Ana', bmdBallotCode(place, choices, t.stationKey.secretKey));
}

function hand(t: T, marks: Record<string, string[]>) {
  scanBallot(t.env, 'Ana', blankBallotCodes(place, t.printing.secretKey, 1)[0]!);
  enterMarks(t.env, 'Ana', marks);
}

/** 3 BMD + 2 hand-marked ballots, one copy refused, 5 voters checked in. */
function counted(): T {
  const t = testStation();
  t.checkIns.n = 5;
  startCounting(t.env, ['Ana', 'Bo']);
  bmd(t, '1', ['d1-c2-option-1']);
  bmd(t, '1', []);
  bmd(t, '2', ['d1-c2-option-3']);
  hand(t, {
    national: ['national-option-3'],
    'd1-c1': ['d1-c1-option-1'],
    'd1-c2': ['d1-c2-option-1', 'd1-c2-option-2'],
  });
  hand(t, { national: ['national-option-1'], 'd1-c1': [], 'd1-c2': ['d1-c2-option-1'] });
  scanBallot(t.env, 'Ana', 'garbage');
  t.clock.local = COUNTING_START + 1_800_000;
  return t;
}

describe('reconciliation: ballots counted vs check-ins', () => {
  it('finishing needs an explanation when they differ, and keeps it for the sheet', () => {
    const t = counted();
    t.checkIns.n = 6;
    expect(reconciliation(t.env)).toEqual({ counted: 5, checkIns: 6, difference: -1 });
    expect(() => finishCounting(t.env, 'Ana')).toThrow(
      expect.objectContaining({
        code: 'unexplained',
        message: expect.stringContaining('5 ballots counted but 6 voters checked in'),
      }),
    );
    expect(() => makeSheet(t.env, 'Ana', t.stationKey.secretKey)).toThrow(
      expect.objectContaining({ code: 'not-finished' }),
    );
    finishCounting(t.env, 'Ana', 'one voter left with the ballot');
    const s = makeSheet(t.env, 'Ana', t.stationKey.secretKey);
    expect(s.signed.sheet.reconciliation).toBe('one voter left with the ballot');
    expect(s.signed.sheet.checkIns).toBe(6);
  });

  it('needs no explanation when they agree (and records none)', () => {
    const t = counted();
    finishCounting(t.env, 'Ana', 'ignored');
    expect(makeSheet(t.env, 'Ana', t.stationKey.secretKey).signed.sheet.reconciliation).toBeNull();
  });

  it('the sheet carries the check-ins the reconciliation compared, even if the poll book changes after', () => {
    const t = counted();
    finishCounting(t.env, 'Ana');
    t.checkIns.n = 6; // a late check-in after counting ended
    const s = makeSheet(t.env, 'Ana', t.stationKey.secretKey).signed.sheet;
    expect(s.checkIns).toBe(5);
    expect(s.reconciliation).toBeNull();
  });

  it('the end of counting is never before its start, even when a newer offset moves the clock back', () => {
    const t = counted();
    t.offset.value = { offsetMs: -3_600_000, measuredAt: t.clock.local };
    finishCounting(t.env, 'Ana');
    const s = makeSheet(t.env, 'Ana', t.stationKey.secretKey).signed.sheet;
    expect(s.countingEnd).toBe(s.countingStart);
  });

  it('refuses to finish while a hand-marked ballot waits for its marks', () => {
    const t = counted();
    scanBallot(t.env, 'Ana', blankBallotCodes(place, t.printing.secretKey, 1)[0]!);
    expect(() => finishCounting(t.env, 'Ana', 'x')).toThrow(
      expect.objectContaining({ code: 'marks-pending' }),
    );
  });
});

describe('the tally sheet', () => {
  it('has totals recomputed from its CVRs, commits to them, and is signed by the station key', () => {
    const t = counted();
    finishCounting(t.env, 'Ana');
    const { signed, cvrs, sheetHash: hash } = makeSheet(t.env, 'Ana', t.stationKey.secretKey);
    const sheet = signed.sheet;
    expect(sheet.contests).toEqual(contestsFromCvrs(t.identity.manifest, cvrs));
    expect(sheet.cvrCommitment).toBe(cvrCommitment(cvrs));
    expect(hash).toBe(sheetHash(sheet));
    expect(verifyTallySheetSignature(signed, t.stationKey.publicKey)).toBe(true);
    // the totals themselves, by hand
    expect(sheet.contests).toEqual([
      { contest: 'national', counts: [3, 1, 1], blank: 0, overvoted: 0 },
      { contest: 'd1-c1', counts: [1, 0, 0], blank: 4, overvoted: 0 },
      { contest: 'd1-c2', counts: [2, 0, 1], blank: 1, overvoted: 1 },
    ]);
    expect(sheet.ballots).toEqual({ bmd: 3, handMarked: 2 });
    expect(sheet.rejected).toEqual({
      counterfeit: 0,
      copied: 0,
      'wrong-election': 0,
      'wrong-station': 0,
      'wrong-style': 0,
      unreadable: 1,
    });
    expect(sheet).toMatchObject({
      electionId: 'E1',
      station: 'station-1',
      sequence: 1,
      previousSheet: null,
      correctionReason: null,
      countingStart: new Date(COUNTING_START).toISOString(),
      countingEnd: new Date(COUNTING_START + 1_800_000).toISOString(),
      clock: { offsetMs: 0, override: null },
      countedBy: ['Ana', 'Bo'],
    });
    // CVRs per contest, sorted: the national contest's three BMD "option-1"s are adjacent
    expect(cvrs.contests[0]!.choices).toEqual([
      ['national-option-1'],
      ['national-option-1'],
      ['national-option-1'],
      ['national-option-2'],
      ['national-option-3'],
    ]);
  });

  it('is queued to the outbox as {signed, cvrs} for this station', () => {
    const t = counted();
    finishCounting(t.env, 'Ana');
    const s = makeSheet(t.env, 'Ana', t.stationKey.secretKey);
    expect(t.outbox).toEqual([
      {
        kind: 'tally-sheet',
        method: 'POST',
        path: '/elections/E1/stations/station-1/sheets',
        body: { signed: s.signed, cvrs: s.cvrs },
      },
    ]);
    expect(() => makeSheet(t.env, 'Ana', t.stationKey.secretKey)).toThrow(
      expect.objectContaining({ code: 'sheet-exists' }),
    );
    expect(t.outbox).toHaveLength(1);
  });

  it('carries witnesses’ co-signatures', () => {
    const t = counted();
    finishCounting(t.env, 'Ana');
    const w = generatePaperKey();
    const s = makeSheet(t.env, 'Ana', t.stationKey.secretKey, [
      { name: 'Observer Z', secretKey: w.secretKey },
    ]);
    expect(s.signed.witnesses).toHaveLength(1);
    const ws = s.signed.witnesses[0]!;
    expect(ws).toMatchObject({ name: 'Observer Z', publicKey: toHex(w.publicKey) });
    expect(verifyPaperStatement(ws.publicKey, 'tally-sheet', 'E1', s.signed.sheet, ws.signature)).toBe(true);
  });

  it('refuses a station key other than the registered one', () => {
    const t = counted();
    finishCounting(t.env, 'Ana');
    expect(() => makeSheet(t.env, 'Ana', generatePaperKey().secretKey)).toThrow(
      expect.objectContaining({ code: 'no-station-key' }),
    );
    expect(stationSheets(t.env)).toEqual([]);
    expect(t.outbox).toEqual([]);
  });

  it('records a clock override in the sheet', () => {
    const t = testStation();
    t.offset.value = null;
    t.clock.local = COUNTING_START + 600_000;
    startCounting(t.env, ['Ana'], { by: ['Ana', 'Bo'], reason: 'no network all day' });
    finishCounting(t.env, 'Ana');
    const s = makeSheet(t.env, 'Ana', t.stationKey.secretKey);
    expect(s.signed.sheet.clock).toEqual({
      offsetMs: null,
      measuredAt: null,
      override: { by: ['Ana', 'Bo'], reason: 'no network all day' },
    });
    expect(s.signed.sheet.countedBy).toEqual(['Ana', 'Bo']);
  });

  it('a correction: sequence 2, naming the first sheet and the reason, with the ballots found later', () => {
    const t = counted();
    finishCounting(t.env, 'Ana');
    const first = makeSheet(t.env, 'Ana', t.stationKey.secretKey);
    expect(() => correctSheet(t.env, 'Ana', t.stationKey.secretKey, ' ')).toThrow(
      expect.objectContaining({ code: 'no-reason' }),
    );
    reopenCounting(t.env, 'Bo', 'a bundle of ballots found in the box');
    expect(() => correctSheet(t.env, 'Ana', t.stationKey.secretKey, 'late')).toThrow(
      expect.objectContaining({ code: 'not-finished' }),
    );
    bmd(t, '2', []);
    t.checkIns.n = 6;
    finishCounting(t.env, 'Bo');
    const second = correctSheet(t.env, 'Bo', t.stationKey.secretKey, 'a bundle of ballots found in the box');
    expect(second.signed.sheet).toMatchObject({
      sequence: 2,
      previousSheet: first.sheetHash,
      correctionReason: 'a bundle of ballots found in the box',
      ballots: { bmd: 4, handMarked: 2 },
    });
    expect(second.signed.sheet.contests[0]!.counts).toEqual([3, 2, 1]);
    expect(stationSheets(t.env).map((x) => x.sequence)).toEqual([1, 2]);
    expect(
      t.outbox.map((o) => (o.body as { signed: { sheet: { sequence: number } } }).signed.sheet.sequence),
    ).toEqual([1, 2]);
  });

  it('a correction needs a first sheet', () => {
    const t = counted();
    finishCounting(t.env, 'Ana');
    expect(() => correctSheet(t.env, 'Ana', t.stationKey.secretKey, 'r')).toThrow(
      expect.objectContaining({ code: 'no-sheet' }),
    );
  });
});

describe('the counting session', () => {
  it('cannot start twice, and refuses a start before the counting start (nothing recorded)', () => {
    const t = testStation();
    t.clock.local = COUNTING_START - 1000;
    expect(() => startCounting(t.env, ['Ana'])).toThrow(expect.objectContaining({ code: 'too-early' }));
    expect(t.actions).toEqual([]);
    t.clock.local = COUNTING_START;
    startCounting(t.env, ['Ana']);
    expect(() => startCounting(t.env, ['Ana'])).toThrow(expect.objectContaining({ code: 'already-started' }));
  });

  it('keeps the station’s choices per contest only: no table row holds two contests of one ballot', () => {
    const t = counted();
    const rows = t.env.db.prepare('SELECT contest, choice, n FROM count_choices').all() as {
      contest: string;
      choice: string;
    }[];
    expect(rows.length).toBeGreaterThan(0);
    for (const r of rows)
      expect(JSON.parse(r.choice).every((l: string) => l.startsWith(`${r.contest}-option-`))).toBe(true);
  });
});

describe('the station signs no sheet the server or the verifier would refuse', () => {
  it('a sheet failing a rule of checkTallySheet is refused before signing, nothing kept or queued', () => {
    const t = testStation();
    t.checkIns.n = 0;
    // a poll worker's name longer than a sheet's text may be: the sheet's countedBy rule fails
    startCounting(t.env, ['A'.repeat(2001)]);
    t.clock.local = COUNTING_START + 1_800_000;
    finishCounting(t.env, 'Ana');
    expect(() => makeSheet(t.env, 'Ana', t.stationKey.secretKey)).toThrow(
      expect.objectContaining({ code: 'invalid-sheet', message: expect.stringContaining('countedBy') }),
    );
    expect(stationSheets(t.env)).toEqual([]);
  });
});
