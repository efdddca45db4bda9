/**
 * checkTallySheet: one bad sheet per rule, each named at its field; a good sheet (and a good
 * correction, a good override) passes; the shape alone says nothing of the numbers; and
 * whatever JSON it is given, it answers with problems, never throws.
 */
import type { Manifest } from '@evident/e2e-crypto';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { sampleSheet } from '../../test/sample-tally-sheet.js';
import type { TallySheet } from './tally-sheet.js';
import { checkTallySheet, tallySheetShapeProblems } from './tally-sheet-check.js';

const text = (en: string) => ({ en });
const contest = (label: string, voteLimit: number) => ({
  label,
  name: text(label),
  district: 'd1',
  voteLimit,
  optionLimit: 1,
  contestDataBlocks: 1,
  options: ['a', 'b', 'c'].map((o) => ({ label: `${label}-${o}`, name: text(o) })),
});
/** S1 (style st1: mayor, council and a ranked contest, online only), S2 (style st2: council), S3 (no style). */
const manifest: Manifest = {
  electionLabel: 'check',
  name: text('check'),
  languages: ['en'],
  startDate: '2026-05-10T07:00:00+02:00',
  endDate: '2026-05-10T17:00:00+02:00',
  districts: [{ label: 'd1', name: text('d1') }],
  pollingStations: [
    { label: 'S1', name: text('S1'), district: 'd1', ballotStyle: 'st1' },
    { label: 'S2', name: text('S2'), district: 'd1', ballotStyle: 'st2' },
    { label: 'S3', name: text('S3'), district: 'd1', ballotStyle: 'gone' },
  ],
  contests: [contest('mayor', 1), contest('council', 2)],
  ballotStyles: [
    { label: 'st1', contests: ['mayor', 'council', 'ranked'] },
    { label: 'st2', contests: ['council'] },
  ],
  rankedContests: [{ id: 'ranked', candidates: ['x', 'y'], ranks: 2, seats: 1 }],
};
const HASH = 'AB'.repeat(32);

/**
 * The parts' sample sheet, made to fit the manifest: station S1, 5 ballots, 6 check-ins (its note
 * explains); mayor: 1 blank, 1 overvoted, 3 valid; council: 2 blank, 3 valid, 5 votes.
 */
const good = (): TallySheet => ({
  ...sampleSheet(0),
  station: 'S1',
  checkIns: 6,
  ballots: { bmd: 2, handMarked: 3 },
  contests: [
    { contest: 'mayor', counts: [2, 1, 0], blank: 1, overvoted: 1 },
    { contest: 'council', counts: [3, 2, 0], blank: 2, overvoted: 0 },
  ],
});

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
/** The fields of the problems of the good sheet after `change`. */
const fieldsAfter = (change: (s: Json) => void, m: Manifest | null = manifest): string[] => {
  const s = structuredClone(good()) as Json;
  change(s);
  return checkTallySheet(s, m ?? undefined).map((p) => p.field);
};

