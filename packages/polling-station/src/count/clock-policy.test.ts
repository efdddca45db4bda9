import { describe, expect, it } from 'vitest';
import { CLOCK_TOLERANCE_MS, decideCountingStart, wallTime } from './clock-policy.js';

const measured = (offsetMs: number) => ({ offsetMs, measuredAt: Date.UTC(2026, 4, 10, 8) });

/** 17:00 election-local on a given day, as the server pins it (hand-computed UTC instants). */
const cases = [
  // ordinary summer day in Paris (UTC+2)
  { zone: 'Europe/Paris', day: '2026-05-10', instant: Date.UTC(2026, 4, 10, 15) },
  // DST starts in Paris (02:00 → 03:00): 17:00 is already UTC+2
  { zone: 'Europe/Paris', day: '2026-03-29', instant: Date.UTC(2026, 2, 29, 15) },
  // DST ends in Paris (03:00 → 02:00): 17:00 is UTC+1
  { zone: 'Europe/Paris', day: '2026-10-25', instant: Date.UTC(2026, 9, 25, 16) },
  // DST starts in New York (02:00 → 03:00): 17:00 EDT = 21:00 UTC
  { zone: 'America/New_York', day: '2026-03-08', instant: Date.UTC(2026, 2, 8, 21) },
  // DST ends in New York: 17:00 EST = 22:00 UTC
  { zone: 'America/New_York', day: '2026-11-01', instant: Date.UTC(2026, 10, 1, 22) },
];

describe('counting start: a measured clock offset', () => {
  for (const c of cases) {
    it(`${c.zone} on ${c.day}: 16:59:59 refused, 17:00:00 accepted`, () => {
      // the hand-computed instant is 17:00:00 in the zone on that day
      expect(wallTime(c.instant, c.zone)).toBe(`${c.day}T17:00:00`);
      const base = { offset: measured(0), countingStartInstant: c.instant, timeZone: c.zone };
      const early = decideCountingStart({ ...base, localNow: c.instant - 1000 });
      expect(early).toMatchObject({ ok: false, code: 'too-early' });
      expect(early.ok ? '' : early.message).toContain(`${c.day}T16:59:59 ${c.zone}`);
      expect(decideCountingStart({ ...base, localNow: c.instant })).toMatchObject({
        ok: true,
        startedAt: c.instant,
      });
    });
  }

  it('uses the offset: a station clock 1 min slow is accepted when the server says 17:00', () => {
    const start = cases[0]!.instant;
    const d = decideCountingStart({
      localNow: start - 60_000,
      offset: measured(60_000),
      countingStartInstant: start,
      timeZone: 'Europe/Paris',
    });
    expect(d).toMatchObject({ ok: true, startedAt: start, clock: { offsetMs: 60_000, override: null } });
    // a clock 1 min fast reads 17:00:00 but the server says 16:59:00
    const fast = decideCountingStart({
      localNow: start,
      offset: measured(-60_000),
      countingStartInstant: start,
      timeZone: 'Europe/Paris',
    });
    expect(fast).toMatchObject({ ok: false, code: 'too-early' });
  });

  it('a station in another zone than the election: only instants compare, messages are election-local', () => {
    // the election is in New York, the station's machine thinks it is in Tokyo: its local
    // 05:59:59 (next day) is 16:59:59 in New York
    const start = Date.UTC(2026, 2, 8, 21);
    expect(wallTime(start - 1000, 'Asia/Tokyo')).toBe('2026-03-09T05:59:59');
    const d = decideCountingStart({
      localNow: start - 1000,
      offset: measured(0),
      countingStartInstant: start,
      timeZone: 'America/New_York',
    });
    expect(d.ok ? '' : d.message).toContain('2026-03-08T16:59:59 America/New_York');
    expect(
      decideCountingStart({
        localNow: start,
        offset: measured(0),
        countingStartInstant: start,
        timeZone: 'America/New_York',
      }).ok,
    ).toBe(true);
  });

  it('the station machine’s own zone setting (TZ) changes nothing', () => {
    const start = Date.UTC(2026, 9, 25, 16); // 17:00 in Paris on the day DST ends
    const saved = process.env.TZ;
    try {
      const answers = ['Asia/Tokyo', 'America/Los_Angeles', 'UTC'].map((tz) => {
        process.env.TZ = tz;
        return [start - 1000, start].map((localNow) =>
          decideCountingStart({
            localNow,
            offset: measured(0),
            countingStartInstant: start,
            timeZone: 'Europe/Paris',
          }),
        );
      });
      for (const [early, onTime] of answers) {
        expect(early).toMatchObject({
          ok: false,
          message: expect.stringContaining('2026-10-25T16:59:59 Europe/Paris'),
        });
        expect(onTime).toMatchObject({ ok: true, startedAt: start });
      }
    } finally {
      if (saved === undefined) delete process.env.TZ;
      else process.env.TZ = saved;
    }
  });

  it('refuses an override when an offset is measured', () => {
    const start = cases[0]!.instant;
    const d = decideCountingStart({
      localNow: start + 3_600_000,
      offset: measured(0),
      countingStartInstant: start,
      timeZone: 'Europe/Paris',
      override: { by: ['ana', 'bo'], reason: 'x' },
    });
    expect(d).toMatchObject({ ok: false, code: 'bad-override' });
  });
});

describe('counting start: no offset ever measured', () => {
  const start = cases[0]!.instant;
  const base = { offset: null, countingStartInstant: start, timeZone: 'Europe/Paris' };
  const override = { by: ['Ana', 'Bo'], reason: 'network down since 07:00; clock checked against the radio' };

  it('is refused without an override, even well after the counting start', () => {
    expect(decideCountingStart({ ...base, localNow: start + 3_600_000 })).toMatchObject({
      ok: false,
      code: 'no-offset',
    });
  });

  it('with two workers and a reason: waits the tolerance on the local clock', () => {
    expect(
      decideCountingStart({ ...base, override, localNow: start + CLOCK_TOLERANCE_MS - 1000 }),
    ).toMatchObject({
      ok: false,
      code: 'too-early',
    });
    const d = decideCountingStart({ ...base, override, localNow: start + CLOCK_TOLERANCE_MS });
    expect(d).toEqual({
      ok: true,
      startedAt: start + CLOCK_TOLERANCE_MS,
      clock: { offsetMs: null, measuredAt: null, override: { by: ['Ana', 'Bo'], reason: override.reason } },
    });
  });

  it('refuses an override by one worker, the same worker twice, or without a reason', () => {
    const late = start + 3_600_000;
    for (const o of [
      { by: ['Ana'], reason: 'r' },
      { by: ['Ana', ' Ana '], reason: 'r' },
      { by: ['Ana', 'Bo', 'Cy'], reason: 'r' },
      { by: ['Ana', 'Bo'], reason: '  ' },
    ])
      expect(decideCountingStart({ ...base, override: o, localNow: late })).toMatchObject({
        ok: false,
        code: 'bad-override',
      });
  });
});
