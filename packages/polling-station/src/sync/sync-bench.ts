/**
 * The sync benchmark (spec/stations.md §10): N stations (default 10), each with M check-ins
 * (default 2,000), its poll-book closing and a sheet in its outbox, sync at once to a fake
 * idempotent server on loopback through a proxy that cuts a share of the connections (default
 * 10 %, half before the server commits, half after it commits and before it answers).
 * Reports the time and what was lost or duplicated (both must be 0).
 *
 *     node packages/polling-station/dist/sync/sync-bench.js [--stations 10] [--check-ins 2000] [--cut 0.1] [--json]
 * @module
 */
import { realpathSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Command, InvalidArgumentError } from 'commander';
import { checkIn } from '../pollbook/check-in.js';
import { closePollBook } from '../pollbook/close.js';
import { startCutProxy } from '../testing/cut-proxy.js';
import { startFakeServer } from '../testing/fake-station-server.js';
import { fakeStation, provisionFrom, tempStation } from '../testing/station-fixture.js';
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
}

/** What it measured. */
export interface SyncBenchResult extends SyncBenchOptions {
  /** from the start of the sync to the last outbox emptied, ms */
  readonly syncMs: number;
  readonly connections: number;
  readonly cutBeforeCommit: number;
  readonly cutAfterCommit: number;
  /** check-ins made at the stations that the server does not hold, or items left undelivered */
  readonly lost: number;
  /** check-ins the server committed more than once, closings or sheets stored twice */
  readonly duplicated: number;
  readonly closings: number;
  readonly sheets: number;
}

/** Runs the benchmark. */
export async function syncBench(o: SyncBenchOptions): Promise<SyncBenchResult> {
  const stations = Array.from({ length: o.stations }, (_, i) =>
    fakeStation(`ST${String(i + 1).padStart(2, '0')}`, o.checkIns),
  );
  const server = await startFakeServer({ stations });
  const proxy = await startCutProxy(server.port, () => {
    const r = Math.random();
    return r < o.cut / 2 ? 'cut-before-commit' : r < o.cut ? 'cut-after-commit' : 'pass';
  });
  const dbs = [];
  const made: string[] = [];
  try {
    for (const st of stations) {
      const t = tempStation();
      dbs.push(t);
      await provisionFrom(t.sdb, server.url, server.electionId, st);
      t.sdb.db.transaction(() => {
        for (const v of st.voters)
          made.push(
            checkIn(t.sdb, {
              voterId: v.voterId,
              worker: 'bench',
              documentType: 'id-card',
              documentLast: '00',
            }).id,
          );
      })();
      closePollBook(t.sdb, 'bench', st.secretKey);
      const sheet = { station: st.label, sequence: 1, checkIns: o.checkIns };
      enqueue(t.sdb.db, {
        kind: 'sheet',
        method: 'POST',
        path: `/elections/${server.electionId}/stations/${st.label}/sheets`,
        body: { signed: { sheet, signature: '00' } },
        ref: 'sheet-1',
      });
    }
    const start = performance.now();
    await Promise.all(
      dbs.map((t, i) =>
        runSync(
          t.sdb,
          {
            serverUrl: proxy.url,
            token: stations[i]!.token,
            electionId: server.electionId,
            logPublicKey: server.logPublicKey,
            transport: httpTransport(10_000),
            batchSize: o.batch,
          },
          { untilEmpty: true, maxFailures: 100, backoff: { baseMs: 20, capMs: 1000 } },
        ),
      ),
    );
    const syncMs = performance.now() - start;
    const undelivered = dbs.reduce((n, t) => {
      const c = outboxCounts(t.sdb.db);
      return n + c.pending + c.refused + c.rejected + c['bad-receipt'];
    }, 0);
    const lost = made.filter((id) => !server.checkIns.has(id)).length + undelivered;
    const duplicated = [...server.commits.values()].reduce((n, c) => n + c - 1, 0);
    return {
      ...o,
      syncMs: Math.round(syncMs),
      connections: proxy.counts.pass + proxy.counts['cut-before-commit'] + proxy.counts['cut-after-commit'],
      cutBeforeCommit: proxy.counts['cut-before-commit'],
      cutAfterCommit: proxy.counts['cut-after-commit'],
      lost,
      duplicated,
      closings: server.closings.size,
      sheets: server.sheets.size,
    };
  } finally {
    dbs.forEach((t) => t.cleanup());
    await proxy.close();
    await server.close();
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
      `sync: ${r.stations} stations × ${r.checkIns} check-ins + a poll-book closing and a sheet each, ${Math.round(r.cut * 100)} % of connections cut, ${r.batch} check-ins per request`,
      `  time ${(r.syncMs / 1000).toFixed(2)} s; ${r.connections} connections, ${r.cutBeforeCommit} cut before commit, ${r.cutAfterCommit} cut after commit`,
      `  lost ${r.lost}, duplicated ${r.duplicated}; closings ${r.closings}/${r.stations}, sheets ${r.sheets}/${r.stations}`,
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
