/** Election-local times (spec/server-api.md §4.3). */
import { describe, expect, it } from 'vitest';
import { instantToLocalTime, isTimeZone, localTimeToInstant } from './schedule.js';

describe('election-local time', () => {
  it('converts with the zone rules, summer and winter', () => {
    expect(new Date(localTimeToInstant('2026-05-10T17:00', 'Europe/Paris')).toISOString()).toBe(
      '2026-05-10T15:00:00.000Z',
    );
    expect(new Date(localTimeToInstant('2026-01-10T17:00', 'Europe/Paris')).toISOString()).toBe(
      '2026-01-10T16:00:00.000Z',
    );
    expect(new Date(localTimeToInstant('2026-11-03T17:00:30', 'America/New_York')).toISOString()).toBe(
      '2026-11-03T22:00:30.000Z',
    );
    expect(new Date(localTimeToInstant('2026-05-10T17:00', 'UTC')).toISOString()).toBe(
      '2026-05-10T17:00:00.000Z',
    );
  });

  it('moves a time in the spring-forward gap forward and takes the earlier of an ambiguous time', () => {
    // Europe/Paris: 2026-03-29 02:00 → 03:00; 2026-10-25 03:00 → 02:00
    expect(new Date(localTimeToInstant('2026-03-29T02:30', 'Europe/Paris')).toISOString()).toBe(
      '2026-03-29T01:30:00.000Z',
    );
    expect(new Date(localTimeToInstant('2026-10-25T02:30', 'Europe/Paris')).toISOString()).toBe(
      '2026-10-25T00:30:00.000Z',
    );
  });

  it('round-trips to local time', () => {
    const t = localTimeToInstant('2026-05-10T17:00', 'Asia/Kolkata');
    expect(instantToLocalTime(t, 'Asia/Kolkata')).toBe('2026-05-10T17:00:00');
  });

  it('refuses unknown zones and malformed or impossible times with a coded error', () => {
    expect(isTimeZone('Mars/Olympus')).toBe(false);
    expect(() => localTimeToInstant('2026-05-10T17:00', 'Mars/Olympus')).toThrow(
      expect.objectContaining({ code: 'EVD_ERR_INVALID_SCHEDULE' }),
    );
    expect(() => localTimeToInstant('2026-02-30T17:00', 'UTC')).toThrow(
      expect.objectContaining({ code: 'EVD_ERR_INVALID_SCHEDULE' }),
    );
    expect(() => localTimeToInstant('17:00', 'UTC')).toThrow(expect.objectContaining({ field: 'closeAt' }));
  });
});
