/**
 * P3 (spec/verification.md) — each sheet is well formed and consistent in itself (spec/stations.md
 * §6): the format, the election, a station of the manifest, a positive sequence, counting start
 * and end as UTC instants in order, counts that are non-negative integers, every reject reason,
 * the reconciliation note present iff ballots counted ≠ check-ins, the station's style's contests
 * in manifest order with one count per option, blank + overvoted ≤ ballots, each option's count
 * at most the valid ballots (neither blank nor overvoted), the sum of counts between the valid
 * ballots (each has a mark) and vote limit × valid ballots, a
 * 32-byte CVR commitment, who counted; and no field the format does not define (the signature
 * covers them, but nobody reads them). The station's signature does not make a sheet right: a
 * station can sign nonsense, which is why the totals are checked here and against the CVRs (P6).
 * @module
 */
import type { Manifest } from '@evident/e2e-crypto';
import { REJECT_REASONS, SHEET_FORMAT, sheetContestLabels } from '@evident/record';
import type { Collector, Json } from '../log/log-summary.js';
import type { BoardEntry } from './paper-board.js';
import {
  extraFields,
  instantOf,
  isCount,
  isObject,
  isText,
  manifestContest,
  manifestStation,
} from './paper-fields.js';
import { signedSheetOf } from './sheet-signatures.js';

const SHEET_FIELDS = [
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
];

/** The number of ballots a sheet counted, when its `ballots` field is well formed. */
export function ballotsOf(sheet: Json): number | undefined {
  const b = sheet.ballots;
  return isObject(b) && isCount(b.bmd) && isCount(b.handMarked) ? b.bmd + b.handMarked : undefined;
}

/** P3 over every sheet entry. */
export function checkSheetForms(
  sheets: readonly BoardEntry[],
  electionId: string | undefined,
  manifest: Manifest | undefined,
  p3: Collector,
): void {
  for (const x of sheets) {
    p3.item();
    const signed = signedSheetOf(x);
    if (!signed) continue; // P2 names it
    const fail = (field: string, message: string) => p3.fail('P3', `${x.at} ${field}`, message);
    for (const k of extraFields(x.e.signed as Json, ['sheet', 'signature', 'witnesses']))
      fail(`signed.${k}`, 'not a field of a signed tally sheet');
    const witnesses: unknown = signed.witnesses;
    if (Array.isArray(witnesses))
      witnesses.forEach((w: unknown, i) => {
        for (const k of isObject(w) ? extraFields(w, ['name', 'publicKey', 'signature']) : [])
          fail(`signed.witnesses[${i}].${k}`, 'not a field of a witness signature');
      });
    const sheet = signed.sheet as unknown as Json;
    for (const k of extraFields(sheet, SHEET_FIELDS))
      fail(`signed.sheet.${k}`, 'not a field of the tally sheet');
    if (sheet.format !== SHEET_FORMAT) fail('signed.sheet.format', `is not "${SHEET_FORMAT}"`);
    if (sheet.electionId !== electionId) fail('signed.sheet.electionId', 'is not the election of the board');
    if (!manifestStation(manifest, sheet.station))
      fail('signed.sheet.station', 'not a polling station of the manifest');
    if (!Number.isSafeInteger(sheet.sequence) || (sheet.sequence as number) < 1)
      fail('signed.sheet.sequence', 'not a positive integer');
    const start = instantOf(sheet.countingStart);
    const end = instantOf(sheet.countingEnd);
    if (start === undefined) fail('signed.sheet.countingStart', 'not an ISO 8601 UTC instant');
    if (end === undefined) fail('signed.sheet.countingEnd', 'not an ISO 8601 UTC instant');
    else if (start !== undefined && end < start)
      fail('signed.sheet.countingEnd', 'before the counting start');
    if (!isCount(sheet.checkIns)) fail('signed.sheet.checkIns', 'not a count');
    const ballots = ballotsOf(sheet);
    if (ballots === undefined || extraFields(sheet.ballots as Json, ['bmd', 'handMarked']).length > 0)
      fail('signed.sheet.ballots', 'not {bmd, handMarked} counts');
    checkRejected(sheet.rejected, fail);
    if (isCount(sheet.checkIns) && ballots !== undefined) {
      const differs = sheet.checkIns !== ballots;
      if (differs && !isText(sheet.reconciliation))
        fail('signed.sheet.reconciliation', 'ballots counted differ from check-ins, and no explanation');
      if (!differs && sheet.reconciliation !== null)
        fail('signed.sheet.reconciliation', 'a note where ballots counted equal check-ins (null expected)');
    }
    if (typeof sheet.cvrCommitment !== 'string' || !/^[0-9A-Fa-f]{64}$/.test(sheet.cvrCommitment))
      fail('signed.sheet.cvrCommitment', 'not a SHA-256 hash');
    const by = sheet.countedBy;
    if (!Array.isArray(by) || by.length === 0 || !by.every(isText))
      fail('signed.sheet.countedBy', 'not a list of the poll workers who counted');
    checkContests(sheet, manifest, ballots, fail);
  }
}

