/**
 * When a station may start counting (spec/stations.md §5). The counting start is an instant
 * pinned from the provisioning bundle; the station's clock is corrected by the last offset
 * measured against the server. With no offset ever measured, two signed-in poll workers may
 * override with a reason, and the station then waits one tolerance more on its own clock.
 * @module
 */
import type { SheetClock } from '@evident/record';
import type { ClockOffset } from './station-env.js';

/** How far a station clock is trusted without a check: 120 s (spec/stations.md §5). */
export const CLOCK_TOLERANCE_MS = 120_000;

/** Two poll workers' decision to count without a measured offset. */
export interface ClockOverride {
  readonly by: readonly string[];
  readonly reason: string;
}

/** What the policy decided. */
export type ClockDecision =
  | { readonly ok: true; readonly startedAt: number; readonly clock: SheetClock }
  | {
      readonly ok: false;
      readonly code: 'too-early' | 'no-offset' | 'bad-override';
      readonly message: string;
    };

/** The wall time of `instant` in zone `timeZone`: `YYYY-MM-DDTHH:mm:ss`. */
export function wallTime(instant: number, timeZone: string): string {
  const parts = new Intl.DateTimeFormat('en-US', {
    timeZone,
    hourCycle: 'h23',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
  }).formatToParts(new Date(instant));
  const get = (t: string) => parts.find((p) => p.type === t)?.value ?? '??';
  return `${get('year')}-${get('month')}-${get('day')}T${get('hour')}:${get('minute')}:${get('second')}`;
}

function waitMessage(now: number, start: number, zone: string, how: string): string {
  const s = Math.ceil((start - now) / 1000);
  return (
    `counting starts at ${wallTime(start, zone)} ${zone} (${new Date(start).toISOString()}); ` +
    `${how} it is ${wallTime(now, zone)} ${zone}: ${s} s to wait`
  );
}

function checkOverride(o: ClockOverride): string | null {
  const by = o.by.map((w) => w.trim());
  if (by.length !== 2 || by.some((w) => w.length === 0)) return 'an override needs exactly two poll workers';
  if (by[0] === by[1]) return 'an override needs two different poll workers';
  if (o.reason.trim().length === 0) return 'an override needs a reason';
  return null;
}

/**
 * Decides whether counting may start now.
 * - an offset was measured: corrected time = local + offset must be ≥ the counting start;
 *   an override is refused (it would only let a station start early);
 * - no offset ever: refused without an override; with one, local time must be ≥ the counting
 *   start + {@link CLOCK_TOLERANCE_MS}, so that a clock fast by up to the tolerance still
 *   does not start early.
 */
export function decideCountingStart(args: {
  localNow: number;
  offset: ClockOffset | null;
  countingStartInstant: number;
  timeZone: string;
  override?: ClockOverride | null;
}): ClockDecision {
  const { localNow, offset, countingStartInstant: start, timeZone } = args;
  const override = args.override ?? null;
  if (offset) {
    if (override)
      return {
        ok: false,
        code: 'bad-override',
        message: 'the clock offset is measured: no override is needed or allowed',
      };
    const now = localNow + offset.offsetMs;
    if (now < start)
      return {
        ok: false,
        code: 'too-early',
        message: waitMessage(now, start, timeZone, 'by the server-corrected clock'),
      };
    const clock = {
      offsetMs: offset.offsetMs,
      measuredAt: new Date(offset.measuredAt).toISOString(),
      override: null,
    };
    return { ok: true, startedAt: now, clock };
  }
  if (!override)
    return {
      ok: false,
      code: 'no-offset',
      message:
        'the station has never compared its clock with the server: connect it once, or have two poll workers override with a reason',
    };
  const bad = checkOverride(override);
  if (bad) return { ok: false, code: 'bad-override', message: bad };
  const earliest = start + CLOCK_TOLERANCE_MS;
  if (localNow < earliest)
    return {
      ok: false,
      code: 'too-early',
      message: `${waitMessage(localNow, earliest, timeZone, 'with an unchecked clock counting waits the 120 s tolerance:')}`,
    };
  const clock = {
    offsetMs: null,
    measuredAt: null,
    override: { by: override.by.map((w) => w.trim()), reason: override.reason.trim() },
  };
  return { ok: true, startedAt: localNow, clock };
}
