/**
 * P7 (cancellations: published credentials, once, none of their ballots counted) and P8 (poll
 * books closed before the tally, signed by the station, check-ins against ballots).
 */
import { signPaperStatement } from '@evident/e2e-crypto';
import { countedBallots } from '@evident/record';
import { describe, expect, it } from 'vitest';
import { stepCollector } from '../report.js';
import type { Json } from '../log/log-summary.js';
import { checkCancellations } from './cancellations.js';
import {
  AT,
  ELECTION,
  KEYS,
  MANIFEST,
  copyBoard,
  cred,
  honestPaperBoard,
  line,
  paperFindings,
  runPaper,
} from '../../test/paper-board-fixture.js';

const board = honestPaperBoard();
const only = (check: string, b: Json[]) => paperFindings(b, check);
const cancellation = (credential: string, station = 'S1') => ({
  type: 'cancellation',
  credential,
  station,
  time: 10,
});

describe('P7 cancellations', () => {
  it('the cancelled credential’s ballots, before and after the entry, are not counted', () => {
    expect(runPaper(board).steps.find((s) => s.id === 'P7')!.note).toBe(
      '1 credential(s) cancelled, 2 online ballot(s) not counted',
    );
  });

  it('a cancellation of an unpublished credential, a second one, one from no station', () => {
    const b = copyBoard(board);
    b.splice(
      AT.cancellation + 1,
      0,
      cancellation(cred(9)),
      cancellation(cred(1)),
      cancellation(cred(2), 'S9'),
    );
    expect(only('P7', b)).toEqual([
      ['P7', line(AT.cancellation + 1, 'credential')],
      ['P7', line(AT.cancellation + 2, 'credential')],
      ['P7', line(AT.cancellation + 3, 'station')],
    ]);
  });

  it('a tally rule that ignores cancellations counts a cancelled ballot: P7 names it', () => {
    const views = board
      .map((e, index) => ({ index, type: String(e.type), fields: e }))
      .filter((v) => v.type !== 'cancellation');
    const p7 = stepCollector('P7', 'Cancellations');
    const credentialAt = (i: number) =>
      board[i]?.type === 'ballot' ? String((board[i]!.submission as Json).credential) : undefined;
    const entries = [{ e: board[AT.cancellation]!, index: AT.cancellation, at: line(AT.cancellation) }];
    checkCancellations(
      entries,
      { published: new Set([0, 1, 2, 3].map(cred)), counted: countedBallots(views), credentialAt },
      MANIFEST,
      p7,
    );
    // the last ballot of credential 1 is at index 12
    expect(p7.done().failures.map((f) => [f.check, f.location])).toEqual([['P7', line(12)]]);
  });
});

describe('P7 where cancellations come from', () => {
  const atStation = (b: Json[]) => only('P7', b).filter(([, at]) => at.endsWith(' station'));

  it('a cancellation from a station with no registered key (no check-in comes from it)', () => {
    const b = copyBoard(board);
    b[AT.keyS3] = { type: 'key-ceremony', time: 3 };
    b.splice(AT.cancellation + 1, 0, cancellation(cred(3), 'S3'));
    expect(atStation(b)).toEqual([['P7', line(AT.cancellation + 1, 'station')]]);
  });

  it('a cancellation after the station’s poll book closed', () => {
    const b = copyBoard(board);
    b.splice(AT.closeS1 + 1, 0, cancellation(cred(3), 'S1'));
    expect(only('P7', b)).toEqual([['P7', line(AT.closeS1 + 1, 'station')]]);
  });

  it('more cancellations than the check-ins the station signed', () => {
    const b = copyBoard(board);
    // S2 signed 4 check-ins; five cancellations name it (unpublished credentials are named too)
    b.splice(AT.cancellation + 1, 0, ...[5, 6, 7, 8, 9].map((i) => cancellation(cred(i), 'S2')));
    expect(atStation(b)).toEqual([['P7', line(AT.cancellation + 5, 'station')]]);
    const honest = copyBoard(board);
    honest.splice(AT.cancellation + 1, 0, ...[2, 3].map((i) => cancellation(cred(i), 'S2')));
    expect(atStation(honest)).toEqual([]);
  });
});

