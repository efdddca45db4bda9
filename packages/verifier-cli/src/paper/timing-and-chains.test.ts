/**
 * P4 (no count before the counting start, the station's clock) and P5 (each station's chain of
 * corrected sheets): each way the timing or the chain can be wrong is a finding at its field.
 */
import { describe, expect, it } from 'vitest';
import type { Json } from '../log/log-summary.js';
import {
  AT,
  COUNT_AT,
  copyBoard,
  honestPaperBoard,
  line,
  paperFindings,
  resignSheet,
  runPaper,
} from '../../test/paper-board-fixture.js';

const board = honestPaperBoard();
const findings = (b: Json[]) => paperFindings(b);
const early = new Date(COUNT_AT - 1).toISOString();

describe('P4 no count before the counting start', () => {
  it('a sheet whose counting started a millisecond early; at the start exactly passes', () => {
    const b = copyBoard(board);
    resignSheet(b, AT.sheetS2, (s) => (s.countingStart = early));
    expect(findings(b)).toEqual([['P4', line(AT.sheetS2, 'signed.sheet.countingStart')]]);
    resignSheet(b, AT.sheetS2, (s) => (s.countingStart = new Date(COUNT_AT).toISOString()));
    expect(findings(b)).toEqual([]);
  });

  it('a sheet or CVRs taken in before the counting start, or without a time', () => {
    const b = copyBoard(board);
    b[AT.sheetS2]!.time = COUNT_AT - 1;
    b[AT.cvrsS1]!.time = COUNT_AT - 1;
    expect(findings(b)).toEqual([
      ['P4', line(AT.sheetS2, 'time')],
      ['P4', line(AT.cvrsS1, 'time')],
    ]);
    delete b[AT.sheetS2]!.time;
    expect(findings(b)).toContainEqual(['P4', line(AT.sheetS2, 'time')]);
  });

  it('the counting start in force is the last schedule entry’s before the sheet', () => {
    const b = copyBoard(board);
    b.splice(AT.open, 0, {
      type: 'schedule',
      countingStart: 'T',
      countingStartInstant: COUNT_AT + 2_000,
      time: 6,
    });
    // S1's and S2's sheets say they started counting at COUNT_AT + 1 s: now early
    expect(findings(b).filter(([c]) => c === 'P4')).toEqual([
      ['P4', line(AT.sheetS1 + 1, 'signed.sheet.countingStart')],
      ['P4', line(AT.sheetS1Fixed + 1, 'signed.sheet.countingStart')],
      ['P4', line(AT.sheetS2 + 1, 'signed.sheet.countingStart')],
    ]);
  });

  it('a board without a counting start', () => {
    const b = copyBoard(board);
    delete b[AT.setup]!.countingStartInstant;
    expect(findings(b)).toContainEqual(['P4', line(AT.sheetS2)]);
    expect(findings(b)).toContainEqual(['P4', line(AT.cvrsS1)]);
  });

  it('the clock: an offset with its instant, or an override by two poll workers with a reason', () => {
    const clock = (c: unknown) => {
      const b = copyBoard(board);
      resignSheet(b, AT.sheetS2, (s) => (s.clock = c));
      return findings(b).map(([, at]) => at.replace(`${line(AT.sheetS2)} `, ''));
    };
    const none = { offsetMs: null, measuredAt: null };
    expect(clock({ ...none, override: { by: ['Alice', 'Bob'], reason: 'no network all day' } })).toEqual([]);
    expect(clock({ ...none, override: null })).toEqual(['signed.sheet.clock.override']);
    expect(clock({ ...none, override: { by: ['Alice', 'Alice'], reason: 'x' } })).toEqual([
      'signed.sheet.clock.override',
    ]);
    expect(clock({ ...none, override: { by: ['Alice', 'Bob'], reason: '' } })).toEqual([
      'signed.sheet.clock.override',
    ]);
    expect(clock({ offsetMs: 5, measuredAt: null, override: null })).toEqual([
      'signed.sheet.clock.measuredAt',
    ]);
    expect(clock({ offsetMs: '5', measuredAt: early, override: null })).toEqual([
      'signed.sheet.clock.offsetMs',
    ]);
    expect(clock('late')).toEqual(['signed.sheet.clock']);
  });
});

describe('P5 sheet chains and effective sheets', () => {
  it('the corrected sheet is the effective one', () => {
    const r = runPaper(board).finalResult!;
    expect(r.byStation.map((s) => [s.station, s.sequence])).toEqual([
      ['S1', 2],
      ['S2', 1],
    ]);
  });

  it('a sequence out of order, a wrong previous sheet, a correction without a reason', () => {
    const p5 = (change: (s: Json) => void, at: number = AT.sheetS1Fixed) => {
      const b = copyBoard(board);
      resignSheet(b, at, change);
      return paperFindings(b, 'P5');
    };
    expect(p5((s) => (s.sequence = 3))).toEqual([['P5', line(AT.sheetS1Fixed, 'signed.sheet.sequence')]]);
    expect(p5((s) => (s.previousSheet = 'AB'.repeat(32)))).toEqual([
      ['P5', line(AT.sheetS1Fixed, 'signed.sheet.previousSheet')],
    ]);
    expect(p5((s) => (s.correctionReason = null))).toEqual([
      ['P5', line(AT.sheetS1Fixed, 'signed.sheet.correctionReason')],
    ]);
    expect(p5((s) => (s.previousSheet = 'AB'.repeat(32)), AT.sheetS2)).toEqual([
      ['P5', line(AT.sheetS2, 'signed.sheet.previousSheet')],
    ]);
    expect(p5((s) => (s.correctionReason = 'why not'), AT.sheetS2)).toEqual([
      ['P5', line(AT.sheetS2, 'signed.sheet.correctionReason')],
    ]);
  });

  it('a missing first sheet, a sheet twice', () => {
    const b = copyBoard(board);
    b.splice(AT.sheetS1, 2); // the first sheet of S1 and its CVRs
    expect(paperFindings(b)).toContainEqual(['P5', line(AT.sheetS1, 'signed.sheet.sequence')]);
    const twice = copyBoard(board);
    twice.splice(AT.sheetS2 + 1, 0, twice[AT.sheetS2]!);
    expect(paperFindings(twice)).toEqual([['P5', line(AT.sheetS2 + 1)]]);
  });
});
