/**
 * The counting start of the paper channel (spec/server-api.md §4.3, spec/stations.md §5): the
 * election-local wall time from which polling stations may count, and its instant. It goes into
 * the `setup` entry and every `schedule` entry. Default: 17:00 election-local on the date of the
 * scheduled close, else on the election-local date of the manifest's `endDate`. It may be set or
 * changed only before `open`: stations are provisioned with it.
 * @module
 */
import type { CountingStartFields } from '@evident/record';
import type { ElectionConfig } from './lifecycle.js';
import { instantToLocalTime, localTimeToInstant } from './schedule.js';

/** The default counting time of day, election-local. */
export const DEFAULT_COUNTING_TIME = '17:00';

/**
 * The default counting start: 17:00 on the date of `closeAt` (a local time), else on the
 * election-local date of the manifest's `endDate` (an ISO time with an offset).
 */
export function defaultCountingStart(closeAt: string | undefined, endDate: string, timeZone: string): string {
  if (closeAt !== undefined) return `${closeAt.slice(0, 10)}T${DEFAULT_COUNTING_TIME}`;
  const end = Date.parse(endDate);
  const date = Number.isFinite(end) ? instantToLocalTime(end, timeZone).slice(0, 10) : endDate.slice(0, 10);
  return `${date}T${DEFAULT_COUNTING_TIME}`;
}

/**
 * The entry fields of a counting start in zone `timeZone`.
 * @throws {ApiError} EVD_ERR_INVALID_SCHEDULE for a malformed time or an unknown zone (field `countingStart`)
 */
export function countingStartFields(countingStart: string, timeZone: string): CountingStartFields {
  return {
    countingStart,
    countingStartInstant: localTimeToInstant(countingStart, timeZone, 'countingStart'),
  };
}

/** The counting-start part of an election's config (`countingStartSet`: given by the administrator). */
export type CountingStartConfig = Pick<
  ElectionConfig,
  'countingStart' | 'countingStartInstant' | 'countingStartSet'
>;

/**
 * The counting start an election has after a (re)schedule before `open`: the one given; else the
 * one the administrator set earlier (its wall time, in the new zone); else the default.
 * @param given - the administrator's, if any
 * @param previous - the config before (undefined at creation)
 */
export function scheduledCountingStart(
  given: string | undefined,
  previous: CountingStartConfig | undefined,
  closeAt: string | undefined,
  endDate: string,
  timeZone: string,
): Required<CountingStartConfig> {
  const set = given !== undefined || previous?.countingStartSet === true;
  const wall = given ?? (set ? previous!.countingStart! : defaultCountingStart(closeAt, endDate, timeZone));
  return { ...countingStartFields(wall, timeZone), countingStartSet: set };
}

/** The counting-start fields of a config (elections made before counting starts existed: the default). */
export function countingStartOf(cfg: ElectionConfig, endDate: string): CountingStartFields {
  if (cfg.countingStart !== undefined && cfg.countingStartInstant !== undefined)
    return { countingStart: cfg.countingStart, countingStartInstant: cfg.countingStartInstant };
  return countingStartFields(defaultCountingStart(cfg.closeAt, endDate, cfg.timeZone), cfg.timeZone);
}
