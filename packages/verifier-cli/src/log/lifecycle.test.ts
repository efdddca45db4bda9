/**
 * L4 on logs written entry by entry: the order `evident-server` writes passes, and each way a
 * server could reorder or add entries (it can re-sign any order) is a finding at its line.
 */
import { describe, expect, it } from 'vitest';
import { stepCollector } from '../report.js';
import { lifecycleCheck } from './lifecycle.js';

type Entry = { type: string } & Record<string, unknown>;
const CLOSE_AT = 10_000;

/** An honest log: setup with a close instant, keys, credentials, open, ballots, close, tally, publish. */
const honest = (): Entry[] => [
  { type: 'setup', closeAt: 'T', closeAtInstant: CLOSE_AT, time: 1 },
  { type: 'schedule', timeZone: 'UTC', closeAt: 'T', closeAtInstant: CLOSE_AT, time: 2 },
  { type: 'key-ceremony', time: 3 },
  { type: 'credentials', credentials: [], time: 4 },
  { type: 'credentials', credentials: [], time: 5 },
  { type: 'open', time: 6 },
  { type: 'ballot', time: 7 },
  { type: 'challenged-ballot', time: 8 },
  { type: 'ballot', time: 9 },
  { type: 'supersession', time: 9 },
  { type: 'schedule', timeZone: 'UTC', closeAt: 'T', closeAtInstant: CLOSE_AT, time: 10 },
  { type: 'close', reason: 'scheduled', time: CLOSE_AT },
  { type: 'encrypted-tally', time: 10_001 },
  { type: 'decryption-request', time: 10_001 },
  { type: 'mix-inputs', time: 10_001 },
  { type: 'mix-stage', time: 10_002 },
  { type: 'partial-decryption', time: 10_003 },
  { type: 'decryption-challenge', time: 10_004 },
  { type: 'decryption-response', time: 10_005 },
  { type: 'decryption-restart', time: 10_005 },
  { type: 'tally-decryption', time: 10_006 },
  { type: 'challenged-decryption', time: 10_006 },
  { type: 'ranked-decryption', time: 10_006 },
  { type: 'ranked-count', time: 10_006 },
  { type: 'publish', time: 10_006 },
];

/** The L4 findings of `log`, as [check, line]. */
function findings(log: readonly Entry[]): [string, string][] {
  const l4 = stepCollector('L4', 'Lifecycle');
  const check = lifecycleCheck(l4);
  log.forEach((e, i) => check.entry(e, i, `board/log.jsonl:${i + 1}`));
  check.end();
  return l4.done().failures.map((f) => [f.check, f.location]);
}
const indexOf = (log: readonly Entry[], type: string): number => log.findIndex((e) => e.type === type);
const moved = (log: readonly Entry[], from: number, to: number): Entry[] => {
  const out = [...log];
  out.splice(to, 0, ...out.splice(from, 1));
  return out;
};
const inserted = (log: readonly Entry[], at: number, e: Entry): Entry[] => [
  ...log.slice(0, at),
  e,
  ...log.slice(at),
];

