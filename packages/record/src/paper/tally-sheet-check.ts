/**
 * The one rule list of a tally sheet (spec/stations.md §6.1, §9 checks 8–9; spec/verification.md
 * P3–P5): every member of the format with its type and range, and the numbers consistent with
 * each other and with the manifest. The station applies it before signing, the server at intake,
 * the verifier in its P-steps; the QR codec applies the shape alone ({@link tallySheetShapeProblems})
 * to what it decodes, since reading a sheet is not judging it. A station's signature does not make
 * a sheet right — a station can sign nonsense — so nobody skips these rules for a signed sheet.
 * @module
 */
import type { Manifest } from '@evident/e2e-crypto';
import {
  REJECT_REASONS,
  SHEET_FORMAT,
  type SheetProblem,
  type TallySheet,
  sheetBallots,
  sheetContestLabels,
} from './tally-sheet.js';

/** The members of a sheet, all required, no other. */
export const SHEET_FIELDS = [
  'format',
  'electionId',
  'station',
  'sequence',
  'previousSheet',
  'correctionReason',
  'countingStart',
  'countingEnd',
  'clock',
  'checkIns',
  'ballots',
  'rejected',
  'reconciliation',
  'contests',
  'cvrCommitment',
  'countedBy',
] as const;
const CLOCK_FIELDS = ['offsetMs', 'measuredAt', 'override'] as const;
const CONTEST_FIELDS = ['contest', 'counts', 'blank', 'overvoted'] as const;

/** The longest text a sheet carries (a name, a reason, a note), in UTF-16 code units. */
export const MAX_SHEET_TEXT = 2000;
/** At most this many contests and counting poll workers (bounds what a reader must hold). */
export const MAX_SHEET_CONTESTS = 1024;
export const MAX_SHEET_COUNTED_BY = 64;

type Json = Record<string, unknown>;
const isObj = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);
const isCount = (v: unknown): v is number => Number.isSafeInteger(v) && (v as number) >= 0;
/** A text: not empty once trimmed, not over {@link MAX_SHEET_TEXT}. */
const isText = (v: unknown): v is string =>
  typeof v === 'string' && v.trim().length > 0 && v.length <= MAX_SHEET_TEXT;
/** A sheet hash or commitment: 64 upper-case hex digits (the sheet is published as signed). */
const isHash = (v: unknown): boolean => typeof v === 'string' && /^[0-9A-F]{64}$/.test(v);
/** ISO 8601 UTC with milliseconds, as `Date.prototype.toISOString` writes it. */
const instantOf = (v: unknown): number | undefined => {
  if (typeof v !== 'string' || !/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/.test(v)) return undefined;
  const t = Date.parse(v);
  return Number.isFinite(t) ? t : undefined;
};

/** `field` of `at` (the sheet itself when `at` is empty). */
const fieldOf = (at: string, k: string): string => (at ? `${at}.${k}` : k);

/** Exactly `keys`: each missing one and each other one is a problem at its field. */
function members(o: Json, keys: readonly string[], at: string, out: SheetProblem[], what: string): void {
  for (const k of keys) if (!Object.hasOwn(o, k)) out.push({ field: fieldOf(at, k), message: 'missing' });
  for (const k of Object.keys(o))
    if (!keys.includes(k))
      out.push({ field: fieldOf(at, k.slice(0, 64)), message: `not a field of ${what}` });
}

/**
 * The shape: every member, of its type, and no other — what a reader needs before it may treat
 * the value as a {@link TallySheet}. Says nothing of whether the numbers make sense.
 * @returns the problems, each at its field (empty: the shape is right)
 */
