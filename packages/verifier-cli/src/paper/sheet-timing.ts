/**
 * P4 (spec/verification.md) — no count before the counting start (spec/stations.md §5): for each
 * `station-sheet` entry, the counting start in force (`countingStartInstant` of the `setup`
 * entry or of the last `schedule` entry before it) exists, the sheet's `countingStart` is not
 * before it, and neither is the entry's `time` (the server's clock when it took the sheet in);
 * a `station-cvrs` entry's `time` neither. The sheet's `clock` says how the station knew the
 * time: a measured offset with the instant of its measurement, or — with none ever measured —
 * an override by at least two poll workers with a reason.
 * @module
 */
import type { Collector, Json } from '../log/log-summary.js';
import { type BoardEntry, type PaperBoard, countingStartAt } from './paper-board.js';
import { extraFields, instantOf, isObject, isText } from './paper-fields.js';
import { signedSheetOf } from './sheet-signatures.js';

/** P4 over the sheet and CVR entries. */
export function checkTiming(b: PaperBoard, p4: Collector): void {
  const notEarly = (x: BoardEntry, start: number): void => {
    if (!Number.isSafeInteger(x.e.time)) p4.fail('P4', `${x.at} time`, 'not an instant (ms since the epoch)');
    else if ((x.e.time as number) < start)
      p4.fail('P4', `${x.at} time`, `taken in before the counting start ${new Date(start).toISOString()}`);
  };
  const inForce = (x: BoardEntry): number | undefined => {
    const start = countingStartAt(b, x.index);
    if (start === undefined)
      p4.fail('P4', x.at, 'no counting start on the board before it (setup countingStartInstant)');
    return start;
  };
  for (const x of b.entries['station-sheet']) {
    p4.item();
    const start = inForce(x);
    const signed = signedSheetOf(x);
    if (start === undefined) continue;
    notEarly(x, start);
    if (!signed) continue;
    const counted = instantOf(signed.sheet.countingStart);
    if (counted !== undefined && counted < start)
      p4.fail(
        'P4',
        `${x.at} signed.sheet.countingStart`,
        `counting started before the counting start ${new Date(start).toISOString()}`,
      );
    checkClock(signed.sheet.clock as unknown, (field, message) => p4.fail('P4', `${x.at} ${field}`, message));
  }
  for (const x of b.entries['station-cvrs']) {
    p4.item();
    const start = inForce(x);
    if (start !== undefined) notEarly(x, start);
  }
}

/** The sheet's clock: a measurement, or an override by two poll workers when there was none. */
function checkClock(clock: unknown, fail: (field: string, message: string) => void): void {
  const f = 'signed.sheet.clock';
  if (!isObject(clock)) return fail(f, 'not {offsetMs, measuredAt, override}');
  for (const k of extraFields(clock, ['offsetMs', 'measuredAt', 'override']))
    fail(`${f}.${k}`, 'not a clock field');
  const measured = clock.offsetMs !== null;
  if (measured && !Number.isSafeInteger(clock.offsetMs))
    fail(`${f}.offsetMs`, 'not a number of ms, nor null');
  if (measured !== (clock.measuredAt !== null) || (measured && instantOf(clock.measuredAt) === undefined))
    fail(`${f}.measuredAt`, 'an offset goes with the UTC instant it was measured (both or neither)');
  const o = clock.override;
  if (o === null) {
    if (!measured)
      fail(`${f}.override`, 'no measured offset and no override: the station did not know the time');
    return;
  }
  const by = isObject(o) ? (o as Json).by : undefined;
  if (
    !isObject(o) ||
    !Array.isArray(by) ||
    !by.every(isText) ||
    new Set(by).size < 2 ||
    !isText(o.reason) ||
    extraFields(o, ['by', 'reason']).length > 0
  )
    fail(`${f}.override`, 'an override names at least two poll workers and a reason');
}
