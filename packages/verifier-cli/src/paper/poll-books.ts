/**
 * P8 (spec/verification.md) — poll books (spec/stations.md §4): every station with a registered
 * key has its poll book closed (`poll-book-close`) or its exclusion recorded
 * (`station-exclusion`, with a reason) before the `encrypted-tally` entry — else check-ins still
 * to come could cancel ballots the tally already holds; each closing is the station's, signed
 * by its key (statement `poll-book-close`), once, for this election, with its counts; and a
 * station's check-ins are at least the ballots its effective sheet counted, or that sheet
 * explains the difference (`reconciliation`).
 * @module
 */
import { verifyPaperStatement } from '@evident/e2e-crypto';
import type { Collector } from '../log/log-summary.js';
import type { BoardEntry, PaperBoard } from './paper-board.js';
import { extraFields, instantOf, isCount, isObject, isText, manifestStation } from './paper-fields.js';
import { ballotsOf } from './sheet-form.js';
import { signedSheetOf } from './sheet-signatures.js';
import type { RegisteredKeys } from './station-keys.js';

/** P8. */
export function checkPollBooks(
  b: PaperBoard,
  keys: RegisteredKeys,
  effective: ReadonlyMap<string, BoardEntry>,
  p8: Collector,
): void {
  const closed = new Map<string, BoardEntry>();
  for (const x of b.entries['poll-book-close']) {
    p8.item();
    const fail = (field: string, message: string) => p8.fail('P8', `${x.at} ${field}`, message);
    const c = x.e.closing;
    if (!isObject(c)) {
      fail('closing', 'not {electionId, station, checkIns, closedAt}');
      continue;
    }
    for (const k of extraFields(c, ['electionId', 'station', 'checkIns', 'closedAt']))
      fail(`closing.${k}`, 'not a field of a poll-book closing');
    if (c.electionId !== b.electionId) fail('closing.electionId', 'is not the election of the board');
    if (!isCount(c.checkIns)) fail('closing.checkIns', 'not a count');
    if (instantOf(c.closedAt) === undefined) fail('closing.closedAt', 'not an ISO 8601 UTC instant');
    if (!isCount(x.e.duplicateCheckIns) || (isCount(c.checkIns) && x.e.duplicateCheckIns > c.checkIns))
      fail('duplicateCheckIns', 'not a count within the check-ins');
    const station = typeof c.station === 'string' ? c.station : '';
    const key = keys.stations.get(station);
    if (key === undefined) {
      fail('closing.station', 'no station key is registered for this station');
      continue;
    }
    if (
      typeof x.e.signature !== 'string' ||
      !verifyPaperStatement(key, 'poll-book-close', String(c.electionId), c, x.e.signature)
    )
      fail('signature', 'does not verify under the registered station key');
    const first = closed.get(station);
    if (first) fail('closing.station', `the poll book of ${station} is closed already (${first.at})`);
    else closed.set(station, x);
  }
  const excluded = new Map<string, BoardEntry>();
  for (const x of b.entries['station-exclusion']) {
    p8.item();
    if (!manifestStation(b.manifest, x.e.station))
      p8.fail('P8', `${x.at} station`, 'not a polling station of the manifest');
    else excluded.set(x.e.station as string, x);
    if (!isText(x.e.reason)) p8.fail('P8', `${x.at} reason`, 'an exclusion says why');
  }
  const tally = b.encryptedTallyIndex;
  if (tally !== undefined)
    for (const k of b.entries['station-key']) {
      const station = String(k.e.station);
      // one finding per registered station, at its (first) key entry; other keys are P1's
      if (keys.stations.get(station) === undefined || keys.firstEntry.get(station) !== k) continue;
      const done = [closed.get(station), excluded.get(station)].some(
        (x) => x !== undefined && x.index < tally,
      );
      if (!done)
        p8.fail(
          'P8',
          `${k.at} station`,
          `station ${station} has no poll-book-close or station-exclusion before the encrypted tally`,
        );
    }
  for (const [station, x] of closed) {
    const sx = effective.get(station);
    const sheet = sx && signedSheetOf(sx)?.sheet;
    const counted = sheet ? ballotsOf(sheet as never) : undefined;
    const checkIns = (x.e.closing as { checkIns: unknown }).checkIns;
    if (
      sheet &&
      counted !== undefined &&
      isCount(checkIns) &&
      checkIns < counted &&
      !isText(sheet.reconciliation)
    )
      p8.fail(
        'P8',
        `${x.at} closing.checkIns`,
        `${checkIns} check-ins for ${counted} ballots on the sheet at ${sx.at}, unexplained`,
      );
  }
}
