/**
 * The counting start of an election (spec/stations.md §5): stated by the board's latest `setup`
 * or `schedule` entry that carries `countingStartInstant`; else by the election's config; else
 * the default, 17:00 election-local on the date of `closeAt` when set, otherwise on the
 * election-local date of the manifest's `endDate`.
 * @module
 */
import type { Manifest } from '@evident/e2e-crypto';
import type { ElectionConfig } from '../elections/lifecycle.js';
import { instantToLocalTime, localTimeToInstant } from '../elections/schedule.js';
import type { PaperIndex } from './paper-index.js';

/** The default local counting time. */
export const DEFAULT_COUNTING_TIME = '17:00';

/** The counting start: wall time in the election's zone and its instant (ms). */
export interface CountingStart {
  readonly countingStart: string;
  readonly countingStartInstant: number;
}

/** The counting start for an election, by the rule above. */
export function countingStartOf(ix: PaperIndex, config: ElectionConfig, manifest: Manifest): CountingStart {
  if (ix.countingStart) return ix.countingStart;
  const c = config as ElectionConfig & Partial<CountingStart>;
  if (typeof c.countingStart === 'string' && typeof c.countingStartInstant === 'number')
    return { countingStart: c.countingStart, countingStartInstant: c.countingStartInstant };
  const end = Date.parse(manifest.endDate);
  const date =
    config.closeAt?.slice(0, 10) ??
    (Number.isFinite(end) ? instantToLocalTime(end, config.timeZone) : manifest.endDate).slice(0, 10);
  const countingStart = `${date}T${DEFAULT_COUNTING_TIME}`;
  return {
    countingStart,
    countingStartInstant: localTimeToInstant(countingStart, config.timeZone, 'countingStart'),
  };
}
