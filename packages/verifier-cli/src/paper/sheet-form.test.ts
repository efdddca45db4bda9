/**
 * P3: a sheet signed by its station can still be nonsense; each inconsistency is a finding at
 * its field. The sheets are changed and signed again with the station's key, so that P2 passes
 * and only the change is wrong. S2's sheet has no CVRs on the board (P6 has nothing to compare).
 */
import { REJECT_REASONS } from '@evident/record';
import { describe, expect, it } from 'vitest';
import type { Json } from '../log/log-summary.js';
import {
  AT,
  copyBoard,
  findingsOf,
  honestPaperBoard,
  line,
  resignSheet,
  runPaper,
} from '../../test/paper-board-fixture.js';

const board = honestPaperBoard();
/** P3's findings after `change` to S2's sheet (ballots 3, check-ins 4, mayor [1, 0, 2]). */
function p3(change: (sheet: Json) => void): string[] {
  const b = copyBoard(board);
  resignSheet(b, AT.sheetS2, change);
  return findingsOf(runPaper(b))
    .filter(([check]) => check === 'P3')
    .map(([, at]) => at.replace(`${line(AT.sheetS2)} `, ''));
}
const contest = (s: Json): Json => (s.contests as Json[])[0]!;

describe('P3 tally sheets well formed and consistent', () => {
  it('the honest sheets pass', () => {
    expect(p3(() => {})).toEqual([]);
  });

  it('format, election, station, sequence, instants, counts', () => {
    expect(p3((s) => (s.format = 'other/v1'))).toEqual(['signed.sheet.format']);
    expect(p3((s) => (s.electionId = 'another'))).toEqual(['signed.sheet.electionId']);
    expect(p3((s) => (s.station = 'S9'))).toContain('signed.sheet.station');
    expect(p3((s) => (s.sequence = 0))).toEqual(['signed.sheet.sequence']);
    expect(p3((s) => (s.countingStart = 'today 17:00'))).toEqual(['signed.sheet.countingStart']);
    expect(p3((s) => (s.countingEnd = '2026-06-07T14:00:00.000Z'))).toEqual(['signed.sheet.countingEnd']);
    expect(p3((s) => (s.checkIns = -1))).toEqual(['signed.sheet.checkIns']);
    expect(p3((s) => (s.ballots = { bmd: 1, handMarked: 2, lost: 0 }))).toEqual(['signed.sheet.ballots']);
    expect(p3((s) => (s.cvrCommitment = 'AB'))).toEqual(['signed.sheet.cvrCommitment']);
    expect(p3((s) => (s.countedBy = []))).toEqual(['signed.sheet.countedBy']);
  });

  it('every reject reason and no other', () => {
    expect(p3((s) => delete (s.rejected as Json).copied)).toEqual(['signed.sheet.rejected.copied']);
    expect(p3((s) => ((s.rejected as Json).torn = 1))).toEqual(['signed.sheet.rejected.torn']);
    expect(REJECT_REASONS.length).toBeGreaterThan(0);
  });

  it('a reconciliation note iff ballots counted differ from check-ins', () => {
    expect(p3((s) => (s.reconciliation = null))).toEqual(['signed.sheet.reconciliation']);
    expect(p3((s) => (s.reconciliation = '   '))).toEqual(['signed.sheet.reconciliation']);
    expect(p3((s) => (s.checkIns = 3))).toEqual(['signed.sheet.reconciliation']);
    expect(
      p3((s) => {
        s.checkIns = 3;
        s.reconciliation = null;
      }),
    ).toEqual([]);
  });

  it("the station style's contests in manifest order, one count per option", () => {
    expect(p3((s) => (s.contests = []))).toEqual(['signed.sheet.contests']);
    expect(p3((s) => (contest(s).contest = 'council'))).toEqual(['signed.sheet.contests']);
    expect(p3((s) => (contest(s).counts = [1, 0]))).toEqual(['signed.sheet.contests[0].counts']);
    expect(p3((s) => (contest(s).blank = -1))).toEqual(['signed.sheet.contests[0].blank']);
    expect(p3((s) => (contest(s).total = 3))).toEqual(['signed.sheet.contests[0].total']);
  });

  it('blank + overvoted within the ballots, counts within the valid ballots and the vote limit', () => {
    expect(
      p3((s) => {
        contest(s).blank = 2;
        contest(s).overvoted = 2;
      }),
    ).toEqual(['signed.sheet.contests[0]']);
    // 4 votes for 3 valid ballots of a one-vote contest
    expect(p3((s) => (contest(s).counts = [2, 0, 2]))).toEqual(['signed.sheet.contests[0].counts']);
    // an option with more votes than valid ballots
    expect(p3((s) => (contest(s).counts = [0, 0, 4]))).toContain('signed.sheet.contests[0].counts[2]');
    // 2 votes for 3 valid ballots: a ballot without a mark is blank
    expect(p3((s) => (contest(s).counts = [1, 0, 1]))).toEqual(['signed.sheet.contests[0].counts']);
  });

  it('no field outside the format, in the sheet or beside it', () => {
    expect(p3((s) => (s.note = 'hello'))).toEqual(['signed.sheet.note']);
    const b = copyBoard(board);
    (b[AT.sheetS2]!.signed as Json).extra = 1;
    expect(findingsOf(runPaper(b))).toEqual([['P3', line(AT.sheetS2, 'signed.extra')]]);
  });
});
