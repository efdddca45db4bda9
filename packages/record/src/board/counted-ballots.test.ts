/**
 * The counted-ballots rule, as laws over random boards: a revote supersedes (per credential only
 * the last ballot counts, every earlier one is superseded), a challenged ballot never counts, a
 * credential published after `open` never counts, nor does a ballot before `open`; a cancelled
 * credential's ballots never count, whether cast before or after its `cancellation` entry.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  type BoardEntryView,
  countedBallots,
  countedBallotsTracker,
  isIrregular,
} from './counted-ballots.js';

const cred = (i: number): string => `C${i}`.padEnd(64, '0');
type Event =
  | { kind: 'ballot' | 'challenged-ballot'; voter: number }
  | { kind: 'late-credential'; voter: number }
  | { kind: 'early-ballot'; voter: number }
  | { kind: 'cancellation'; voter: number };

/** setup, credentials of voters 0–4, [early ballots], open, then the events; voters 5–9 are late. */
function board(events: readonly Event[]): BoardEntryView[] {
  const out: BoardEntryView[] = [];
  const push = (type: string, fields: Record<string, unknown>) =>
    out.push({ index: out.length, type, fields });
  push('setup', {});
  push('credentials', { credentials: [0, 1, 2, 3, 4].map(cred) });
  for (const e of events)
    if (e.kind === 'early-ballot') push('ballot', { submission: { credential: cred(e.voter) } });
  push('open', {});
  for (const e of events) {
    if (e.kind === 'late-credential') push('credentials', { credentials: [cred(e.voter)] });
    else if (e.kind === 'cancellation')
      push('cancellation', { credential: cred(e.voter).toLowerCase(), station: 'S1' });
    else if (e.kind !== 'early-ballot')
      push(e.kind, { submission: { credential: cred(e.voter).toLowerCase() } });
  }
  push('close', {});
  return out;
}

const events = fc.array(
  fc.oneof(
    fc.record({
      kind: fc.constantFrom('ballot' as const, 'challenged-ballot' as const),
      voter: fc.integer({ min: 0, max: 9 }),
    }),
    fc.record({ kind: fc.constant('late-credential' as const), voter: fc.integer({ min: 5, max: 9 }) }),
    fc.record({ kind: fc.constant('early-ballot' as const), voter: fc.integer({ min: 0, max: 4 }) }),
    fc.record({ kind: fc.constant('cancellation' as const), voter: fc.integer({ min: 0, max: 9 }) }),
  ),
  { maxLength: 40 },
);

const ballotsOf = (b: BoardEntryView[], type: string, voters: (v: string) => boolean) =>
  b.filter(
    (e) =>
      e.type === type &&
      voters(String((e.fields.submission as { credential: string }).credential).toUpperCase()),
  );
const opening = (b: BoardEntryView[]) => b.find((e) => e.type === 'open')!.index;