export function tallySheetShapeProblems(x: unknown): SheetProblem[] {
  if (!isObj(x)) return [{ field: '', message: 'not an object {format, electionId, station, …}' }];
  const out: SheetProblem[] = [];
  const add = (field: string, message: string) => out.push({ field, message });
  members(x, SHEET_FIELDS, '', out, 'the tally sheet');
  const has = (k: string) => Object.hasOwn(x, k);
  if (has('format') && x.format !== SHEET_FORMAT) add('format', `not "${SHEET_FORMAT}"`);
  for (const k of ['electionId', 'station', 'countingStart', 'countingEnd', 'cvrCommitment'])
    if (has(k) && typeof x[k] !== 'string') add(k, 'not a string');
  for (const k of ['previousSheet', 'correctionReason', 'reconciliation'])
    if (has(k) && x[k] !== null && typeof x[k] !== 'string') add(k, 'not a string or null');
  if (has('sequence') && !(Number.isSafeInteger(x.sequence) && (x.sequence as number) >= 1))
    add('sequence', 'not a positive integer');
  if (has('checkIns') && !isCount(x.checkIns)) add('checkIns', 'not a count (a non-negative integer)');
  if (has('clock')) clockShape(x.clock, out);
  const b = x.ballots;
  if (has('ballots') && !(isObj(b) && Object.keys(b).length === 2 && isCount(b.bmd) && isCount(b.handMarked)))
    add('ballots', 'not {bmd, handMarked}, non-negative integers');
  if (has('rejected')) rejectedShape(x.rejected, out);
  if (has('contests')) contestsShape(x.contests, out);
  const by = x.countedBy;
  if (has('countedBy') && !(Array.isArray(by) && by.every((n) => typeof n === 'string')))
    add('countedBy', 'not a list of names');
  return out;
}

function clockShape(c: unknown, out: SheetProblem[]): void {
  if (!isObj(c)) return void out.push({ field: 'clock', message: 'not {offsetMs, measuredAt, override}' });
  members(c, CLOCK_FIELDS, 'clock', out, 'the clock');
  if (Object.hasOwn(c, 'offsetMs') && c.offsetMs !== null && !Number.isSafeInteger(c.offsetMs))
    out.push({ field: 'clock.offsetMs', message: 'not a number of ms, nor null' });
  if (Object.hasOwn(c, 'measuredAt') && c.measuredAt !== null && typeof c.measuredAt !== 'string')
    out.push({ field: 'clock.measuredAt', message: 'not a string or null' });
  const o = c.override;
  const by = isObj(o) ? o.by : undefined;
  if (
    Object.hasOwn(c, 'override') &&
    o !== null &&
    !(
      isObj(o) &&
      Object.keys(o).length === 2 &&
      typeof o.reason === 'string' &&
      Array.isArray(by) &&
      by.every((n) => typeof n === 'string')
    )
  )
    out.push({ field: 'clock.override', message: 'not {by: [names], reason} or null' });
}

function rejectedShape(r: unknown, out: SheetProblem[]): void {
  if (!isObj(r)) return void out.push({ field: 'rejected', message: 'not counts by reject reason' });
  members(r, REJECT_REASONS, 'rejected', out, 'the reject reasons');
  for (const k of REJECT_REASONS)
    if (Object.hasOwn(r, k) && !isCount(r[k]))
      out.push({ field: `rejected.${k}`, message: 'not a count (a non-negative integer)' });
}

function contestsShape(list: unknown, out: SheetProblem[]): void {
  if (!Array.isArray(list)) return void out.push({ field: 'contests', message: 'not a list' });
  list.forEach((c: unknown, i) => {
    const at = `contests[${i}]`;
    if (!isObj(c)) return void out.push({ field: at, message: 'not {contest, counts, blank, overvoted}' });
    members(c, CONTEST_FIELDS, at, out, 'a sheet contest');
    if (Object.hasOwn(c, 'contest') && typeof c.contest !== 'string')
      out.push({ field: `${at}.contest`, message: 'not a contest label' });
    if (Object.hasOwn(c, 'counts') && !(Array.isArray(c.counts) && c.counts.every(isCount)))
      out.push({ field: `${at}.counts`, message: 'not a list of counts (non-negative integers)' });
    for (const k of ['blank', 'overvoted'])
      if (Object.hasOwn(c, k) && !isCount(c[k]))
        out.push({ field: `${at}.${k}`, message: 'not a count (a non-negative integer)' });
  });
}

