/**
 * The sync target of a provisioned station: the server and token file given at provisioning,
 * the election and the pinned log key from the stored bundle.
 * @module
 */
import { readSecretInput } from '../keys/passphrase.js';
import { requireBundle, serverSettings } from '../provision/provision.js';
import { StationError } from '../station-error.js';
import type { StationDb } from '../store/station-db.js';
import type { SyncTarget } from './sync-loop.js';
import { httpTransport, type Transport } from './transport.js';

/**
 * @param tokenFile - overrides the token file given at provisioning
 * @throws {StationError} when the station is not provisioned or the token cannot be read
 */
export function stationSyncTarget(
  sdb: StationDb,
  tokenFile?: string,
  transport: Transport = httpTransport(),
): SyncTarget {
  const b = requireBundle(sdb.db);
  const s = serverSettings(sdb.db);
  if (!s) throw new StationError(1, 'no server is set: run `evident-station provision` first');
  return {
    serverUrl: s.url,
    token: readSecretInput(tokenFile ?? s.tokenFile, 'EVIDENT_STATION_TOKEN', 'station token'),
    electionId: b.electionId,
    logPublicKey: b.pinnedLogKey,
    transport,
  };
}
