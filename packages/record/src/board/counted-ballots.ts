/**
 * The counted ballots of a bulletin board (spec/server-api.md §7.1, spec/key-ceremony.md §9.7,
 * spec/verification.md L3.C, L3.G): per credential the last `ballot` entry — a revote supersedes
 * the earlier ones —, only for a credential published in a `credentials` entry before `open`, only
 * after `open`; a `challenged-ballot` never counts (EG 2.0 eq 62); no `ballot` of a credential
 * named by a `cancellation` entry counts — before or after that entry: its voter was checked in at
 * a polling station, and paper wins (spec/stations.md §4, §8). One rule for the server's
 * tally, the guardians' check of what they decrypt and the verifier's comparison of the record
 * with the board. Ballots that break the rule are not counted and are reported: the guardians
 * refuse to decrypt a tally of such a board, the verifier names them.
 * @module
 */

/** A board entry as the rule reads it: log index, type, and the entry's fields. */
export interface BoardEntryView {
  readonly index: number;
  readonly type: string;
  readonly fields: Readonly<Record<string, unknown>>;
}

/** A `ballot` entry the rule does not count, and why. */
export interface UncountedBallot {
  readonly index: number;
  readonly reason: 'before-open' | 'unpublished-credential' | 'cancelled';
  readonly message: string;
}

/** The outcome of the rule. */
export interface CountedBallots {
  /** log indices of the counted ballots, ascending */
  readonly counted: readonly number[];
  /**
   * log indices of the ballots a later ballot of the same credential superseded, ascending (a
   * cancelled credential's ballots are in `uncounted`, not here)
   */
  readonly superseded: readonly number[];
  /** in log order; reason `cancelled` is the cross-channel rule at work, every other reason an irregularity */
  readonly uncounted: readonly UncountedBallot[];
}

/** The rule applied entry by entry, in log order (constant memory per credential and ballot). */
export interface CountedBallotsTracker {
  /** @throws {RangeError} if entries do not come in increasing log order */
  add(e: BoardEntryView): void;
  result(): CountedBallots;
}

const credentialOf = (fields: Readonly<Record<string, unknown>>): string =>
  String((fields.submission as { credential?: unknown } | undefined)?.credential).toUpperCase();

const CANCELLED_MESSAGE = 'a ballot of a credential cancelled by a check-in at a polling station';

/** True for an uncounted ballot that is an irregularity of the board, not the cancellation rule at work. */
export const isIrregular = (u: UncountedBallot): boolean => u.reason !== 'cancelled';

/** A tracker of the counted ballots, fed the board's entries in log order. */
export function countedBallotsTracker(): CountedBallotsTracker {
  let opened = false;
  let previous = -Infinity; // a reader's stand-in entry may come before entry 0 (credential-entries.ts)
  const published = new Set<string>();
  const last = new Map<string, number>();
  const superseded: { index: number; cred: string }[] = [];
  const uncounted: UncountedBallot[] = [];
  // a cancellation reaches back: the credential's earlier ballots are judged at the end
  const cancelled = new Set<string>();
  return {
    add(e) {
      if (e.index <= previous)
        throw new RangeError(`countedBallots: entry ${e.index} after entry ${previous}`);
      previous = e.index;
      switch (e.type) {
        case 'open':
          opened = true;
          break;
        case 'credentials':
          // a credential published after `open` never counts: it could stuff the ballot box
          if (!opened)
            for (const c of (e.fields.credentials as unknown[] | undefined) ?? [])
              published.add(String(c).toUpperCase());
          break;
        case 'cancellation':
          cancelled.add(String(e.fields.credential).toUpperCase());
          break;
        case 'ballot': {
          const cred = credentialOf(e.fields);
          if (!opened) {
            uncounted.push({ index: e.index, reason: 'before-open', message: 'a ballot before opening' });
            break;
          }
          if (!published.has(cred)) {
            uncounted.push({
              index: e.index,
              reason: 'unpublished-credential',
              message: 'a ballot of a credential not published before opening',
            });
            break;
          }
          const before = last.get(cred);
          if (before !== undefined) superseded.push({ index: before, cred });
          last.set(cred, e.index);
          break;
        }
      }
    },
    result() {
      const cancelledBallots: UncountedBallot[] = [
        ...superseded,
        ...[...last].map(([cred, index]) => ({ index, cred })),
      ]
        .filter((b) => cancelled.has(b.cred))
        .map((b) => ({ index: b.index, reason: 'cancelled', message: CANCELLED_MESSAGE }));
      const asc = (a: number, b: number) => a - b;
      return {
        counted: [...last]
          .filter(([cred]) => !cancelled.has(cred))
          .map(([, i]) => i)
          .sort(asc),
        superseded: superseded
          .filter((b) => !cancelled.has(b.cred))
          .map((b) => b.index)
          .sort(asc),
        uncounted: [...uncounted, ...cancelledBallots].sort((a, b) => a.index - b.index),
      };
    },
  };
}

/** The counted ballots of `entries` (in log order). */
export function countedBallots(entries: Iterable<BoardEntryView>): CountedBallots {
  const t = countedBallotsTracker();
  for (const e of entries) t.add(e);
  return t.result();
}
