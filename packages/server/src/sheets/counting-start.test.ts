/**
 * The counting start (spec/stations.md §5): the board's stated instant first, then the config's,
 * else 17:00 election-local on the closing date or the manifest's end date — by the zone's rules
 * on DST days, and in a zone other than the server's.
 */
import { describe, expect, it } from 'vitest';
import type { ElectionConfig } from '../elections/lifecycle.js';
import { simpleManifest } from '../testing/local-election.js';
import { countingStartOf } from './counting-start.js';
import type { PaperIndex } from './paper-index.js';

const empty = { countingStart: undefined } as unknown as PaperIndex;
const manifest = (endDate: string) => ({ ...simpleManifest(), endDate });
const config = (timeZone: string, closeAt?: string): ElectionConfig => ({
  timeZone,
  requireIdentity: false,
  ...(closeAt ? { closeAt } : {}),
});

describe('counting start', () => {
  it('defaults to 17:00 election-local on the end date, through DST changes', () => {
    // Paris: summer time (UTC+2) begins 2026-03-29 at 02:00, ends 2026-10-25 at 03:00
    expect(countingStartOf(empty, config('Europe/Paris'), manifest('2026-03-28T20:00:00+01:00'))).toEqual({
      countingStart: '2026-03-28T17:00',
      countingStartInstant: Date.parse('2026-03-28T16:00:00Z'),
    });
    expect(
      countingStartOf(empty, config('Europe/Paris'), manifest('2026-03-29T20:00:00+02:00'))
        .countingStartInstant,
    ).toBe(Date.parse('2026-03-29T15:00:00Z'));
    expect(
      countingStartOf(empty, config('Europe/Paris'), manifest('2026-10-25T20:00:00+01:00'))
        .countingStartInstant,
    ).toBe(Date.parse('2026-10-25T16:00:00Z'));
  });

  it('is election-local whatever the zone: 17:00 in New York and in Auckland', () => {
    expect(
      countingStartOf(empty, config('America/New_York'), manifest('2026-11-03T20:00:00-05:00'))
        .countingStartInstant,
    ).toBe(Date.parse('2026-11-03T22:00:00Z'));
    expect(
      countingStartOf(empty, config('Pacific/Auckland'), manifest('2026-10-10T19:00:00+13:00'))
        .countingStartInstant,
    ).toBe(Date.parse('2026-10-10T04:00:00Z'));
  });

  it("takes the end date's election-local date, not the date as written", () => {
    // 23:30 in New York is already the next day in Paris
    expect(
      countingStartOf(empty, config('Europe/Paris'), manifest('2026-05-10T23:30:00-04:00')).countingStart,
    ).toBe('2026-05-11T17:00');
  });

  it('takes the closing date over the end date, the config over the default, the board over both', () => {
    const closing = config('Europe/Paris', '2026-05-11T20:00');
    expect(countingStartOf(empty, closing, manifest('2026-05-10T20:00:00+02:00')).countingStart).toBe(
      '2026-05-11T17:00',
    );
    const stated = {
      ...closing,
      countingStart: '2026-05-11T18:30',
      countingStartInstant: 42,
    } as ElectionConfig;
    expect(countingStartOf(empty, stated, manifest('2026-05-10T20:00:00+02:00')).countingStartInstant).toBe(
      42,
    );
    const board = {
      countingStart: { countingStart: '2026-05-11T19:00', countingStartInstant: 7 },
    } as unknown as PaperIndex;
    expect(countingStartOf(board, stated, manifest('2026-05-10T20:00:00+02:00')).countingStartInstant).toBe(
      7,
    );
  });
});