describe('checkTallySheet', () => {
  it('passes a good sheet, a correction and an override', () => {
    expect(checkTallySheet(good(), manifest)).toEqual([]);
    expect(
      fieldsAfter((s) => Object.assign(s, { sequence: 2, previousSheet: HASH, correctionReason: 'recount' })),
    ).toEqual([]);
    expect(
      fieldsAfter(
        (s) =>
          (s.clock = {
            offsetMs: null,
            measuredAt: null,
            override: { by: ['Ana', 'Bo'], reason: 'no network' },
          }),
      ),
    ).toEqual([]);
  });

  // one bad sheet per rule: [rule, change, the field named]
  const table: [string, (s: Json) => void, string][] = [
    ['not an object', (s) => Object.keys(s).forEach((k) => delete s[k]), 'format'],
    ['a member missing', (s) => delete s.countedBy, 'countedBy'],
    ['a member outside the format', (s) => (s.note = 'hi'), 'note'],
    ['the format', (s) => (s.format = 'evident/tally-sheet/v2'), 'format'],
    ['the election id a text', (s) => (s.electionId = ' '), 'electionId'],
    ['the election id a string', (s) => (s.electionId = 7), 'electionId'],
    ['a station of the manifest', (s) => (s.station = 'S9'), 'station'],
    ['a station whose ballot style exists', (s) => (s.station = 'S3'), 'station'],
    ['a positive sequence', (s) => (s.sequence = 0), 'sequence'],
    ['an integer sequence', (s) => (s.sequence = 1.5), 'sequence'],
    ['a first sheet names no previous sheet', (s) => (s.previousSheet = HASH), 'previousSheet'],
    ['a first sheet has no correction reason', (s) => (s.correctionReason = 'why'), 'correctionReason'],
    [
      'a correction names a sheet hash in upper case',
      (s) => Object.assign(s, { sequence: 2, previousSheet: HASH.toLowerCase(), correctionReason: 'r' }),
      'previousSheet',
    ],
    [
      'a correction says why',
      (s) => Object.assign(s, { sequence: 2, previousSheet: HASH, correctionReason: null }),
      'correctionReason',
    ],
    ['counting start an instant with ms', (s) => (s.countingStart = '2026-05-10T15:00:00Z'), 'countingStart'],
    ['counting end an instant', (s) => (s.countingEnd = 'later'), 'countingEnd'],
    ['counting end not before its start', (s) => (s.countingEnd = '2026-05-10T15:00:02.310Z'), 'countingEnd'],
    ['the clock an object', (s) => (s.clock = 'late'), 'clock'],
    ['the clock offset an integer', (s) => (s.clock.offsetMs = '5'), 'clock.offsetMs'],
    ['an offset with its instant', (s) => (s.clock.measuredAt = null), 'clock.measuredAt'],
    ['an instant with its offset', (s) => (s.clock.offsetMs = null), 'clock.measuredAt'],
    [
      'no offset needs an override',
      (s) => (s.clock = { offsetMs: null, measuredAt: null, override: null }),
      'clock.override',
    ],
    [
      'an override by two different poll workers',
      (s) => (s.clock = { offsetMs: null, measuredAt: null, override: { by: ['Ana', 'Ana'], reason: 'r' } }),
      'clock.override',
    ],
    [
      'an override with a reason',
      (s) => (s.clock = { offsetMs: null, measuredAt: null, override: { by: ['Ana', 'Bo'], reason: '' } }),
      'clock.override',
    ],
    ['check-ins a count', (s) => (s.checkIns = -1), 'checkIns'],
    ['ballots by kind, counts', (s) => (s.ballots.bmd = -1), 'ballots'],
    ['ballots by kind, no other kind', (s) => (s.ballots.lost = 0), 'ballots'],
    ['every reject reason', (s) => delete s.rejected.copied, 'rejected.copied'],
    ['no other reject reason', (s) => (s.rejected.torn = 1), 'rejected.torn'],
    ['reject counts', (s) => (s.rejected.unreadable = 0.5), 'rejected.unreadable'],
    ['a note iff check-ins differ: missing', (s) => (s.reconciliation = null), 'reconciliation'],
    ['a note iff check-ins differ: not needed', (s) => (s.checkIns = 5), 'reconciliation'],
    ['a note is a text', (s) => (s.reconciliation = '   '), 'reconciliation'],
    ['contests a list', (s) => (s.contests = {}), 'contests'],
    ["the style's contests", (s) => s.contests.pop(), 'contests'],
    ["the style's contests in manifest order", (s) => s.contests.reverse(), 'contests'],
    ['a contest has its members', (s) => delete s.contests[0].blank, 'contests[0].blank'],
    ['a contest has no other member', (s) => (s.contests[0].total = 5), 'contests[0].total'],
    ['a contest label', (s) => (s.contests[1].contest = 3), 'contests[1].contest'],
    ['one count per option', (s) => (s.contests[0].counts = [2, 1]), 'contests[0].counts'],
    ['counts are counts', (s) => (s.contests[0].counts = [2, -1, 0]), 'contests[0].counts'],
    ['blank a count', (s) => (s.contests[0].blank = null), 'contests[0].blank'],
    ['overvoted a count', (s) => (s.contests[0].overvoted = '1'), 'contests[0].overvoted'],
    [
      'blank + overvoted within the ballots',
      (s) => Object.assign(s.contests[1], { blank: 4, overvoted: 2 }),
      'contests[1]',
    ],
    [
      'an option within the valid ballots',
      (s) => (s.contests[1].counts = [4, 1, 0]),
      'contests[1].counts[0]',
    ],
    [
      'no contest over vote limit × valid ballots',
      (s) => (s.contests[1].counts = [3, 2, 2]),
      'contests[1].counts',
    ],
    ['every valid ballot has a mark', (s) => (s.contests[0].counts = [1, 1, 0]), 'contests[0].counts'],
    [
      'a CVR commitment in upper-case hex',
      (s) => (s.cvrCommitment = s.cvrCommitment.toLowerCase()),
      'cvrCommitment',
    ],
    ['a CVR commitment of 32 bytes', (s) => (s.cvrCommitment = 'C0'), 'cvrCommitment'],
    ['who counted', (s) => (s.countedBy = []), 'countedBy'],
    ['who counted, by name', (s) => (s.countedBy = ['Ana', '']), 'countedBy'],
  ];

  it.each(table)('%s', (_rule, change, field) => {
    const fields = fieldsAfter(change);
    expect(fields[0]).toBe(field);
    // a rule whose field is malformed is skipped: one defect, one problem (except a missing
    // sheet: every member missing)
    if (field !== 'format') expect(fields).toEqual([field]);
  });

  it('each problem says what is wrong', () => {
    const [p] = checkTallySheet({ ...good(), checkIns: 9, reconciliation: null }, manifest);
    expect(p).toEqual({
      field: 'reconciliation',
      message: expect.stringContaining('9 check-ins but 5 ballots'),
    });
  });

  it('without a manifest, the rules of the sheet alone still apply', () => {
    expect(fieldsAfter((s) => (s.station = 'S9'), null)).toEqual([]);
    expect(fieldsAfter((s) => (s.contests[1].counts = [4, 1, 0]), null)).toEqual(['contests[1].counts[0]']);
    // the vote limit is the manifest's: 7 votes for 3 valid ballots is only too many with it
    expect(fieldsAfter((s) => (s.contests[1].counts = [3, 2, 2]), null)).toEqual([]);
  });

  it('the shape alone: types and members, not the numbers', () => {
    expect(tallySheetShapeProblems(good())).toEqual([]);
    const inconsistent = { ...good(), checkIns: 5, countingEnd: 'later' };
    expect(tallySheetShapeProblems(inconsistent)).toEqual([]);
    expect(tallySheetShapeProblems({ ...good(), checkIns: '5' }).map((p) => p.field)).toEqual(['checkIns']);
    expect(tallySheetShapeProblems(null)).toEqual([{ field: '', message: expect.any(String) }]);
  });

  it('law: any JSON value, or a sheet with any member replaced by any JSON value, is answered with problems, never a throw', () => {
    const keys = Object.keys(good());
    fc.assert(
      fc.property(fc.jsonValue(), fc.constantFrom(...keys), (v, k) => {
        expect(checkTallySheet(v, manifest).length).toBeGreaterThan(0);
        const s = { ...good(), [k]: v } as Json;
        for (const p of checkTallySheet(s, manifest)) {
          expect(typeof p.field).toBe('string');
          expect(p.message.length).toBeGreaterThan(0);
        }
      }),
      { numRuns: 300 },
    );
  });
});
