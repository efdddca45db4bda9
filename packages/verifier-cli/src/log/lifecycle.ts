/**
 * L4 (spec/bulletin-board.md §6): the log follows the election's lifecycle, as
 * `evident-server` writes it (spec/server-api.md §4.1):
 *
 *   setup → key-ceremony → credentials… → open → ballots… → close → tally entries… → publish
 *
 * with `schedule` entries anywhere before `close`. A server that holds its log key can re-sign
 * any order, so the order itself is checked:
 * - **L4.A** `credentials` entries only before `open`: nobody can add a voter once voting runs.
 * - **L4.B** one `setup` (entry 0), one `key-ceremony` before any `credentials` and before
 *   `open`; exactly one `open`, after a `credentials` entry and before the close instant; at most
 *   one `close` (after `open`; `scheduled` only at or after the close instant); `schedule` only
 *   before `close`; `supersession` only while open; the tally, mix and decryption entries only
 *   after `close`, `encrypted-tally` and `tally-decryption` once; `publish` once, last; no
 *   entry type that the server does not write. The paper channel (spec/stations.md §8):
 *   `printing-key` and `station-key` before `open`; `cancellation` after `open` and before
 *   `encrypted-tally` (a later one would not be in the tally the guardians decrypt);
 *   `poll-book-close`, `station-exclusion`, `station-sheet` and `station-cvrs` after `open`
 *   (the last two may even follow `publish`: a late station's results complete the result);
 *   `countingStart` and `countingStartInstant` together (an integer), and after `open` no
 *   `schedule` entry moves the counting start (the sheets' timing is P4's).
 * - **L4.C** every `ballot` / `challenged-ballot` entry is after `open`, before `close`, and
 *   its `time` is before the close instant in force (`closeAtInstant` of the setup entry or of
 *   the last `schedule` entry before it; a schedule without one removes it; `closeAt` and
 *   `closeAtInstant` come together, the instant an integer, else L4.B).
 * @module
 */
import { LOG_FILE } from '@evident/record';
import type { LogObserver } from './log-observer.js';
import type { Collector, Json } from './log-summary.js';

/** Entries of the tally, the mix and the decryptions: after `close`, before `publish`. */
const AFTER_CLOSE = new Set([
  'encrypted-tally',
  'decryption-request',
  'mix-inputs',
  'mix-stage',
  'partial-decryption',
  'decryption-challenge',
  'decryption-response',
  'decryption-restart',
  'tally-decryption',
  'challenged-decryption',
  'ranked-decryption',
  'ranked-count',
]);
/** Entries that may appear at most once. */
const ONCE = new Set([
  'setup',
  'key-ceremony',
  'open',
  'close',
  'encrypted-tally',
  'tally-decryption',
  'publish',
]);

/** Paper entries that come once voting runs: a station's poll book, exclusion and results. */
const PAPER_AFTER_OPEN = new Set(['poll-book-close', 'station-exclusion', 'station-sheet', 'station-cvrs']);

/** Paper entries that may follow `publish`: a station's results. */
const LATE_PAPER = new Set(['station-sheet', 'station-cvrs']);

type Phase = 'created' | 'keyed' | 'open' | 'closed' | 'published';

