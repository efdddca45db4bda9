/** The counting start's default and its conversion (spec/server-api.md §4.3). */
import { describe, expect, it } from 'vitest';
import { countingStartFields, defaultCountingStart, scheduledCountingStart } from './counting-start.js';

describe('counting start', () => {
  it("is 17:00 on the close's date, else on the election-local date of the manifest's end", () => {
    expect(defaultCountingStart('2026-05-10T20:00', '2026-05-11T10:00:00+02:00', 'Europe/Paris')).toBe(
      '2026-05-10T17:00',
    );
    // 23:30 in New York is the next morning in Paris: the election's date, not the literal one
    expect(defaultCountingStart(undefined, '2026-03-29T23:30:00-04:00', 'Europe/Paris')).toBe(
      '2026-03-30T17:00',
    );
    expect(defaultCountingStart(undefined, '2026-03-29T23:30:00-04:00', 'America/New_York')).toBe(
      '2026-03-29T17:00',
    );
  });

  it('converts with the zone rules, on DST days too', () => {
    // Europe/Paris springs forward on 2026-03-29 (UTC+1 → UTC+2) and falls back on 2026-10-25
    expect(countingStartFields('2026-03-29T17:00', 'Europe/Paris').countingStartInstant).toBe(
      Date.UTC(2026, 2, 29, 15, 0),
    );
    expect(countingStartFields('2026-10-25T17:00', 'Europe/Paris').countingStartInstant).toBe(
      Date.UTC(2026, 9, 25, 16, 0),
    );
    expect(() => countingStartFields('2026-10-25T25:00', 'Europe/Paris')).toThrow(
      expect.objectContaining({ code: 'EVD_ERR_INVALID_SCHEDULE', field: 'countingStart' }),
    );
  });

  it("keeps an administrator's counting start through a reschedule, else follows the close", () => {
    const end = '2026-05-10T17:00:00+02:00';
    const set = scheduledCountingStart('2026-05-10T16:00', undefined, undefined, end, 'UTC');
    expect(set).toEqual({
      countingStart: '2026-05-10T16:00',
      countingStartInstant: Date.UTC(2026, 4, 10, 16, 0),
      countingStartSet: true,
    });
    expect(scheduledCountingStart(undefined, set, '2026-05-12T20:00', end, 'UTC').countingStart).toBe(
      '2026-05-10T16:00',
    );
    const dflt = scheduledCountingStart(undefined, undefined, undefined, end, 'UTC');
    expect(scheduledCountingStart(undefined, dflt, '2026-05-12T20:00', end, 'UTC')).toMatchObject({
      countingStart: '2026-05-12T17:00',
      countingStartSet: false,
    });
  });
});
