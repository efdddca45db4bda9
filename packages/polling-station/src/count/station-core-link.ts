/**
 * The station-core functions that printing, counting and their commands call, in one place.
 * @module
 */
export { openStationDb, recordAction, getMeta, setMeta, type StationDb } from '../store/station-db.js';
export { lastClockOffset } from '../sync/clock.js';
export { enqueue } from '../sync/outbox.js';
export { checkInCount } from '../pollbook/check-in.js';
export { storedBundle, type StoredBundle } from '../provision/provision.js';
export { openStationKey } from '../keys/station-key.js';
export { stationPassphrase, readSecretInput } from '../keys/passphrase.js';
export { requireWorker } from '../workers/workers.js';
export { StationError } from '../station-error.js';