describe('L4 lifecycle order', () => {
  it('the order the server writes passes, with and without a close instant', () => {
    expect(findings(honest())).toEqual([]);
    const manual = honest().map((e) =>
      e.type === 'setup' || e.type === 'schedule'
        ? { type: e.type, time: e.time }
        : e.type === 'close'
          ? { ...e, reason: 'administrator' }
          : e,
    );
    expect(findings(manual)).toEqual([]);
  });

  it('L4.A: a credentials entry after open, wherever it is put, names its line', () => {
    const log = honest();
    for (let to = indexOf(log, 'open') + 1; to < indexOf(log, 'publish'); to++) {
      const f = findings(inserted(log, to, { type: 'credentials', credentials: [], time: 7 }));
      expect(f).toContainEqual(['L4.A', `board/log.jsonl:${to + 1}`]);
    }
  });

  it('L4.C: ballots before open, after close, at or after the close instant, without a time', () => {
    const log = honest();
    const ballot = { type: 'ballot', time: 7 };
    expect(findings(inserted(log, indexOf(log, 'open'), ballot))).toEqual([['L4.C', 'board/log.jsonl:6']]);
    const afterClose = inserted(log, indexOf(log, 'close') + 1, { type: 'challenged-ballot', time: 7 });
    expect(findings(afterClose)).toEqual([['L4.C', 'board/log.jsonl:13']]);
    const late = log.map((e, i) => (i === 8 ? { ...e, time: CLOSE_AT } : e));
    expect(findings(late)).toEqual([['L4.C', 'board/log.jsonl:9 time']]);
    const untimed = log.map((e, i) => (i === 8 ? { type: 'ballot' } : e));
    expect(findings(untimed)).toEqual([['L4.C', 'board/log.jsonl:9 time']]);
  });

  it('L4.C: the close instant in force is the last schedule entry’s (or none after a clearing one)', () => {
    const log = honest();
    const earlier = inserted(log, indexOf(log, 'open') + 1, {
      type: 'schedule',
      timeZone: 'UTC',
      closeAt: 'T',
      closeAtInstant: 8,
      time: 6,
    });
    // the ballots at 8 and 9 are late, the one at 7 is not; the later schedule moves the instant back
    expect(findings(earlier)).toEqual([
      ['L4.C', 'board/log.jsonl:9 time'],
      ['L4.C', 'board/log.jsonl:10 time'],
    ]);
    const cleared = inserted(log, indexOf(log, 'open'), { type: 'schedule', timeZone: 'UTC', time: 5 });
    const allLate = cleared.map((e) => (e.type === 'ballot' ? { ...e, time: 20_000 } : e));
    const noScheduledClose = allLate.map((e) =>
      e.type === 'schedule' && e.time === 10 ? { type: 'schedule', timeZone: 'UTC', time: 10 } : e,
    );
    // no instant in force while the ballots came: none is late, but a scheduled close then is L4.B
    expect(findings(noScheduledClose)).toEqual([['L4.B', 'board/log.jsonl:13 time']]);
  });

  it('L4.B: each out-of-order entry is named', () => {
    const log = honest();
    const cases: [string, Entry[], string][] = [
      ['second setup', inserted(log, 3, { type: 'setup', time: 3 }), 'board/log.jsonl:4'],
      ['second key ceremony', inserted(log, 4, { type: 'key-ceremony', time: 3 }), 'board/log.jsonl:5'],
      ['credentials before keys', moved(log, 3, 2), 'board/log.jsonl:3'],
      ['key ceremony after open', moved(log, 2, 5), 'board/log.jsonl:6'],
      ['second open', inserted(log, 7, { type: 'open', time: 7 }), 'board/log.jsonl:8'],
      ['schedule after close', inserted(log, 12, { type: 'schedule', time: 10_001 }), 'board/log.jsonl:13'],
      [
        'supersession after close',
        inserted(log, 12, { type: 'supersession', time: 1 }),
        'board/log.jsonl:13',
      ],
      ['tally before close', moved(log, 12, 11), 'board/log.jsonl:12'],
      [
        'second close',
        inserted(log, 12, { type: 'close', reason: 'administrator', time: 1 }),
        'board/log.jsonl:13',
      ],
      [
        'bad close reason',
        log.map((e) => (e.type === 'close' ? { ...e, reason: 'x' } : e)),
        'board/log.jsonl:12 reason',
      ],
      [
        'scheduled close too early',
        log.map((e) => (e.type === 'close' ? { ...e, time: 9 } : e)),
        'board/log.jsonl:12 time',
      ],
      [
        'second encrypted tally',
        inserted(log, 13, { type: 'encrypted-tally', time: 1 }),
        'board/log.jsonl:14',
      ],
      ['entry after publish', [...log, { type: 'ranked-count', time: 1 }], 'board/log.jsonl:26'],
      ['publish before close', moved(log, 24, 6), 'board/log.jsonl:7'],
      ['unknown type', inserted(log, 6, { type: 'station-ballot', time: 7 }), 'board/log.jsonl:7'],
      [
        'open at the close instant',
        log.map((e) => (e.type === 'open' ? { ...e, time: CLOSE_AT } : e)),
        'board/log.jsonl:6',
      ],
    ];
    for (const [what, bad, at] of cases) expect(findings(bad), what).toContainEqual(['L4.B', at]);
  });

  it('L4.B: a close instant that is not an integer, or without its closeAt', () => {
    const log = honest();
    const text = log.map((e, i) => (i === 1 ? { ...e, closeAtInstant: String(CLOSE_AT) } : e));
    expect(findings(text)).toEqual([['L4.B', 'board/log.jsonl:2 closeAtInstant']]);
    const bare = log.map((e, i) => (i === 0 ? { type: 'setup', closeAtInstant: CLOSE_AT, time: 1 } : e));
    expect(findings(bare)).toEqual([['L4.B', 'board/log.jsonl:1 closeAtInstant']]);
  });

  it('L4.B: open without a credentials entry before it', () => {
    const log = honest().filter((e) => e.type !== 'credentials');
    expect(findings(log)).toEqual([['L4.B', 'board/log.jsonl:4']]);
  });
});