/** The L4 checks, fed entry by entry (see {@link LogObserver}). */
export function lifecycleCheck(l4: Collector): LogObserver {
  let phase: Phase = 'created';
  let credentials = false;
  let closeInstant: number | undefined;
  let countingInstant: number | undefined;
  const seen = new Map<string, number>();
  const order = (at: string, message: string): void => l4.fail('L4.B', at, message);
  /** The close instant a setup or schedule entry sets: `closeAt` and its instant, or neither. */
  const instantOf = (e: Json, at: string): number | undefined => {
    const has = e.closeAtInstant !== undefined;
    if (has !== (e.closeAt !== undefined))
      order(`${at} closeAtInstant`, 'closeAt and closeAtInstant go together (both or neither)');
    if (has && !Number.isSafeInteger(e.closeAtInstant))
      order(`${at} closeAtInstant`, 'not an instant (ms since the epoch)');
    return Number.isSafeInteger(e.closeAtInstant) ? (e.closeAtInstant as number) : undefined;
  };
  /** The counting start a setup or schedule entry sets; a schedule without one leaves it as it was. */
  const countingOf = (e: Json, at: string): number | undefined => {
    const has = e.countingStartInstant !== undefined;
    if (has !== (e.countingStart !== undefined))
      order(
        `${at} countingStartInstant`,
        'countingStart and countingStartInstant go together (both or neither)',
      );
    if (has && !Number.isSafeInteger(e.countingStartInstant))
      order(`${at} countingStartInstant`, 'not an instant (ms since the epoch)');
    if (!Number.isSafeInteger(e.countingStartInstant)) return countingInstant;
    const next = e.countingStartInstant as number;
    // stations and observers read the counting start before voting; moving it later is a lie
    if (phase === 'open' && countingInstant !== undefined && next !== countingInstant)
      order(`${at} countingStartInstant`, `the counting start moved after "open" (was ${countingInstant})`);
    return next;
  };

  return {
    entry(e, index, at) {
      l4.item();
      const t = e.type;
      const first = seen.get(t);
      seen.set(t, first ?? index);
      if (ONCE.has(t) && first !== undefined) {
        order(at, `a second "${t}" entry (the first is ${lineOf(first)})`);
        return;
      }
      // a station's sheet may come after the online result is out (a station offline until late,
      // a correction): the final result is the online tally plus the sheets, whenever they come
      if (phase === 'published' && !LATE_PAPER.has(t)) {
        order(at, `a "${t}" entry after "publish": publish is the last entry`);
        return;
      }
      switch (t) {
        case 'setup':
          if (index !== 0) order(at, 'the setup entry must be entry 0');
          closeInstant = instantOf(e, at);
          countingInstant = countingOf(e, at);
          break;
        case 'key-ceremony':
          if (phase !== 'created') order(at, 'the key ceremony after "open"');
          else phase = 'keyed';
          break;
        case 'credentials':
          if (phase === 'created') order(at, 'credentials before the key ceremony');
          else if (phase !== 'keyed')
            l4.fail('L4.A', at, `credentials published after voting opened (${phase})`);
          credentials = true;
          break;
        case 'schedule':
          if (phase === 'closed') order(at, 'a schedule entry after "close"');
          else {
            closeInstant = instantOf(e, at);
            countingInstant = countingOf(e, at);
          }
          break;
        case 'open':
          if (phase !== 'keyed' || !credentials)
            order(at, '"open" must follow the key ceremony and a credentials entry');
          else if (closeInstant !== undefined && !(Number(e.time) < closeInstant))
            order(at, `opened at or after the close instant ${closeInstant}`);
          phase = 'open';
          break;
        case 'ballot':
        case 'challenged-ballot':
          if (phase !== 'open')
            l4.fail('L4.C', at, `a ${t} entry ${phase === 'closed' ? 'after "close"' : 'before "open"'}`);
          else if (!Number.isSafeInteger(e.time))
            l4.fail('L4.C', `${at} time`, 'the entry has no time (ms since the epoch)');
          else if (closeInstant !== undefined && (e.time as number) >= closeInstant)
            l4.fail('L4.C', `${at} time`, `received at or after the close instant ${closeInstant}`);
          break;
        case 'supersession':
          if (phase !== 'open') order(at, 'a supersession outside the voting period');
          break;
        case 'close':
          if (phase !== 'open') order(at, '"close" before "open"');
          else if (e.reason !== 'administrator' && e.reason !== 'scheduled')
            order(`${at} reason`, 'must be "administrator" or "scheduled"');
          else if (
            e.reason === 'scheduled' &&
            !(closeInstant !== undefined && Number(e.time) >= closeInstant)
          )
            order(`${at} time`, 'a scheduled close before the close instant in force');
          phase = 'closed';
          break;
        case 'printing-key':
        case 'station-key':
          if (phase !== 'created' && phase !== 'keyed')
            order(at, `a "${t}" entry after "open": keys are registered before voting`);
          break;
        case 'cancellation':
          if (phase !== 'open' && phase !== 'closed') order(at, 'a cancellation before "open"');
          else if (seen.has('encrypted-tally'))
            order(at, 'a cancellation after "encrypted-tally": the tally already counted its ballot');
          break;
        case 'publish':
          if (phase !== 'closed') order(at, '"publish" before "close"');
          phase = 'published';
          break;
        default:
          if (PAPER_AFTER_OPEN.has(t)) {
            if (phase !== 'open' && phase !== 'closed' && phase !== 'published')
              order(at, `a "${t}" entry before "open"`);
          } else if (!AFTER_CLOSE.has(t)) order(at, `unknown entry type "${t.slice(0, 40)}"`);
          else if (phase !== 'closed') order(at, `a "${t}" entry before "close"`);
      }
    },
    end() {},
  };
}

/** The location of log index `i`. */
const lineOf = (i: number): string => `${LOG_FILE}:${i + 1}`;
