/**
 * The sync benchmark (spec/stations.md §10): N stations (default 10), each with M check-ins
 * (default 2,000), its poll-book closing and its signed tally sheet in its outbox, sync at once to
 * the real `evident-server` (a child process with a SQLite file, full durability) on loopback
 * through a proxy that cuts a share of the connections (default 10 %, half before the server
 * commits, half after it commits and before it answers). Some voters hold online credentials, so
 * that check-ins also make cancellations. Reports the time, the connections and the cuts, and
 * what was lost or duplicated — counted from the server's board (poll-book closings, sheets,
 * cancellations) and its state (the check-ins it holds), not from the proxy; both must be 0.
 *
 *     node packages/polling-station/dist/sync/sync-bench.js [--stations 10] [--check-ins 2000] [--cut 0.1] [--json]
 * @module
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { realpathSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';
import { Command, InvalidArgumentError } from 'commander';
import { randomBytes } from '@noble/hashes/utils.js';
import { toHex } from '@evident/e2e-crypto';
import {
  REJECT_REASONS,
  SHEET_FORMAT,
  canonicalCvrs,
  contestsFromCvrs,
  cvrCommitment,
  sheetHash,
  signTallySheet,
  type TallySheet,
} from '@evident/record';
import { checkIn } from '../pollbook/check-in.js';
import { closePollBook } from '../pollbook/close.js';
import { provisionStation } from '../provision/provision.js';
import { openStationDb, type StationDb } from '../store/station-db.js';
import { boardEntries, setUpBenchElection, startBenchServer, type BenchElection } from './bench-server.js';
import { startCutProxy } from './cut-proxy.js';
import { enqueue, outboxCounts } from './outbox.js';
import { runSync } from './sync-loop.js';
import { httpTransport } from './transport.js';

/** The benchmark's parameters. */
export interface SyncBenchOptions {
  readonly stations: number;
  readonly checkIns: number;
  /** share of connections cut, in [0, 1) */
  readonly cut: number;
  /** check-ins per request */
  readonly batch: number;
  /** voters per station holding an online credential (default: 5 % of the check-ins) */
  readonly credentials?: number;
  /** draws in [0, 1) choosing each connection's fate (default Math.random; tests script it) */
  readonly random?: () => number;
}

/** What it measured. */
export interface SyncBenchResult extends SyncBenchOptions {
  /** from the start of the sync to the last outbox emptied, ms */
  readonly syncMs: number;
  readonly connections: number;
  readonly cutBeforeCommit: number;
  readonly cutAfterCommit: number;
  /** check-ins made at the stations that the server does not hold, closings, sheets or items not delivered */
  readonly lost: number;
  /** check-ins held twice, closings, sheets or cancellations on the board more than once */
  readonly duplicated: number;
  /** check-ins the server holds */
  readonly serverCheckIns: number;
  /** on the board */
  readonly closings: number;
  readonly sheets: number;
  readonly cancellations: number;
  readonly credentialHolders: number;
}

const ADMIN = `evd_sync-bench-${toHex(randomBytes(16))}`;

/** The station's signed sheet: every check-in a hand-marked ballot, marks spread over a, b, c. */
function benchSheet(el: BenchElection, station: string, ballots: number, secretKey: Uint8Array) {
  const choices = Array.from({ length: ballots }, (_, i) => [['a', 'b', 'c'][i % 3]!]);
  const cvrs = canonicalCvrs(el.manifest, { contests: [{ contest: 'c1', choices }] });
  const now = new Date().toISOString();
  const sheet: TallySheet = {
    format: SHEET_FORMAT,
    electionId: el.electionId,
    station,
    sequence: 1,
    previousSheet: null,
    correctionReason: null,
    countingStart: now,
    countingEnd: now,
    clock: { offsetMs: 0, measuredAt: now, override: null },
    checkIns: ballots,
    ballots: { bmd: 0, handMarked: ballots },
    rejected: Object.fromEntries(REJECT_REASONS.map((r) => [r, 0])) as TallySheet['rejected'],
    reconciliation: null,
    contests: contestsFromCvrs(el.manifest, cvrs),
    cvrCommitment: cvrCommitment(cvrs),
    countedBy: ['bench'],
  };
  return { signed: signTallySheet(sheet, secretKey), cvrs, hash: sheetHash(sheet) };
}

