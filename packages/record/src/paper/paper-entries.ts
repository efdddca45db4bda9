/**
 * The board entries of the paper channel (spec/bulletin-board.md §1.3, spec/stations.md §8):
 * their fields, as the server writes them and the verifier reads them. Hex is upper case.
 * @module
 */
import type { StationCvrs } from './cvrs.js';
import type { SignedTallySheet } from './tally-sheet.js';

/** The paper channel's entry types, in the order a station's life brings them. */
export const PAPER_ENTRY_TYPES = [
  'printing-key',
  'station-key',
  'cancellation',
  'poll-book-close',
  'station-exclusion',
  'station-sheet',
  'station-cvrs',
] as const;
export type PaperEntryType = (typeof PAPER_ENTRY_TYPES)[number];

/** The election's ballot-printing key; before `open`, at most one. */
export interface PrintingKeyEntry {
  readonly type: 'printing-key';
  readonly publicKey: string;
  readonly time: number;
}

/** A station's device key; before `open`, at most one per station of the manifest. */
export interface StationKeyEntry {
  readonly type: 'station-key';
  readonly station: string;
  readonly publicKey: string;
  readonly time: number;
}

/**
 * A credential whose online ballots never count, because its voter was checked in at a polling
 * station (paper wins, spec/stations.md §5). Names the credential, never the voter.
 */
export interface CancellationEntry {
  readonly type: 'cancellation';
  readonly credential: string;
  readonly station: string;
  readonly time: number;
}

/** What a station signs when it closes its poll book (statement `poll-book-close`). */
export interface PollBookClosing {
  readonly electionId: string;
  readonly station: string;
  /** voters checked in */
  readonly checkIns: number;
  /** ISO 8601 UTC */
  readonly closedAt: string;
}

/** A station's poll book closed and synced. */
export interface PollBookCloseEntry {
  readonly type: 'poll-book-close';
  readonly closing: PollBookClosing;
  readonly signature: string;
  /** of this station's check-ins, how many were of a voter also checked in at another station */
  readonly duplicateCheckIns: number;
  readonly time: number;
}

/** The administrator's record of why a station's poll book or sheet will not come. */
export interface StationExclusionEntry {
  readonly type: 'station-exclusion';
  readonly station: string;
  readonly reason: string;
  readonly time: number;
}

/** An accepted tally sheet. */
export interface StationSheetEntry {
  readonly type: 'station-sheet';
  readonly sheetHash: string;
  readonly signed: SignedTallySheet;
  /** how it arrived: submitted by the station, or scanned from its printed codes */
  readonly via: 'network' | 'scan';
  readonly time: number;
}

/** The records of an accepted sheet, right after its `station-sheet` entry. */
export interface StationCvrsEntry {
  readonly type: 'station-cvrs';
  readonly station: string;
  readonly sequence: number;
  readonly sheetHash: string;
  readonly cvrs: StationCvrs;
  readonly time: number;
}

/** The counting start in the `setup` and `schedule` entries (spec/stations.md §5). */
export interface CountingStartFields {
  /** wall-clock time `YYYY-MM-DDTHH:mm[:ss]` in the entry's `timeZone` */
  readonly countingStart: string;
  /** the instant, ms since the Unix epoch, by the zone rules (spec/server-api.md §4.3) */
  readonly countingStartInstant: number;
}