/**
 * Every rule of a tally sheet: its shape ({@link tallySheetShapeProblems}), then each field's
 * range and the numbers — the station and its ballot style in the manifest, the style's contests
 * (ranked contests are online only) in manifest order with one count per option; with B the
 * ballots counted (BMD + hand-marked) and V = B − blank − overvoted per contest: blank + overvoted
 * ≤ B, each option ≤ V (a paper mark counts once), V ≤ Σ counts ≤ voteLimit × V (a ballot neither
 * blank nor overvoted has 1 to voteLimit marks); a reconciliation note exactly when check-ins ≠ B;
 * `previousSheet` and `correctionReason` null exactly for sequence 1; counting end not before its
 * start; the clock measured (offset with its instant) or overridden by two poll workers with a
 * reason. A rule whose fields are malformed is skipped: the malformed field is the problem.
 * Never throws, whatever `sheet` is.
 * @param sheet a {@link TallySheet}, or any value claiming to be one (JSON from a station or a board)
 * @param manifest the election's manifest; undefined (a record without one): its rules are skipped
 * @returns the problems in field order, each at its field inside the sheet (empty: a good sheet)
 */
export function checkTallySheet(sheet: unknown, manifest: Manifest | undefined): SheetProblem[] {
  const shape = tallySheetShapeProblems(sheet);
  if (!isObj(sheet)) return shape;
  const ok = (f: string) =>
    !shape.some((p) => p.field === f || p.field.startsWith(`${f}.`) || p.field.startsWith(`${f}[`));
  const out: SheetProblem[] = [...shape];
  const add = (field: string, message: string) => out.push({ field, message });
  const s = sheet as unknown as TallySheet;
  if (ok('electionId') && !isText(s.electionId)) add('electionId', 'not an election id');
  if (ok('station') && !isText(s.station)) add('station', 'not a station label');
  else if (ok('station') && manifest) stationRule(s.station, manifest, add);
  if (ok('sequence')) correctionRules(s, ok, add);
  const start = instantOf(s.countingStart);
  const end = instantOf(s.countingEnd);
  if (ok('countingStart') && start === undefined)
    add('countingStart', 'not an ISO 8601 UTC instant with milliseconds');
  if (ok('countingEnd') && end === undefined)
    add('countingEnd', 'not an ISO 8601 UTC instant with milliseconds');
  else if (ok('countingEnd') && start !== undefined && end! < start)
    add('countingEnd', 'before the counting start');
  if (ok('clock')) clockRules(s.clock, add);
  const ballots = ok('ballots') ? sheetBallots(s) : undefined;
  if (ok('reconciliation') && s.reconciliation !== null && !isText(s.reconciliation))
    add('reconciliation', 'not an explanation (a non-empty text) or null');
  else if (ok('reconciliation') && ok('checkIns') && ballots !== undefined)
    reconciliationRule(s.checkIns, ballots, s.reconciliation, add);
  if (ok('contests')) contestRules(s, manifest, ballots, ok, add);
  if (ok('cvrCommitment') && !isHash(s.cvrCommitment))
    add('cvrCommitment', 'not a SHA-256 hash (64 upper-case hex digits)');
  const by = s.countedBy;
  if (ok('countedBy') && (by.length === 0 || by.length > MAX_SHEET_COUNTED_BY || !by.every(isText)))
    add('countedBy', `not the names of the 1 to ${MAX_SHEET_COUNTED_BY} poll workers who counted`);
  // in the format's field order; within a field, shape before range before numbers (stable sort)
  const rank = (f: string) =>
    SHEET_FIELDS.findIndex((k) => f === k || f.startsWith(`${k}.`) || f.startsWith(`${k}[`));
  return out.sort((a, b) => rank(a.field) - rank(b.field));
}

type Add = (field: string, message: string) => void;

function stationRule(station: string, manifest: Manifest, add: Add): void {
  const st = manifest.pollingStations.find((x) => x.label === station);
  if (!st) return add('station', 'not a polling station of the manifest');
  if (!manifest.ballotStyles.some((x) => x.label === st.ballotStyle))
    add('station', `its ballot style "${st.ballotStyle}" is not in the manifest`);
}

