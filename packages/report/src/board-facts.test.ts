import type { BoardEntry } from '@evident/record';
import { describe, expect, it } from 'vitest';
import { boardFacts } from './board-facts.js';

const REJECTED = {
  counterfeit: 0,
  copied: 1,
  'wrong-election': 0,
  'wrong-station': 2,
  'wrong-style': 0,
  unreadable: 0,
};
const sheet = (station: string, checkIns: number, ballots: number, note: string | null) => ({
  station,
  checkIns,
  ballots: { bmd: ballots - 1, handMarked: 1 },
  rejected: REJECTED,
  reconciliation: note,
});

/**
 * A board: credentials A, B, C; A revotes, B is cancelled by a check-in; a challenge; four keyed
 * stations: p1 corrected once, p2 reported, p3 excluded, p4 silent.
 */
function board(): BoardEntry[] {
  const e: Omit<BoardEntry, 'index'>[] = [
    { type: 'setup', e: {} },
    { type: 'credentials', e: { credentials: ['AA', 'BB', 'CC'] } },
    { type: 'station-key', e: { station: 'p1' } },
    { type: 'station-key', e: { station: 'p2' } },
    { type: 'station-key', e: { station: 'p3' } },
    { type: 'station-key', e: { station: 'p4' } },
    { type: 'open', e: {} },
    { type: 'ballot', e: { submission: { credential: 'AA' } } },
    { type: 'ballot', e: { submission: { credential: 'BB' } } },
    { type: 'challenged-ballot', e: { submission: { credential: 'CC' } } },
    { type: 'ballot', e: { submission: { credential: 'CC' } } },
    { type: 'ballot', e: { submission: { credential: 'AA' } } },
    { type: 'cancellation', e: { credential: 'BB', station: 'p1' } },
    { type: 'poll-book-close', e: { closing: { station: 'p1', checkIns: 7 } } },
    { type: 'poll-book-close', e: { closing: { station: 'p2', checkIns: 3 } } },
    { type: 'station-exclusion', e: { station: 'p3', reason: 'flooded' } },
    { type: 'station-sheet', e: { sheetHash: 'H1', signed: { sheet: sheet('p1', 7, 7, null) } } },
    {
      type: 'station-sheet',
      e: { sheetHash: 'H2', signed: { sheet: sheet('p1', 7, 6, 'one left, no ballot') } },
    },
    { type: 'station-sheet', e: { sheetHash: 'H3', signed: { sheet: sheet('p2', 3, 3, null) } } },
  ];
  return e.map((x, index) => ({ ...x, index }));
}

describe('boardFacts', () => {
  const facts = boardFacts(
    board(),
    new Map([
      ['p1', 'H2'],
      ['p2', 'H3'],
    ]),
  );

  it('counts online ballots by the counted-ballots rule: a revote supersedes, a cancellation removes', () => {
    expect([facts.onlineCounted, facts.onlineSuperseded]).toEqual([2, 1]);
  });

  it('counts cancellations, challenges, poll-book check-ins and exclusions; names the silent station', () => {
    expect([facts.cancellations, facts.challenged, facts.checkIns]).toEqual([1, 1, 10]);
    expect(facts.exclusions).toEqual([{ station: 'p3', reason: 'flooded' }]);
    expect(facts.notReported).toEqual(['p4']);
  });

  it('reads rejected scans and reconciliation from the effective sheet only (the correction, not H1)', () => {
    expect(facts.reconciliation).toEqual([
      {
        station: 'p1',
        pollBookCheckIns: 7,
        sheetCheckIns: 7,
        ballots: 6,
        difference: -1,
        note: 'one left, no ballot',
      },
      { station: 'p2', pollBookCheckIns: 3, sheetCheckIns: 3, ballots: 3, difference: 0, note: null },
    ]);
    expect(facts.rejected.filter((r) => r.count > 0)).toEqual([
      { station: 'p1', reason: 'copied', count: 1 },
      { station: 'p1', reason: 'wrong-station', count: 2 },
      { station: 'p2', reason: 'copied', count: 1 },
      { station: 'p2', reason: 'wrong-station', count: 2 },
    ]);
  });
});
