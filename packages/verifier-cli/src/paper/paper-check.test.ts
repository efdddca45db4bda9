/**
 * P9 and the wiring of P1–P9: the final result = online tally + the effective sheet of each
 * station, by contest and option, district and station; the steps run on `board/log.jsonl` in
 * the board pass (`checkBoard`), are skipped on a board without paper entries, and the result
 * is printed in the human report.
 */
import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { canonicalJsonString } from '@evident/e2e-crypto';
import { afterAll, describe, expect, it } from 'vitest';
import { formatReport } from '../cli.js';
import { checkBoard } from '../log-check.js';
import type { Json } from '../log/log-summary.js';
import {
  AT,
  copyBoard,
  honestPaperBoard,
  line,
  paperFindings,
  runPaper,
} from '../../test/paper-board-fixture.js';

const board = honestPaperBoard();
const dirs: string[] = [];
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

describe('P9 final result', () => {
  it('online + effective sheets, per contest and option', () => {
    const r = runPaper(board).finalResult!;
    // mayor online ann 1, bob 1, cid 0; S1's corrected sheet [1, 2, 0] (not its first [2, 1, 0]); S2 [1, 0, 2]
    expect(r.contests).toEqual([
      {
        contest: 'mayor',
        options: [
          { option: 'ann', online: 1, paper: 2, total: 3 },
          { option: 'bob', online: 1, paper: 2, total: 3 },
          { option: 'cid', online: 0, paper: 2, total: 2 },
        ],
      },
      {
        contest: 'council',
        options: [
          { option: 'x', online: 2, paper: 0, total: 2 },
          { option: 'y', online: 0, paper: 0, total: 0 },
          { option: 'z', online: 1, paper: 0, total: 1 },
        ],
      },
    ]);
    expect(r.byDistrict).toEqual([
      {
        district: 'D1',
        stationsReported: 2,
        ballots: 7,
        contests: [{ contest: 'mayor', counts: [2, 2, 2] }],
      },
    ]);
    expect(r.byStation.map((s) => [s.station, s.district, s.ballots, s.contests[0]!.counts])).toEqual([
      ['S1', 'D1', 4, [1, 2, 0]],
      ['S2', 'D1', 3, [1, 0, 2]],
    ]);
    // S3 is excluded: two stations expected, two reported
    expect([r.stationsExpected, r.stationsReported, r.onlineDecrypted]).toEqual([2, 2, true]);
  });

  it('an excluded station whose sheet came after all is expected, as the server counts it', () => {
    const b = copyBoard(board);
    b.push({ ...b[AT.exclusionS3]!, station: 'S2' });
    const r = runPaper(b).finalResult!;
    expect([r.stationsExpected, r.stationsReported]).toEqual([2, 2]);
  });

  it('before the online tally is decrypted, the paper side alone', () => {
    const r = runPaper(board.slice(0, AT.tally)).finalResult!;
    expect(r.onlineDecrypted).toBe(false);
    expect(r.contests[0]!.options.map((o) => [o.online, o.total])).toEqual([
      [null, 2],
      [null, 2],
      [null, 2],
    ]);
  });

  it('every P-step passes on the honest board, and is skipped on a board without paper entries', () => {
    const steps = runPaper(board).steps;
    expect(steps.map((s) => [s.id, s.status])).toEqual(
      ['P1', 'P2', 'P3', 'P4', 'P5', 'P6', 'P7', 'P8', 'P9'].map((id) => [id, 'passed']),
    );
    const paperless = board.filter(
      (e) =>
        ![
          'station-key',
          'printing-key',
          'cancellation',
          'station-sheet',
          'station-cvrs',
          'poll-book-close',
          'station-exclusion',
        ].includes(String(e.type)),
    );
    expect(runPaper(paperless).steps.every((s) => s.status === 'skipped')).toBe(true);
  });
});

describe('P1–P9 in the board pass', () => {
  const write = (entries: Json[]): string => {
    const dir = mkdtempSync(join(tmpdir(), 'evident-paper-'));
    dirs.push(dir);
    mkdirSync(join(dir, 'board'));
    writeFileSync(
      join(dir, 'board', 'log.jsonl'),
      entries.map((e) => canonicalJsonString(e) + '\n').join(''),
    );
    return dir;
  };

  it('reads board/log.jsonl, names findings by line and field, and gives the final result', async () => {
    const honest = await checkBoard(write(board));
    expect(honest.steps.filter((s) => s.id.startsWith('P')).map((s) => s.status)).toEqual(
      Array(9).fill('passed'),
    );
    expect(honest.finalResult?.contests[0]!.options[0]!.total).toBe(3);
    const b = copyBoard(board);
    b[AT.sheetS2]!.sheetHash = 'AB'.repeat(32);
    const bad = await checkBoard(write(b));
    const p2 = bad.steps.find((s) => s.id === 'P2')!;
    expect(p2.failures.map((f) => f.location)).toEqual([line(AT.sheetS2, 'sheetHash')]);
    expect(paperFindings(b)).toEqual([['P2', line(AT.sheetS2, 'sheetHash')]]);
  });

  it('prints the final result in the human report', () => {
    const o = runPaper(board);
    const text = formatReport({
      format: 'evident',
      profile: 'ristretto255',
      recordPath: 'r',
      valid: true,
      steps: o.steps,
      seconds: 0,
      counts: {},
      finalResult: o.finalResult!,
    });
    expect(text).toMatch(/Final result \(P9\): online tally \+ 2 of 2 station sheet\(s\)/);
    expect(text).toMatch(/mayor: ann 3 \(1 \+ 2\), bob 3 \(1 \+ 2\), cid 2 \(0 \+ 2\)/);
    expect(text).toMatch(/station S2 \(D1\): sheet 1, 3 ballot\(s\), not recomputed from CVRs/);
  });
});