/** A station directory provisioned from the server, its check-ins made, closed, its sheet queued. */
async function prepareStation(el: BenchElection, i: number, serverUrl: string, root: string) {
  const st = el.stations[i]!;
  const dir = join(root, st.label);
  const sdb = openStationDb(dir);
  const tokenFile = join(dir, 'token');
  writeFileSync(tokenFile, st.token + '\n', { mode: 0o600 });
  await provisionStation(sdb, {
    server: serverUrl,
    token: st.token,
    tokenFile,
    electionId: el.electionId,
    station: st.label,
    stationKey: st.publicKey,
    logKey: el.logPublicKey,
    transport: httpTransport(10_000),
  });
  const ids: string[] = [];
  sdb.db.transaction(() => {
    for (const voterId of st.voters)
      ids.push(checkIn(sdb, { voterId, worker: 'bench', documentType: 'id-card', documentLast: '00' }).id);
  })();
  closePollBook(sdb, 'bench', st.secretKey);
  const sheet = benchSheet(el, st.label, st.voters.length, st.secretKey);
  enqueue(sdb.db, {
    kind: 'sheet',
    method: 'POST',
    path: `/elections/${el.electionId}/stations/${st.label}/sheets`,
    body: { signed: sheet.signed, cvrs: sheet.cvrs },
    ref: `sheet-${sheet.hash}`,
  });
  return { sdb, ids };
}

/** The check-in ids the server holds, and how many are held more than once (by id or by voter). */
function serverCheckIns(dbPath: string, electionId: string): { ids: Set<string>; duplicated: number } {
  const db = new Database(dbPath, { readonly: true, fileMustExist: true });
  try {
    const rows = db
      .prepare('SELECT id, station, voter_id AS voterId FROM check_ins WHERE election_id = ?')
      .all(electionId) as { id: string; station: string; voterId: string }[];
    const ids = new Set(rows.map((r) => r.id));
    const voters = new Set(rows.map((r) => `${r.station}/${r.voterId}`));
    return { ids, duplicated: rows.length - ids.size + (ids.size - voters.size) };
  } finally {
    db.close();
  }
}

/** How many values of `keys` occur more than once (each extra occurrence counted). */
function extra(keys: readonly string[]): number {
  return keys.length - new Set(keys).size;
}

/** Runs the benchmark. */
export async function syncBench(o: SyncBenchOptions): Promise<SyncBenchResult> {
  const root = mkdtempSync(join(tmpdir(), 'evident-sync-bench-'));
  const server = await startBenchServer(join(root, 'server.db'), ADMIN);
  const credentials = o.credentials ?? Math.ceil(o.checkIns / 20);
  const stations: { sdb: StationDb; ids: string[] }[] = [];
  try {
    const el = await setUpBenchElection(server, ADMIN, { ...o, credentials });
    for (let i = 0; i < el.stations.length; i++) stations.push(await prepareStation(el, i, server.url, root));
    const proxy = await startCutProxy(server.port, () => {
      const r = (o.random ?? Math.random)();
      return r < o.cut / 2 ? 'cut-before-commit' : r < o.cut ? 'cut-after-commit' : 'pass';
    });
    let syncMs: number;
    try {
      const start = performance.now();
      await Promise.all(
        stations.map((t, i) =>
          runSync(
            t.sdb,
            {
              serverUrl: proxy.url,
              token: el.stations[i]!.token,
              electionId: el.electionId,
              logPublicKey: el.logPublicKey,
              transport: httpTransport(30_000),
              batchSize: o.batch,
            },
            { untilEmpty: true, maxFailures: 100, backoff: { baseMs: 20, capMs: 1000 } },
          ),
        ),
      );
      syncMs = performance.now() - start;
    } finally {
      await proxy.close();
    }
    const undelivered = stations.reduce((n, t) => {
      const c = outboxCounts(t.sdb.db);
      return n + c.pending + c.refused + c.rejected + c['bad-receipt'];
    }, 0);
    const held = serverCheckIns(server.dbPath, el.electionId);
    const board = await boardEntries(server, ADMIN, el.electionId);
    const of = (type: string) => board.filter((e) => e.type === type);
    const closings = of('poll-book-close').map((e) => String(e.closing.station));
    const sheets = of('station-sheet').map((e) => String(e.signed.sheet.station));
    const cancellations = of('cancellation').map((e) => String(e.credential).toUpperCase());
    const missing = (got: readonly string[]) => el.stations.filter((s) => !got.includes(s.label)).length;
    const made = stations.flatMap((t) => t.ids);
    return {
      ...o,
      credentials,
      syncMs: Math.round(syncMs),
      connections: proxy.counts.pass + proxy.counts['cut-before-commit'] + proxy.counts['cut-after-commit'],
      cutBeforeCommit: proxy.counts['cut-before-commit'],
      cutAfterCommit: proxy.counts['cut-after-commit'],
      lost:
        made.filter((id) => !held.ids.has(id)).length +
        missing(closings) +
        missing(sheets) +
        Math.max(0, el.credentialHolders - new Set(cancellations).size) +
        undelivered,
      duplicated: held.duplicated + extra(closings) + extra(sheets) + extra(cancellations),
      serverCheckIns: held.ids.size,
      closings: closings.length,
      sheets: sheets.length,
      cancellations: cancellations.length,
      credentialHolders: el.credentialHolders,
    };
  } finally {
    for (const t of stations) t.sdb.close();
    await server.stop();
    rmSync(root, { recursive: true, force: true });
  }
}

