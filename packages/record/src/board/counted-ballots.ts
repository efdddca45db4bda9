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

/** Options of {@link countedBallotsTracker}. */
export interface CountedBallotsOptions {
  /**
   * Small dense ids (0, 1, 2…) of credentials in upper case, the same id for the same credential:
   * a caller that already numbers the board's credentials (the verifier's compact table) saves
   * the tracker its own map of a million credential strings. Default: the tracker's own map.
   */
  readonly credentialId?: (credential: string) => number;
}

/** A per-credential integer, growing with the ids it is given (4 bytes a credential). */
function perCredential(fill: number): { at(id: number): number; set(id: number, v: number): void } {
  let a = new Int32Array(1024).fill(fill);
  return {
    at: (id) => (id < a.length ? a[id]! : fill),
    set(id, v) {
      if (id >= a.length) {
        let n = a.length * 2;
        while (n <= id) n *= 2;
        const b = new Int32Array(n).fill(fill, a.length);
        b.set(a);
        a = b;
      }
      a[id] = v;
    },
  };
}

/** Ids from a map of the credentials seen. */
function ownIds(): (credential: string) => number {
  const ids = new Map<string, number>();
  return (c) => {
    let id = ids.get(c);
    if (id === undefined) ids.set(c, (id = ids.size));
    return id;
  };
}

const PUBLISHED = 1;
const CANCELLED = 2;

/** A tracker of the counted ballots, fed the board's entries in log order. */
export function countedBallotsTracker(opts: CountedBallotsOptions = {}): CountedBallotsTracker {
  const idOf = opts.credentialId ?? ownIds();
  let opened = false;
  let previous = -Infinity; // a reader's stand-in entry may come before entry 0 (credential-entries.ts)
  const flags = perCredential(0); // PUBLISHED (before `open`), CANCELLED
  const last = perCredential(-1); // log index of the credential's last counted-so-far ballot
  const seen: number[] = []; // ids with a ballot in `last`, in order of their first
  // the superseded ballots: log index and credential id, side by side
  const superseded: number[] = [];
  const supersededCred: number[] = [];
  const uncounted: UncountedBallot[] = [];
  const cancelled = (id: number): boolean => (flags.at(id) & CANCELLED) !== 0;
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
            for (const c of (e.fields.credentials as unknown[] | undefined) ?? []) {
              const id = idOf(String(c).toUpperCase());
              flags.set(id, flags.at(id) | PUBLISHED);
            }
          break;
        case 'cancellation': {
          const id = idOf(String(e.fields.credential).toUpperCase());
          flags.set(id, flags.at(id) | CANCELLED);
          break;
        }
        case 'ballot': {
          const id = idOf(credentialOf(e.fields));
          if (!opened) {
            uncounted.push({ index: e.index, reason: 'before-open', message: 'a ballot before opening' });
            break;
          }
          if ((flags.at(id) & PUBLISHED) === 0) {
            uncounted.push({
              index: e.index,
              reason: 'unpublished-credential',
              message: 'a ballot of a credential not published before opening',
            });
            break;
          }
          const before = last.at(id);
          if (before >= 0) {
            superseded.push(before);
            supersededCred.push(id);
          } else seen.push(id);
          last.set(id, e.index);
          break;
        }
      }
    },
    result() {
      const asc = (a: number, b: number) => a - b;
      const counted: number[] = [];
      const kept: number[] = [];
      const cancelledBallots: UncountedBallot[] = [];
      const cancelledBallot = (index: number): UncountedBallot => ({
        index,
        reason: 'cancelled',
        message: CANCELLED_MESSAGE,
      });
      superseded.forEach((index, k) => {
        if (cancelled(supersededCred[k]!)) cancelledBallots.push(cancelledBallot(index));
        else kept.push(index);
      });
      for (const id of seen) {
        if (cancelled(id)) cancelledBallots.push(cancelledBallot(last.at(id)));
        else counted.push(last.at(id));
      }
      return {
        counted: counted.sort(asc),
        superseded: kept.sort(asc),
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
