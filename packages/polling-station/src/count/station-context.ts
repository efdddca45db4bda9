/**
 * The counting environment of a station directory: its identity from the provisioning bundle
 * and the station-core functions (through {@link ./station-core-link}).
 * @module
 */
import { CountError } from './count-error.js';
import {
  type StationDb,
  type StoredBundle,
  checkInCount,
  enqueue,
  lastClockOffset,
  recordAction,
  storedBundle,
} from './station-core-link.js';
import type { CountEnv, StationCoreDeps, StationIdentity } from './station-env.js';

/** The station's identity from its bundle; the ballot style is the pinned manifest's. */
export function identityFromBundle(b: StoredBundle): StationIdentity {
  const st = b.manifest.pollingStations.find((s) => s.label === b.station);
  if (!st) throw new CountError('not-started', `the bundle's manifest has no polling station "${b.station}"`);
  return {
    electionId: b.electionId,
    station: b.station,
    manifest: b.manifest,
    ballotStyle: st.ballotStyle,
    printingKey: b.printingKey,
    stationKey: b.stationKey,
    timeZone: b.timeZone,
    countingStart: b.countingStart,
    countingStartInstant: b.countingStartInstant,
  };
}

/** station-core's functions, as counting calls them. */
export function stationCoreDeps(now: () => number): StationCoreDeps {
  return {
    lastClockOffset: (db) => lastClockOffset(db),
    countCheckIns: (db) => checkInCount(db),
    enqueue: (db, item) => void enqueue(db, item, now()),
    recordAction: (db, a) => recordAction(db, a, now()),
  };
}

/**
 * The counting environment of an open station database.
 * @throws {CountError} when the station is not provisioned
 */
export function countEnvOf(sdb: StationDb): CountEnv {
  const b = storedBundle(sdb.db);
  if (!b)
    throw new CountError(
      'not-started',
      `${sdb.dir}: the station is not provisioned (no bundle): run \`evident-station provision\``,
    );
  return { db: sdb.db, identity: identityFromBundle(b), deps: stationCoreDeps(sdb.now), now: sdb.now };
}
