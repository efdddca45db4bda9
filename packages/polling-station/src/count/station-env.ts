/**
 * What counting, printing and the marking device need from the rest of the station: who the
 * station is (from its provisioning bundle), its clock, and the station-core functions it
 * calls (clock offset, poll book, outbox, audit trail). Passed in, so that tests inject a clock
 * and fakes.
 * @module
 */
import type Database from 'better-sqlite3';
import type { Manifest } from '@evident/e2e-crypto';

/** The station as provisioned (the bundle's fields that counting uses). */
export interface StationIdentity {
  readonly electionId: string;
  readonly station: string;
  readonly manifest: Manifest;
  readonly ballotStyle: string;
  /** the election's ballot-printing key (hex), null if none was registered */
  readonly printingKey: string | null;
  /** this station's registered device key (hex) */
  readonly stationKey: string | null;
  /** IANA zone of the election */
  readonly timeZone: string;
  /** election-local wall time `YYYY-MM-DDTHH:mm[:ss]` */
  readonly countingStart: string;
  /** ms since the epoch, pinned from the bundle */
  readonly countingStartInstant: number;
}

/** The last measured server − station clock offset (station-core's sync). */
export interface ClockOffset {
  readonly offsetMs: number;
  /** station-local ms since the epoch when it was measured */
  readonly measuredAt: number;
}

/** An outbox item (station-core's `enqueue`). */
export interface OutboxItem {
  readonly kind: string;
  readonly method: 'POST' | 'PUT';
  readonly path: string;
  readonly body: unknown;
}

/** The station-core functions counting calls. */
export interface StationCoreDeps {
  lastClockOffset(db: Database.Database): ClockOffset | null;
  countCheckIns(db: Database.Database): number;
  enqueue(db: Database.Database, item: OutboxItem): void;
  recordAction(db: Database.Database, a: { worker: string; action: string; detail?: string }): void;
}

/** Everything a counting step runs with. */
export interface CountEnv {
  readonly db: Database.Database;
  readonly identity: StationIdentity;
  readonly deps: StationCoreDeps;
  /** the station's local clock, ms since the epoch */
  readonly now: () => number;
}
