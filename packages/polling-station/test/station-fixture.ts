/**
 * A provisioned station against a fake server, for tests: a temporary
 * directory, its database, a station key in memory and a roll of `voters` voters.
 * @module
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { generatePaperKey, toHex } from '@evident/e2e-crypto';
import { openStationDb, type StationDb } from '../src/store/station-db.js';
import { provisionStation } from '../src/provision/provision.js';
import { httpTransport } from '../src/sync/transport.js';
import type { FakeStation } from './fake-station-server.js';

/** A station's identity and roll for the fake server. */
export function fakeStation(label: string, voters: number): FakeStation & { secretKey: Uint8Array } {
  const { secretKey, publicKey } = generatePaperKey();
  return {
    label,
    token: `token-${label}-${toHex(publicKey).slice(0, 8)}`,
    publicKey: toHex(publicKey),
    secretKey,
    voters: Array.from({ length: voters }, (_, i) => ({
      voterId: `${label}-V${String(i).padStart(5, '0')}`,
      name: `Voter ${label} ${i}`,
    })),
  };
}

/** A temporary station directory with its database open. */
export function tempStation(now?: () => number): { sdb: StationDb; dir: string; cleanup: () => void } {
  const dir = mkdtempSync(join(tmpdir(), 'evident-station-'));
  const sdb = openStationDb(dir, now ? { now } : {});
  return {
    sdb,
    dir,
    cleanup: () => {
      sdb.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** Provisions `sdb` as station `st` from the server at `url`. */
export async function provisionFrom(
  sdb: StationDb,
  url: string,
  electionId: string,
  st: FakeStation,
  logKey?: string,
) {
  const tokenFile = join(sdb.dir, 'token');
  writeFileSync(tokenFile, st.token + '\n', { mode: 0o600 });
  return provisionStation(sdb, {
    server: url,
    token: st.token,
    tokenFile,
    electionId,
    station: st.label,
    stationKey: st.publicKey!,
    transport: httpTransport(5000),
    ...(logKey ? { logKey } : {}),
  });
}