function checkRejected(r: unknown, fail: (field: string, message: string) => void): void {
  if (!isObject(r)) return fail('signed.sheet.rejected', 'not counts by reason');
  for (const reason of REJECT_REASONS)
    if (!isCount(r[reason])) fail(`signed.sheet.rejected.${reason}`, 'not a count');
  for (const k of extraFields(r, REJECT_REASONS)) fail(`signed.sheet.rejected.${k}`, 'not a reject reason');
}

/** The contests: the station style's, in manifest order, each consistent with the ballots. */
function checkContests(
  sheet: Json,
  manifest: Manifest | undefined,
  ballots: number | undefined,
  fail: (field: string, message: string) => void,
): void {
  const contests = sheet.contests;
  if (!Array.isArray(contests)) return fail('signed.sheet.contests', 'not a list');
  const expected =
    manifest && typeof sheet.station === 'string' ? sheetContestLabels(manifest, sheet.station) : undefined;
  const labels = contests.map((c: unknown) => (isObject(c) ? c.contest : undefined));
  if (expected && JSON.stringify(labels) !== JSON.stringify(expected))
    fail('signed.sheet.contests', `not the station's contests in manifest order (${expected.join(', ')})`);
  contests.forEach((c: unknown, i) => {
    const where = `signed.sheet.contests[${i}]`;
    const m = isObject(c) ? manifestContest(manifest, c.contest) : undefined;
    if (!isObject(c) || !m) return fail(`${where}.contest`, 'not a contest of the manifest');
    for (const k of extraFields(c, ['contest', 'counts', 'blank', 'overvoted']))
      fail(`${where}.${k}`, 'not a field of a sheet contest');
    const counts = c.counts;
    if (!Array.isArray(counts) || counts.length !== m.options.length || !counts.every(isCount))
      return fail(`${where}.counts`, `not ${m.options.length} counts, one per option`);
    if (!isCount(c.blank)) return fail(`${where}.blank`, 'not a count');
    if (!isCount(c.overvoted)) return fail(`${where}.overvoted`, 'not a count');
    if (ballots === undefined) return;
    const valid = ballots - c.blank - c.overvoted;
    if (valid < 0) return fail(where, `blank + overvoted exceed the ${ballots} ballots counted`);
    counts.forEach((n: number, j) => {
      // a paper mark counts once: an option has at most one vote per valid ballot
      if (n > valid) fail(`${where}.counts[${j}]`, `more votes than the ${valid} valid ballots`);
    });
    const sum = counts.reduce((a: number, n: number) => a + n, 0);
    if (sum > m.voteLimit * valid)
      fail(`${where}.counts`, `${sum} votes exceed vote limit ${m.voteLimit} × ${valid} valid ballots`);
    // a ballot with no mark is blank: every valid ballot gives at least one vote
    if (sum < valid)
      fail(`${where}.counts`, `${sum} votes for ${valid} valid (neither blank nor overvoted) ballots`);
  });
}
