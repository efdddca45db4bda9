/**
 * Election-local times with an explicit IANA time zone (spec/server-api.md §4.3).
 *
 * A closing time is given as a local wall-clock time ("2026-05-10T17:00") and a zone
 * ("Europe/Paris"); the server converts it to an instant with the zone's rules (Intl, the
 * runtime's tz database). A local time that does not exist (spring-forward gap) is moved
 * forward by the gap; an ambiguous one (fall-back) takes the earlier instant. The server
 * clock is authoritative: a ballot received at or after the instant is refused.
 * @module
 */
import { ApiError } from '../errors.js';

const LOCAL = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2}))?$/;

/**
 * True when `tz` is an IANA zone name the runtime knows.
 */
export function isTimeZone(tz: string): boolean {
  if (typeof tz !== 'string' || tz.length === 0 || tz.length > 64) return false;
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: tz });
    return true;
  } catch {
    return false;
  }
}

/** Offset of zone `tz` at instant `t` in ms (local − UTC). */
function offsetAt(t: number, tz: string): number {
  const parts = new Intl.DateTimeFormat('en-US', {
    timeZone: tz,
    hourCycle: 'h23',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
  }).formatToParts(new Date(t));
  const get = (type: string): number => Number(parts.find((p) => p.type === type)?.value);
  const asUtc = Date.UTC(
    get('year'),
    get('month') - 1,
    get('day'),
    get('hour'),
    get('minute'),
    get('second'),
  );
  return asUtc - Math.floor(t / 1000) * 1000;
}

/**
 * The instant (ms since the epoch) of local time `local` in zone `tz`.
 * @throws {ApiError} EVD_ERR_INVALID_SCHEDULE for a malformed time or unknown zone
 */
export function localTimeToInstant(local: string, tz: string, field = 'closeAt'): number {
  if (!isTimeZone(tz))
    throw new ApiError(
      'EVD_ERR_INVALID_SCHEDULE',
      `unknown IANA time zone "${String(tz).slice(0, 64)}"`,
      'timeZone',
    );
  const m = LOCAL.exec(local);
  if (!m)
    throw new ApiError('EVD_ERR_INVALID_SCHEDULE', 'expected a local time YYYY-MM-DDTHH:mm[:ss]', field);
  const [y, mo, d, h, mi, s] = m.slice(1).map((x) => Number(x ?? 0)) as [
    number,
    number,
    number,
    number,
    number,
    number,
  ];
  const wall = Date.UTC(y, mo - 1, d, h, mi, s);
  const back = new Date(wall);
  if (back.getUTCMonth() !== mo - 1 || back.getUTCDate() !== d || h > 23 || mi > 59 || s > 59) {
    throw new ApiError('EVD_ERR_INVALID_SCHEDULE', 'not a calendar date and time', field);
  }
  // two candidate offsets: around the wall time, before and after a possible transition
  const o1 = offsetAt(wall - 86_400_000, tz);
  const o2 = offsetAt(wall + 86_400_000, tz);
  const candidates = [wall - o1, wall - o2].filter((t) => offsetAt(t, tz) === wall - t);
  if (candidates.length > 0) return Math.min(...candidates); // ambiguous: earlier instant
  // gap: the wall time does not exist; move forward by the gap (use the offset before it)
  return wall - Math.min(o1, o2);
}

/** The local wall-clock time of instant `t` in zone `tz`, "YYYY-MM-DDTHH:mm:ss". */
export function instantToLocalTime(t: number, tz: string): string {
  return new Date(t + offsetAt(t, tz)).toISOString().slice(0, 19);
}