describe('countedBallots', () => {
  it('a revote supersedes: per published credential the last ballot counts, the earlier ones are superseded', () => {
    fc.assert(
      fc.property(events, (ev) => {
        const b = board(ev);
        const r = countedBallots(b);
        const cancelled = new Set(ev.filter((e) => e.kind === 'cancellation').map((e) => e.voter));
        for (const v of [0, 1, 2, 3, 4].filter((x) => !cancelled.has(x))) {
          const mine = ballotsOf(b, 'ballot', (c) => c === cred(v)).filter((e) => e.index > opening(b));
          const last = mine.at(-1);
          if (last) expect(r.counted).toContain(last.index);
          for (const e of mine.slice(0, -1)) {
            expect(r.counted).not.toContain(e.index);
            expect(r.superseded).toContain(e.index);
          }
        }
        expect(new Set(r.counted).size).toBe(r.counted.length);
        expect([...r.counted].sort((x, y) => x - y)).toEqual(r.counted);
      }),
    );
  });

  it('a challenged ballot never counts', () => {
    fc.assert(
      fc.property(events, (ev) => {
        const b = board(ev);
        const r = countedBallots(b);
        for (const e of b.filter((x) => x.type === 'challenged-ballot')) {
          expect(r.counted).not.toContain(e.index);
          expect(r.superseded).not.toContain(e.index);
        }
      }),
    );
  });

  it('a credential published after open never counts, nor a ballot before open', () => {
    fc.assert(
      fc.property(events, (ev) => {
        const b = board(ev);
        const r = countedBallots(b);
        const late = new Set([5, 6, 7, 8, 9].map(cred));
        for (const e of ballotsOf(b, 'ballot', (c) => late.has(c))) {
          expect(r.counted).not.toContain(e.index);
          expect(r.uncounted).toContainEqual(
            expect.objectContaining({ index: e.index, reason: 'unpublished-credential' }),
          );
        }
        for (const e of b.filter((x) => x.type === 'ballot' && x.index < opening(b))) {
          expect(r.counted).not.toContain(e.index);
          expect(r.uncounted).toContainEqual(
            expect.objectContaining({ index: e.index, reason: 'before-open' }),
          );
        }
      }),
    );
  });

  it('a cancelled credential never counts: every ballot of it, before or after the cancellation, is uncounted as cancelled', () => {
    fc.assert(
      fc.property(events, (ev) => {
        const b = board(ev);
        const r = countedBallots(b);
        const cancelled = new Set(ev.filter((e) => e.kind === 'cancellation').map((e) => cred(e.voter)));
        const early = new Set([5, 6, 7, 8, 9].map(cred));
        for (const e of ballotsOf(b, 'ballot', (c) => cancelled.has(c))) {
          expect(r.counted).not.toContain(e.index);
          expect(r.superseded).not.toContain(e.index);
          const u = r.uncounted.filter((x) => x.index === e.index);
          expect(u).toHaveLength(1);
          // an irregular ballot keeps its own reason; a regular one is reported as cancelled
          const credential = String((e.fields.submission as { credential: string }).credential).toUpperCase();
          if (e.index > opening(b) && !early.has(credential)) expect(u[0]!.reason).toBe('cancelled');
        }
        // nothing else is reported as cancelled
        for (const u of r.uncounted.filter((x) => !isIrregular(x))) {
          const e = b[u.index]!;
          expect(
            cancelled.has(String((e.fields.submission as { credential: string }).credential).toUpperCase()),
          ).toBe(true);
        }
        expect([...r.uncounted].map((x) => x.index)).toEqual(
          r.uncounted.map((x) => x.index).sort((x, y) => x - y),
        );
      }),
    );
  });

  it('counts a cancellation example exactly', () => {
    const r = countedBallots(
      board([
        { kind: 'ballot', voter: 1 },
        { kind: 'ballot', voter: 1 },
        { kind: 'ballot', voter: 3 },
        { kind: 'cancellation', voter: 1 },
        { kind: 'ballot', voter: 1 },
        { kind: 'ballot', voter: 2 },
      ]),
    );
    // 0 setup, 1 credentials, 2 open, 3 ballot(1), 4 ballot(1), 5 ballot(3), 6 cancellation(1), 7 ballot(1), 8 ballot(2)
    const message = 'a ballot of a credential cancelled by a check-in at a polling station';
    expect(r).toEqual({
      counted: [5, 8],
      superseded: [],
      uncounted: [3, 4, 7].map((index) => ({ index, reason: 'cancelled', message })),
    });
  });

  it('counts a revote example exactly', () => {
    const r = countedBallots(
      board([
        { kind: 'ballot', voter: 1 },
        { kind: 'challenged-ballot', voter: 2 },
        { kind: 'ballot', voter: 1 },
        { kind: 'late-credential', voter: 6 },
        { kind: 'ballot', voter: 6 },
        { kind: 'ballot', voter: 2 },
      ]),
    );
    // 0 setup, 1 credentials, 2 open, 3 ballot(1), 4 challenged(2), 5 ballot(1), 6 credentials(6), 7 ballot(6), 8 ballot(2)
    expect(r).toEqual({
      counted: [5, 8],
      superseded: [3],
      uncounted: [
        {
          index: 7,
          reason: 'unpublished-credential',
          message: 'a ballot of a credential not published before opening',
        },
      ],
    });
  });

  it('refuses entries out of log order', () => {
    expect(() =>
      countedBallots([
        { index: 1, type: 'open', fields: {} },
        { index: 1, type: 'open', fields: {} },
      ]),
    ).toThrow(RangeError);
  });

  it('gives the same result with the caller’s credential ids (sparse, in any order) as with its own', () => {
    fc.assert(
      fc.property(events, fc.integer({ min: 1, max: 5000 }), (evs, stride) => {
        const b = board(evs);
        // ids handed out far apart and in first-seen order: the tracker's arrays must grow to them
        const ids = new Map<string, number>();
        const t = countedBallotsTracker({
          credentialId: (c) => ids.get(c) ?? (ids.set(c, (ids.size + 1) * stride), ids.get(c)!),
        });
        for (const e of b) t.add(e);
        expect(t.result()).toEqual(countedBallots(b));
      }),
    );
  });
});
