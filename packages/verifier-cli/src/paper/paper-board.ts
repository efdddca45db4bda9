/**
 * What the paper-channel checks P1–P9 (spec/verification.md) read of the bulletin board, kept in
 * the one L1 pass over `board/log.jsonl` (../log/read-log.ts): the setup entry's election id and
 * manifest, the counting start in force, where `open` and `encrypted-tally` stand, the decrypted
 * online tally, and every paper entry (spec/stations.md §8). Paper entries are few (a handful per
 * station), so they are kept whole; ballots and credentials stay in the log summary.
 * @module
 */
import { PAPER_ENTRY_TYPES, type PaperEntryType } from '@evident/record';
import type { Manifest } from '@evident/e2e-crypto';
import type { LogObserver } from '../log/log-observer.js';
import type { Json } from '../log/log-summary.js';

/** A board entry as the P-steps read it: its fields (unchecked), log index and location. */
export interface BoardEntry {
  readonly e: Json;
  readonly index: number;
  /** `board/log.jsonl:<line>` */
  readonly at: string;
}

/** The counting start set by a `setup` or `schedule` entry, from its log index on. */
export interface CountingStartAt {
  readonly index: number;
  readonly instant: number;
}

/** The board as the paper checks need it. */
export interface PaperBoard {
  electionId?: string;
  manifest?: Manifest;
  /** the counting starts in log order (a `schedule` without one leaves it unchanged) */
  readonly countingStarts: CountingStartAt[];
  /** log index of `open`, of `encrypted-tally` */
  openIndex?: number;
  encryptedTallyIndex?: number;
  /** the `tally-decryption` entry's tally (record `tally.json`, bound by L3.F) */
  tally?: Json;
  /** every paper entry, by type, in log order */
  readonly entries: Record<PaperEntryType, BoardEntry[]>;
}

/** An empty board. */
export function emptyPaperBoard(): PaperBoard {
  const entries = Object.fromEntries(PAPER_ENTRY_TYPES.map((t) => [t, []])) as unknown as Record<
    PaperEntryType,
    BoardEntry[]
  >;
  return { countingStarts: [], entries };
}

const PAPER = new Set<string>(PAPER_ENTRY_TYPES);

/** True when the board holds any paper entry: the P-steps have something to check. */
export const hasPaper = (b: PaperBoard): boolean => PAPER_ENTRY_TYPES.some((t) => b.entries[t].length > 0);

/** The counting start in force at log index `index`, if any. */
export function countingStartAt(b: PaperBoard, index: number): number | undefined {
  let instant: number | undefined;
  for (const c of b.countingStarts) if (c.index < index) instant = c.instant;
  return instant;
}

/** The observer that fills `board` during the L1 pass. */
export function paperBoardObserver(board: PaperBoard): LogObserver {
  return {
    entry(e, index, at) {
      switch (e.type) {
        case 'setup':
          if (index !== 0) break; // a second setup is L4.B's
          if (typeof e.electionId === 'string') board.electionId = e.electionId;
          if (isManifestShape(e.manifest)) board.manifest = e.manifest;
          noteCountingStart(board, e, index);
          break;
        case 'schedule':
          noteCountingStart(board, e, index);
          break;
        case 'open':
          board.openIndex ??= index;
          break;
        case 'encrypted-tally':
          board.encryptedTallyIndex ??= index;
          break;
        case 'tally-decryption':
          if (typeof e.tally === 'object' && e.tally !== null) board.tally ??= e.tally as Json;
          break;
        case 'cancellation':
          // one per voter who checked in: kept small, a national election has many
          board.entries.cancellation.push({
            e: { type: e.type, credential: e.credential, station: e.station },
            index,
            at,
          });
          break;
        default:
          if (PAPER.has(e.type)) board.entries[e.type as PaperEntryType].push({ e, index, at });
      }
    },
    end() {},
  };
}

/**
 * The manifest shape the P-steps read (labels, options, limits, styles, stations, districts).
 * The manifest itself is checked by steps 1 and L3.A; a board whose setup entry holds something
 * else leaves the P-steps without a manifest (stations and contests then fail their checks).
 */
function isManifestShape(m: unknown): m is Manifest {
  const o = m as Record<string, unknown> | null;
  const list = (v: unknown, item: (x: Record<string, unknown>) => boolean): boolean =>
    Array.isArray(v) &&
    v.every((x) => typeof x === 'object' && x !== null && item(x as Record<string, unknown>));
  const label = (x: Record<string, unknown>) => typeof x.label === 'string';
  return (
    typeof o === 'object' &&
    o !== null &&
    list(o.districts, label) &&
    list(
      o.pollingStations,
      (s) => label(s) && typeof s.district === 'string' && typeof s.ballotStyle === 'string',
    ) &&
    list(o.ballotStyles, (s) => label(s) && Array.isArray(s.contests)) &&
    list(o.contests, (c) => label(c) && Number.isSafeInteger(c.voteLimit) && list(c.options, label))
  );
}

/** A setup or schedule entry's counting start (its form is L4.B's). */
function noteCountingStart(board: PaperBoard, e: Json, index: number): void {
  if (Number.isSafeInteger(e.countingStartInstant))
    board.countingStarts.push({ index, instant: e.countingStartInstant as number });
}