function int(name: string, min: number) {
  return (v: string) => {
    const n = Number(v);
    if (!Number.isInteger(n) || n < min)
      throw new InvalidArgumentError(`${name}: an integer ≥ ${min} expected`);
    return n;
  };
}

async function cli(argv: string[]): Promise<void> {
  const p = new Command('sync-bench')
    .description(
      'Sync benchmark: stations × check-ins through a proxy cutting a share of connections; time, lost, duplicated',
    )
    .option('--stations <n>', 'stations', int('--stations', 1), 10)
    .option('--check-ins <n>', 'check-ins per station', int('--check-ins', 1), 2000)
    .option(
      '--cut <share>',
      'share of connections cut',
      (v) => {
        const x = Number(v);
        if (!(x >= 0 && x < 1)) throw new InvalidArgumentError('--cut: a share in [0, 1) expected');
        return x;
      },
      0.1,
    )
    .option('--batch <n>', 'check-ins per request', int('--batch', 1), 200)
    .option('--json', 'print the result as JSON');
  p.parse(argv, { from: 'user' });
  const o = p.opts<{ stations: number; checkIns: number; cut: number; batch: number; json?: boolean }>();
  const r = await syncBench({ stations: o.stations, checkIns: o.checkIns, cut: o.cut, batch: o.batch });
  if (o.json) return void process.stdout.write(JSON.stringify(r, null, 2) + '\n');
  process.stdout.write(
    [
      `sync to evident-server: ${r.stations} stations × ${r.checkIns} check-ins + a poll-book closing and a sheet each, ${Math.round(r.cut * 100)} % of connections cut, ${r.batch} check-ins per request`,
      `  time ${(r.syncMs / 1000).toFixed(2)} s; ${r.connections} connections, ${r.cutBeforeCommit} cut before commit, ${r.cutAfterCommit} cut after commit`,
      `  server: ${r.serverCheckIns}/${r.stations * r.checkIns} check-ins, closings ${r.closings}/${r.stations}, sheets ${r.sheets}/${r.stations}, cancellations ${r.cancellations}/${r.credentialHolders} on the board`,
      `  lost ${r.lost}, duplicated ${r.duplicated}`,
    ].join('\n') + '\n',
  );
  if (r.lost > 0 || r.duplicated > 0) process.exitCode = 1;
}

if (process.argv[1] && realpathSync(process.argv[1]) === fileURLToPath(import.meta.url)) {
  cli(process.argv.slice(2)).catch((e: unknown) => {
    process.stderr.write(`sync-bench: ${(e as Error).message}\n`);
    process.exitCode = 1;
  });
}
