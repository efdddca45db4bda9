/**
 * P6: the CVRs on the board are the sheet's (commitment, station, sequence, once, after it), in
 * canonical order, and recompute its totals; a sheet without CVRs is named in the step's note.
 */
import { cvrCommitment } from '@evident/record';
import { describe, expect, it } from 'vitest';
import type { Json } from '../log/log-summary.js';
import {
  AT,
  copyBoard,
  cvrsOf,
  honestPaperBoard,
  line,
  paperFindings,
  resignSheet,
  runPaper,
} from '../../test/paper-board-fixture.js';

const board = honestPaperBoard();
const p6 = (b: Json[]) => paperFindings(b, 'P6');
const choices = (b: Json[], i: number) =>
  ((b[i]!.cvrs as Json).contests as { choices: string[][] }[])[0]!.choices;

describe('P6 station CVRs', () => {
  it('names the stations whose effective sheet was not recomputed', () => {
    const steps = runPaper(board).steps;
    expect(steps.find((s) => s.id === 'P6')!.note).toMatch(/not recomputed.*S2/);
    expect(runPaper(board).finalResult!.byStation.map((s) => s.recomputed)).toEqual([true, false]);
  });

  it('CVRs naming no sheet, or a sheet that comes after them', () => {
    const b = copyBoard(board);
    b[AT.cvrsS1]!.sheetHash = 'AB'.repeat(32);
    expect(p6(b)).toEqual([['P6', line(AT.cvrsS1, 'sheetHash')]]);
    const before = copyBoard(board);
    before.splice(AT.sheetS1, 0, before.splice(AT.cvrsS1, 1)[0]!);
    expect(p6(before)).toEqual([['P6', line(AT.sheetS1, 'sheetHash')]]);
  });

  it('a second set of CVRs for a sheet; another station or sequence than the sheet’s', () => {
    const b = copyBoard(board);
    b.splice(AT.cvrsS1 + 1, 0, b[AT.cvrsS1]!);
    expect(p6(b)).toEqual([['P6', line(AT.cvrsS1 + 1, 'sheetHash')]]);
    const other = copyBoard(board);
    other[AT.cvrsS1]!.station = 'S2';
    other[AT.cvrsS1]!.sequence = 2;
    expect(p6(other)).toEqual([
      ['P6', line(AT.cvrsS1, 'station')],
      ['P6', line(AT.cvrsS1, 'sequence')],
    ]);
  });

  it('records out of canonical order; a record changed', () => {
    const b = copyBoard(board);
    choices(b, AT.cvrsS1).reverse();
    // not canonical, and the commitment was made over the canonical order
    expect(p6(b)).toEqual([
      ['P6', line(AT.cvrsS1, 'cvrs')],
      ['P6', line(AT.cvrsS1, 'cvrs')],
    ]);
    const changed = copyBoard(board);
    choices(changed, AT.cvrsS1Fixed)[0] = ['bob'];
    expect(p6(changed)).toContainEqual(['P6', line(AT.cvrsS1Fixed, 'cvrs')]);
    expect(p6(changed)).toContainEqual(['P6', line(AT.cvrsS1Fixed, 'cvrs.contests[0]')]);
  });

  it("a sheet whose totals are not its CVRs' although it commits to them", () => {
    const b = copyBoard(board);
    // S1's first CVRs: ann, ann, bob, blank → [2, 1, 0], blank 1; the sheet says [1, 2, 0]
    resignSheet(b, AT.sheetS1, (s) => ((s.contests as Json[])[0]!.counts = [1, 2, 0]));
    b[AT.cvrsS1]!.sheetHash = b[AT.sheetS1]!.sheetHash;
    const f = paperFindings(b);
    expect(f.filter(([c]) => c === 'P6')).toEqual([['P6', line(AT.cvrsS1, 'cvrs.contests[0]')]]);
    expect(f.filter(([c]) => c === 'P3')).toEqual([]);
  });

  it('one record per counted ballot', () => {
    const b = copyBoard(board);
    const fewer = cvrsOf({ mayor: [['ann'], ['ann'], ['bob']] });
    b[AT.cvrsS1]!.cvrs = fewer;
    resignSheet(b, AT.sheetS1, (s) => {
      s.cvrCommitment = cvrCommitment(fewer);
      (s.contests as Json[])[0]!.blank = 0;
    });
    b[AT.cvrsS1]!.sheetHash = b[AT.sheetS1]!.sheetHash;
    expect(p6(b)).toContainEqual(['P6', line(AT.cvrsS1, 'cvrs.contests[0].choices')]);
  });

  it('records that are not records', () => {
    const b = copyBoard(board);
    (b[AT.cvrsS1]!.cvrs as Json).contests = [{ contest: 'mayor', choices: 'ann' }];
    expect(p6(b)).toEqual([['P6', line(AT.cvrsS1, 'cvrs')]]);
  });
});
