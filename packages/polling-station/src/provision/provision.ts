/**
 * `evident-station provision`: downloads the station's bundle, checks it against the pinned log
 * key and the station's own key (bundle.ts), and stores it with the roll slice in one
 * transaction (spec/stations.md §4).
 * @module
 */
import type Database from 'better-sqlite3';
import { StationError } from '../station-error.js';
import { getMeta, recordAction, setMeta, type StationDb } from '../store/station-db.js';
import { measureClockOffset, saveClockOffset } from '../sync/clock.js';
import { answerError, type Transport } from '../sync/transport.js';
import { checkBundle, type StationBundle } from './bundle.js';

/** Where the station's server is, and the file holding its station token. */
export interface ServerSettings {
  readonly url: string;
  /** absolute path; the token itself is never stored in the database */
  readonly tokenFile: string;
}

/** The stored bundle, without its roll (which is in the `roll` table). */
export type StoredBundle = Omit<StationBundle, 'roll'> & {
  readonly pinnedLogKey: string;
  readonly voters: number;
};

/** What {@link provisionStation} needs. */
export interface ProvisionRequest {
  readonly server: string;
  readonly token: string;
  readonly tokenFile: string;
  readonly electionId: string;
  readonly station: string;
  /** the log key given by the administrator, hex */
  readonly logKey?: string;
  /** this station's public key, hex */
  readonly stationKey: string;
  readonly transport: Transport;
}

/** The stored bundle, or undefined before provisioning. */
export function storedBundle(db: Database.Database): StoredBundle | undefined {
  return getMeta<StoredBundle>(db, 'bundle');
}

/** The stored bundle, or a refusal telling the worker to provision first. */
export function requireBundle(db: Database.Database): StoredBundle {
  const b = storedBundle(db);
  if (!b) throw new StationError(1, 'this station is not provisioned: run `evident-station provision` first');
  return b;
}

/** The server settings given at provisioning. */
export function serverSettings(db: Database.Database): ServerSettings | undefined {
  return getMeta<ServerSettings>(db, 'server');
}

const search = (name: string, voterId: string): string =>
  `${name.normalize('NFKD').replace(/\p{M}/gu, '').toLowerCase()} ${voterId.toLowerCase()}`;

/**
 * Downloads, checks and stores the bundle.
 * @returns the stored bundle and where the pinned key came from
 * @throws {StationError} naming the bundle field or the server's error; nothing is stored then
 */
export async function provisionStation(
  sdb: StationDb,
  req: ProvisionRequest,
): Promise<{ bundle: StoredBundle; logKeySource: 'given' | 'bundle'; warnings: string[] }> {
  const path = `/elections/${encodeURIComponent(req.electionId)}/stations/${encodeURIComponent(req.station)}/bundle`;
  let answer;
  try {
    answer = await req.transport({ method: 'GET', url: new URL(path, req.server).href, token: req.token });
  } catch (e) {
    throw new StationError(1, `--server ${req.server}: ${(e as Error).message}`);
  }
  if (answer.status !== 200)
    throw new StationError(1, `--server ${req.server}: bundle refused: ${answerError(answer)}`);
  const { findings, pinnedLogKey, warnings } = checkBundle(answer.body, {
    electionId: req.electionId,
    station: req.station,
    stationKey: req.stationKey,
    ...(req.logKey !== undefined ? { logKey: req.logKey } : {}),
  });
  if (findings.length > 0)
    throw new StationError(
      1,
      `bundle refused: ${findings.map((f) => `${f.field}: ${f.message}`).join('; ')}`,
    );
  const b = answer.body as StationBundle;
  const { roll, ...rest } = b;
  const stored: StoredBundle = { ...rest, pinnedLogKey: pinnedLogKey!, voters: roll.length };
  const db = sdb.db;
  db.transaction(() => {
    const before = storedBundle(db);
    if (before && (before.electionId !== b.electionId || before.station !== b.station))
      throw new StationError(
        1,
        `this station is provisioned for ${before.electionId}/${before.station}, not ${b.electionId}/${b.station}`,
      );
    if (before && before.pinnedLogKey !== stored.pinnedLogKey)
      throw new StationError(1, 'the bundle’s log key is not the one pinned at the first provisioning');
    const ids = new Set(roll.map((v) => v.voterId));
    const checked = db.prepare('SELECT voter_id FROM check_ins').pluck().all() as string[];
    const gone = checked.filter((v) => !ids.has(v));
    if (gone.length > 0)
      throw new StationError(
        1,
        `roll: ${gone.length} voter(s) already checked in are missing from the new roll`,
      );
    db.prepare('DELETE FROM roll WHERE voter_id NOT IN (SELECT voter_id FROM check_ins)').run();
    const put = db.prepare(
      'INSERT INTO roll (voter_id, name, search) VALUES (?, ?, ?) ON CONFLICT(voter_id) DO UPDATE SET name = excluded.name, search = excluded.search',
    );
    for (const v of roll) put.run(v.voterId, v.name, search(v.name, v.voterId));
    setMeta(db, 'bundle', stored);
    setMeta(db, 'server', { url: req.server, tokenFile: req.tokenFile } satisfies ServerSettings);
    recordAction(
      db,
      {
        worker: 'administrator',
        action: 'provision',
        detail: {
          electionId: b.electionId,
          station: b.station,
          voters: roll.length,
          treeSize: b.treeHead.treeSize,
          logKey: stored.pinnedLogKey,
          logKeySource: req.logKey ? 'given' : 'bundle',
        },
      },
      sdb.now(),
    );
  })();
  const offset = await measureClockOffset(req.transport, req.server, sdb.now);
  if (offset) saveClockOffset(db, offset);
  return { bundle: stored, logKeySource: req.logKey ? 'given' : 'bundle', warnings: warnings ?? [] };
}
