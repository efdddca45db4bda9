/**
 * The poll books of the demo's stations (`../demo.ts`): each station checks its voters in (the
 * poll worker's name and the identity document recorded), closes its poll book (signed by the
 * station key) and syncs its outbox to the server — which cancels the online ballots of the
 * voters who voted online too. The poll worker of the command-line station checks the first voters in with
 * `evident-station checkin`, closes with `pollbook close` and delivers with `sync --once`; the
 * offline station keeps everything in its outbox until it is back online after counting.
 * @module
 */
import {
  checkIn,
  closePollBook,
  openStationDb,
  outboxCounts,
  problemItems,
  runSync,
  stationSyncTarget,
  type StationDb,
} from '@evident/polling-station';
import { inTurn, type StationKit } from './stations-setup.js';
import { WORKER, type DemoStation } from './stations-plan.js';

/** The last characters of a voter's identity document (the demo makes them up). */
const documentLast = (voterId: string): string =>
  String(voterId.length * 37 + voterId.charCodeAt(voterId.length - 1)).slice(-3);

/** Runs `fn` with the station's database open. */
export async function withStationDb<T>(s: DemoStation, fn: (sdb: StationDb) => T | Promise<T>): Promise<T> {
  const sdb = openStationDb(s.dir);
  try {
    return await fn(sdb);
  } finally {
    sdb.close();
  }
}

/** Stops the demo when the server refused or rejected anything of the station's outbox. */
function checkOutbox(s: DemoStation, sdb: StationDb): void {
  const c = outboxCounts(sdb.db);
  if (c.pending + c.refused + c.rejected + c['bad-receipt'] > 0)
    throw new Error(
      `${s.label}: outbox not delivered: ${problemItems(sdb.db, 3)
        .map((x) => `${x.kind} ${x.status}: ${x.lastError ?? ''}`)
        .join('; ')}`,
    );
}

/** Delivers a station's outbox (the library's sync loop, stopping when it is empty). */
export async function syncInProcess(s: DemoStation): Promise<void> {
  await withStationDb(s, async (sdb) => {
    await runSync(sdb, stationSyncTarget(sdb), { untilEmpty: true, maxFailures: 5 });
    checkOutbox(s, sdb);
  });
}

/** `evident-station sync --once`. */
export async function syncWithCli(kit: StationKit, s: DemoStation): Promise<string> {
  const out = await kit.cli(['sync', '--once', '--dir', s.dir]);
  await withStationDb(s, (sdb) => checkOutbox(s, sdb));
  return out;
}

/** Voters the command-line station checks in with `evident-station checkin` (the others in process). */
const CLI_CHECK_INS = 2;

function checkInAll(sdb: StationDb, voters: readonly DemoStation['voters'][number][]): void {
  for (const v of voters)
    checkIn(sdb, {
      voterId: v.voterId,
      worker: WORKER,
      documentType: v.kind === 'hand' ? 'passport' : 'id-card',
      documentLast: documentLast(v.voterId),
    });
}

/** Every station's voters checked in, then its poll book closed and (but the offline station's) synced. */
export async function runPollBooks(kit: StationKit, stations: readonly DemoStation[]): Promise<void> {
  await inTurn(stations, 3, async (s) => {
    if (s.role === 'cli') {
      for (const v of s.voters.slice(0, CLI_CHECK_INS))
        await kit.cli([
          'checkin',
          '--dir',
          s.dir,
          '--worker',
          WORKER,
          '--worker-secret-file',
          s.pinFile,
          '--voter',
          v.voterId,
          '--document-type',
          'id-card',
          '--document-last',
          documentLast(v.voterId),
        ]);
      await withStationDb(s, (sdb) => checkInAll(sdb, s.voters.slice(CLI_CHECK_INS)));
      await kit.cli([
        'pollbook',
        'close',
        '--dir',
        s.dir,
        '--worker',
        WORKER,
        '--worker-secret-file',
        s.pinFile,
      ]);
      await syncWithCli(kit, s);
      return;
    }
    await withStationDb(s, (sdb) => {
      checkInAll(sdb, s.voters);
      closePollBook(sdb, WORKER, kit.keys.get(s.label)!);
    });
    if (s.role !== 'offline') await syncInProcess(s);
  });
}