/** `previousSheet` and `correctionReason`: null exactly for the first sheet. */
function correctionRules(s: TallySheet, ok: (f: string) => boolean, add: Add): void {
  const first = s.sequence === 1;
  if (ok('previousSheet') && (first ? s.previousSheet !== null : !isHash(s.previousSheet)))
    add(
      'previousSheet',
      first
        ? 'a first sheet corrects no earlier sheet (null)'
        : "the corrected sheet's hash (64 upper-case hex digits)",
    );
  if (ok('correctionReason') && (first ? s.correctionReason !== null : !isText(s.correctionReason)))
    add(
      'correctionReason',
      first ? 'a first sheet has no correction reason (null)' : 'a correcting sheet says why',
    );
}

/** How the station knew the time (spec/stations.md §5): a measurement, or an override. */
function clockRules(c: TallySheet['clock'], add: Add): void {
  const measured = c.offsetMs !== null;
  if (
    measured !== (c.measuredAt !== null) ||
    (c.measuredAt !== null && instantOf(c.measuredAt) === undefined)
  )
    return add(
      'clock.measuredAt',
      'an offset goes with the UTC instant (with ms) it was measured: both or neither',
    );
  const o = c.override;
  if (o === null) {
    if (!measured)
      add('clock.override', 'no measured offset and no override: the station did not know the time');
    return;
  }
  if (o.by.length < 2 || !o.by.every(isText) || new Set(o.by).size !== o.by.length || !isText(o.reason))
    add('clock.override', 'an override names at least two different poll workers and a reason');
}

function reconciliationRule(checkIns: number, ballots: number, note: string | null, add: Add): void {
  if (checkIns !== ballots && note === null)
    add(
      'reconciliation',
      `${checkIns} check-ins but ${ballots} ballots counted: the difference must be explained`,
    );
  if (checkIns === ballots && note !== null)
    add('reconciliation', 'ballots counted equal check-ins: no difference to explain (null expected)');
}

/** The contests: the station style's, in manifest order, each consistent with the ballots. */
function contestRules(
  s: TallySheet,
  manifest: Manifest | undefined,
  ballots: number | undefined,
  ok: (f: string) => boolean,
  add: Add,
): void {
  if (s.contests.length > MAX_SHEET_CONTESTS)
    return add('contests', `more than ${MAX_SHEET_CONTESTS} contests`);
  const expected = manifest && ok('station') ? sheetContestLabels(manifest, s.station) : undefined;
  if (
    expected &&
    (s.contests.length !== expected.length || s.contests.some((c, i) => c.contest !== expected[i]))
  )
    // a wrong list of contests: their numbers cannot be judged against the manifest
    return add('contests', `not the station style's contests in manifest order (${expected.join(', ')})`);
  s.contests.forEach((c, i) => {
    const at = `contests[${i}]`;
    if (!ok(at)) return;
    const m = manifest?.contests.find((x) => x.label === c.contest);
    if (manifest && !m) return add(`${at}.contest`, 'not a contest of the manifest');
    if (m && c.counts.length !== m.options.length)
      return add(`${at}.counts`, `not ${m.options.length} counts, one per option`);
    if (ballots === undefined) return;
    const valid = ballots - c.blank - c.overvoted;
    if (valid < 0) return add(at, `blank + overvoted exceed the ${ballots} ballots counted`);
    c.counts.forEach((n, j) => {
      if (n > valid) add(`${at}.counts[${j}]`, `more votes than the contest's ${valid} valid ballots`);
    });
    const sum = c.counts.reduce((a, n) => a + n, 0);
    if (m && sum > m.voteLimit * valid)
      add(`${at}.counts`, `${sum} votes exceed the vote limit ${m.voteLimit} × ${valid} valid ballots`);
    if (sum < valid) add(`${at}.counts`, `${sum} votes for ${valid} ballots neither blank nor overvoted`);
  });
}