describe('P8 poll books', () => {
  it('a closing signed by another key, or changed after signing', () => {
    const b = copyBoard(board);
    const c = b[AT.closeS1]!;
    c.signature = signPaperStatement(KEYS.S2.secretKey, 'poll-book-close', ELECTION, c.closing);
    expect(only('P8', b)).toEqual([['P8', line(AT.closeS1, 'signature')]]);
    const changed = copyBoard(board);
    (changed[AT.closeS2]!.closing as Json).checkIns = 9;
    expect(only('P8', changed)).toEqual([['P8', line(AT.closeS2, 'signature')]]);
  });

  it('a closing of a station without a key, a second closing, another election, malformed fields', () => {
    const b = copyBoard(board);
    b.splice(AT.closeS2 + 1, 0, b[AT.closeS2]!);
    expect(only('P8', b)).toEqual([['P8', line(AT.closeS2 + 1, 'closing.station')]]);
    const other = copyBoard(board);
    const closing = { ...(other[AT.closeS1]!.closing as Json), electionId: 'other', station: 'S3' };
    other[AT.closeS1] = {
      ...other[AT.closeS1]!,
      closing,
      signature: signPaperStatement(KEYS.S3.secretKey, 'poll-book-close', 'other', closing),
    };
    expect(only('P8', other)).toEqual([
      ['P8', line(AT.closeS1, 'closing.electionId')],
      // S1 now has no closing before the tally
      ['P8', line(AT.keyS1, 'station')],
    ]);
    const keyless = copyBoard(board);
    (keyless[AT.closeS2]!.closing as Json).station = 'S9';
    expect(only('P8', keyless)).toEqual([
      ['P8', line(AT.closeS2, 'closing.station')],
      ['P8', line(AT.keyS2, 'station')],
    ]);
    const odd = copyBoard(board);
    odd[AT.closeS2]!.duplicateCheckIns = 5;
    (odd[AT.closeS2]!.closing as Json).closedAt = 'evening';
    expect(only('P8', odd)).toContainEqual(['P8', line(AT.closeS2, 'duplicateCheckIns')]);
    expect(only('P8', odd)).toContainEqual(['P8', line(AT.closeS2, 'closing.closedAt')]);
  });

  it('a station with a key and neither a closed poll book nor an exclusion before the encrypted tally', () => {
    const b = copyBoard(board);
    b.splice(AT.closeS2, 1);
    expect(only('P8', b)).toEqual([['P8', line(AT.keyS2, 'station')]]);
    const late = copyBoard(board);
    late.splice(AT.encryptedTally + 1, 0, late.splice(AT.exclusionS3, 1)[0]!);
    expect(only('P8', late)).toEqual([['P8', line(AT.keyS3, 'station')]]);
    // before the tally there is nothing to require
    const untallied = copyBoard(board).slice(0, AT.encryptedTally);
    untallied.splice(AT.closeS2, 1);
    expect(only('P8', untallied)).toEqual([]);
  });

  it('an exclusion without a reason or of no station', () => {
    const b = copyBoard(board);
    b[AT.exclusionS3]!.reason = ' ';
    expect(only('P8', b)).toEqual([['P8', line(AT.exclusionS3, 'reason')]]);
    b[AT.exclusionS3]!.station = 'S9';
    expect(only('P8', b)).toContainEqual(['P8', line(AT.exclusionS3, 'station')]);
  });

  it('fewer check-ins than ballots on the effective sheet, unexplained', () => {
    const b = copyBoard(board);
    const closing = { ...(b[AT.closeS1]!.closing as Json), checkIns: 3 };
    b[AT.closeS1] = {
      ...b[AT.closeS1]!,
      closing,
      signature: signPaperStatement(KEYS.S1.secretKey, 'poll-book-close', ELECTION, closing),
    };
    expect(only('P8', b)).toEqual([['P8', line(AT.closeS1, 'closing.checkIns')]]);
    // S2's sheet explains its difference: 2 check-ins for 3 ballots pass
    const s2 = copyBoard(board);
    const c2 = { ...(s2[AT.closeS2]!.closing as Json), checkIns: 2 };
    s2[AT.closeS2] = {
      ...s2[AT.closeS2]!,
      closing: c2,
      signature: signPaperStatement(KEYS.S2.secretKey, 'poll-book-close', ELECTION, c2),
    };
    expect(only('P8', s2)).toEqual([]);
  });
});
