/**
 * P4 (spec/verification.md) — no count before the counting start (spec/stations.md §5): for each
 * `station-sheet` entry, the counting start in force (`countingStartInstant` of the `setup`
 * entry or of the last `schedule` entry before it) exists, the sheet's `countingStart` is not
 * before it, and neither is the entry's `time` (the server's clock when it took the sheet in);
 * a `station-cvrs` entry's `time` neither. The sheet's `clock` (how the station knew the time:
 * a measured offset with the instant of its measurement, or — with none ever measured — an
 * override by at least two poll workers with a reason) is a rule of the record's rule list,
 * reported as P4 by ./sheet-form.ts.
 * @module
 */
import type { Collector } from '../log/log-summary.js';
import { type BoardEntry, type PaperBoard, countingStartAt } from './paper-board.js';
import { instantOf } from './paper-fields.js';
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
  }
  for (const x of b.entries['station-cvrs']) {
    p4.item();
    const start = inForce(x);
    if (start !== undefined) notEarly(x, start);
  }
}
