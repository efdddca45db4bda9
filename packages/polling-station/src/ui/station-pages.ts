/**
 * The pages `evident-station serve` adds to the poll workers' UI once the station is
 * provisioned: counting (`/count`, with the webcam scanner) and the ballot-marking device
 * (`/bmd`). The marking device and sheet signing need the station key: without it unlocked the
 * marking device is not served and signing a sheet is refused with the reason on the page.
 * @module
 */
import { registerBmdPages } from '../bmd/bmd-pages.js';
import { registerCountPages } from '../count/count-pages.js';
import { readCodes } from '../count/scan-link.js';
import { countEnvOf } from '../count/station-context.js';
import { storedBundle } from '../provision/provision.js';
import { StationError } from '../station-error.js';
import type { StationDb } from '../store/station-db.js';
import { requireWorker } from '../workers/workers.js';
import { currentSession } from './session-guard.js';
import { navLabels, type StationUiContext, type StationUiOptions } from './station-ui.js';

/** The counting and marking-device pages of a station (none before provisioning). */
export function stationPages(
  sdb: StationDb,
  stationSecretKey: Uint8Array | undefined,
): NonNullable<StationUiOptions['pages']> {
  if (!storedBundle(sdb.db)) return [];
  const env = countEnvOf(sdb);
  const key = (): Uint8Array => {
    if (stationSecretKey) return stationSecretKey;
    throw new StationError(
      1,
      'the station key is not unlocked: restart `evident-station serve` with --passphrase-file',
    );
  };
  const counting = {
    register: (app: Parameters<typeof registerCountPages>[0], ui: StationUiContext) =>
      registerCountPages(app, {
        nav: ui.nav,
        env,
        session: (req) => currentSession(sdb, req),
        requireWorker: (db, name, secret) => requireWorker(db, name, secret, sdb.now()),
        stationSecretKey: key,
        readCodes: (image) => readCodes(image),
      }),
    nav: [{ href: '/count', label: 'Counting', labels: navLabels('navCounting') }],
  };
  if (!stationSecretKey) return [counting];
  const marking = {
    register: (app: Parameters<typeof registerBmdPages>[0]) =>
      registerBmdPages(app, { identity: env.identity, stationSecretKey: key }),
    nav: [{ href: '/bmd', label: 'Marking device', labels: navLabels('navMarking') }],
  };
  return [counting, marking];
}