describe('L4 lifecycle order of the paper channel', () => {
  const COUNT_AT = 9_000;
  /** honest() with counting start, keys before open, check-ins while open, sheets and poll books after. */
  const paper = (): Entry[] => {
    const log = honest().map((e) =>
      e.type === 'setup' || e.type === 'schedule'
        ? { ...e, countingStart: 'C', countingStartInstant: COUNT_AT }
        : e,
    );
    const at = (type: string) => indexOf(log, type);
    log.splice(at('key-ceremony'), 0, { type: 'printing-key', publicKey: 'K', time: 2 });
    log.splice(at('open'), 0, { type: 'station-key', station: 'S1', publicKey: 'K', time: 5 });
    log.splice(at('supersession') + 1, 0, { type: 'cancellation', credential: 'C', station: 'S1', time: 9 });
    log.splice(at('close') + 1, 0, { type: 'cancellation', credential: 'D', station: 'S1', time: 10_001 });
    log.splice(
      at('encrypted-tally'),
      0,
      { type: 'station-sheet', time: 10_001 },
      { type: 'station-cvrs', time: 10_001 },
      { type: 'poll-book-close', time: 10_001 },
      { type: 'station-exclusion', station: 'S2', time: 10_001 },
    );
    log.splice(at('publish'), 0, { type: 'station-sheet', time: 10_007 });
    // a station offline until late: its results after the online result is published
    log.push({ type: 'station-sheet', time: 10_008 }, { type: 'station-cvrs', time: 10_008 });
    return log;
  };

  it('the order of a paper election passes', () => {
    expect(findings(paper())).toEqual([]);
  });

  it('L4.B: keys after open, cancellations before open or after the encrypted tally, station entries before open', () => {
    const log = paper();
    const open = indexOf(log, 'open');
    const tally = indexOf(log, 'encrypted-tally');
    const cases: [string, Entry[], string][] = [
      [
        'printing key after open',
        inserted(log, open + 1, { type: 'printing-key', time: 7 }),
        `board/log.jsonl:${open + 2}`,
      ],
      [
        'station key after close',
        inserted(log, tally, { type: 'station-key', time: 7 }),
        `board/log.jsonl:${tally + 1}`,
      ],
      [
        'cancellation before open',
        inserted(log, open, { type: 'cancellation', time: 5 }),
        `board/log.jsonl:${open + 1}`,
      ],
      [
        'cancellation after the tally',
        inserted(log, tally + 1, { type: 'cancellation', time: 5 }),
        `board/log.jsonl:${tally + 2}`,
      ],
    ];
    for (const t of ['poll-book-close', 'station-exclusion', 'station-sheet', 'station-cvrs'])
      cases.push([
        `${t} before open`,
        inserted(log, open, { type: t, time: 5 }),
        `board/log.jsonl:${open + 1}`,
      ]);
    for (const t of ['poll-book-close', 'station-exclusion', 'cancellation', 'station-key'])
      cases.push([
        `${t} after publish`,
        [...log, { type: t, time: 10_009 }],
        `board/log.jsonl:${log.length + 1}`,
      ]);
    for (const [what, bad, at] of cases) expect(findings(bad), what).toEqual([['L4.B', at]]);
  });

  it('L4.B: the counting start goes with its instant, is an integer, and does not move after open', () => {
    const log = paper();
    const s = indexOf(log, 'setup');
    const bare = log.map((e, i) => (i === s ? { ...e, countingStart: undefined } : e));
    expect(findings(bare)).toEqual([['L4.B', 'board/log.jsonl:1 countingStartInstant']]);
    const text = log.map((e, i) => (i === s ? { ...e, countingStartInstant: '9000' } : e));
    expect(findings(text)).toEqual([['L4.B', 'board/log.jsonl:1 countingStartInstant']]);
    const late = log.length - 1 - [...log].reverse().findIndex((e) => e.type === 'schedule');
    const moved = log.map((e, i) => (i === late ? { ...e, countingStartInstant: COUNT_AT - 1 } : e));
    expect(findings(moved)).toEqual([['L4.B', `board/log.jsonl:${late + 1} countingStartInstant`]]);
    // before open a schedule may move it (from the setup entry's 8,000 to 9,000)
    const early = log.map((e, i) => (i === s ? { ...e, countingStartInstant: 8_000 } : e));
    expect(findings(early)).toEqual([]);
  });
});
