/**
 * A streaming replica for reads (spec/server-api.md §6.7): a real replica made
 * with `pg_basebackup -R` on loopback from the throwaway primary. `evident-server --db <replica>`
 * is refused at start-up as a read-only hot standby, writing nothing; a node with
 * `--db-read <replica>` serves board pages from the replica (replay paused: the page ends where
 * the replica is, while the tree head, from the primary, is ahead; replay resumed: it catches
 * up), and its writes all go to the primary (the replica refuses any write: casting works).
 * Printed: the replica's lag under casting (bytes of WAL, `replay_lag`), and the time from an
 * acknowledged cast to its entry on a page read from the replica.
 */
import { spawn } from 'node:child_process';
import { expect, it } from 'vitest';
import pg from 'pg';
import { CLUSTER_ADMIN, startNode } from '../packages/server/src/cluster/cluster-nodes.js';
import {
  compiledCli,
  httpCall,
  killServer,
  type ServerProcess,
} from '../packages/server/src/testing/http.js';
import { castAll, prepareBallots } from '../packages/server/src/testing/load-generator.js';
import { setUpElection } from '../packages/server/src/testing/local-election.js';
import { until } from './support/cluster-record.js';
import { freshDatabase } from './support/pg-cluster.js';
import { pgPlan } from './support/pg-plan.js';
import { startReplica, type PgReplica } from './support/pg-replica.js';
import { describeWithPg } from './support/pg.js';

const cli = compiledCli();

/** Runs `sql` on `url`; the rows. */
async function q<T>(url: string, sql: string, values: unknown[] = []): Promise<T[]> {
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  try {
    return (await c.query(sql, values)).rows as T[];
  } finally {
    await c.end();
  }
}

/** The CLI on `args` until it exits: its code and standard error. */
function runCli(args: string[]): Promise<{ code: number | null; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [cli!, ...args], {
      stdio: ['ignore', 'ignore', 'pipe'],
      env: { ...process.env, EVIDENT_ADMIN_TOKEN: CLUSTER_ADMIN },
    });
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    const timer = setTimeout(() => child.kill('SIGKILL'), 30_000);
    child.on('exit', (code) => {
      clearTimeout(timer);
      resolve({ code, stderr });
    });
  });
}

describeWithPg('a streaming replica for reads', (server) => {
  it.skipIf(!cli)(
    'refused as --db; with --db-read, board pages come from it and writes never go to it',
    async (ctx) => {
      const plan = pgPlan();
      if (!('bin' in plan)) return ctx.skip(); // EVIDENT_PG_URL's server: no replica of ours
      const db = await freshDatabase(server().url, 'evident_replica');
      const name = new URL(db).pathname.slice(1);
      let replica: PgReplica | undefined;
      let node: ServerProcess | undefined;
      try {
        replica = await startReplica(plan.bin, server().url, name);
        const standby = await q<{ r: boolean }>(replica.url, 'SELECT pg_is_in_recovery() AS r');
        expect(standby[0]!.r).toBe(true);

        // (a) the replica as the store: refused at start-up, naming the problem; nothing written
        const refused = await runCli(['--db', replica.url, '--host', '127.0.0.1', '--port', '0']);
        expect(refused.code).not.toBe(0);
        expect(refused.stderr).toMatch(
          /is a read-only hot standby \(pg_is_in_recovery\(\)\): give the primary/,
        );
        expect(await q(db, "SELECT 1 FROM information_schema.tables WHERE table_schema = 'public'")).toEqual(
          [],
        );

        // (b) a node on the primary, reading board pages from the replica
        node = await startNode(db, { args: ['--db-read', replica.url] });
        const call = httpCall(node.base, 20_000);
        const el = await setUpElection(call, CLUSTER_ADMIN, { voters: 60 });
        const bodies = prepareBallots(el, 60).map((s) => JSON.stringify({ ballot: s }));

        // lag under casting: sampled on the primary while 50 ballots are cast, 4 at a time
        const lag = { maxBytes: 0, maxReplayLagMs: 0, samples: 0 };
        let casting = true;
        const sampling = (async () => {
          while (casting) {
            const [r] = await q<{ bytes: string | null; ms: number | null }>(
              server().url,
              `SELECT pg_wal_lsn_diff(pg_current_wal_lsn(), replay_lsn)::text AS bytes,
                      (extract(epoch FROM replay_lag) * 1000)::float8 AS ms FROM pg_stat_replication`,
            );
            lag.samples++;
            lag.maxBytes = Math.max(lag.maxBytes, Number(r?.bytes ?? 0));
            lag.maxReplayLagMs = Math.max(lag.maxReplayLagMs, r?.ms ?? 0);
            await new Promise((res) => setTimeout(res, 10));
          }
        })();
        const run = await castAll(node.base, el.id, bodies.slice(0, 50), 4);
        casting = false;
        await sampling;
        expect(run.failures, JSON.stringify(run.statuses)).toBe(0); // writes went to the primary
        const last = run.acks.reduce((a, b) => (b.logIndex > a.logIndex ? b : a));
        const page = (start: number) =>
          call('GET', `/elections/${el.id}/board/entries?start=${start}&limit=100`);
        const t0 = performance.now();
        await until('the last cast on a page read from the replica', 10_000, async () =>
          (await page(last.logIndex)).json.entries.length > 0 ? true : undefined,
        );
        const msToPage = performance.now() - t0;

        // replay paused: a new cast is in the tree head (primary) but not on the page (replica)
        await q(replica.url, 'SELECT pg_wal_replay_pause()');
        const cast = await call('POST', `/elections/${el.id}/ballots`, JSON.parse(bodies[50]!));
        expect(cast.status).toBe(200);
        const head = (await call('GET', `/elections/${el.id}/board/tree-head`)).json.treeHead;
        expect(head.treeSize).toBe(cast.json.logIndex + 1);
        expect((await page(cast.json.logIndex)).json.entries).toEqual([]);
        await q(replica.url, 'SELECT pg_wal_replay_resume()');
        const caught = await until('the page catching up', 10_000, async () => {
          const es = (await page(cast.json.logIndex)).json.entries as { index: number }[];
          return es.length > 0 ? es : undefined;
        });
        expect(caught[0]!.index).toBe(cast.json.logIndex);
        const conns = await q<{ n: number }>(
          replica.url,
          "SELECT count(*)::int AS n FROM pg_stat_activity WHERE application_name = 'evident-server'",
        );
        expect(conns[0]!.n, 'the node reads pages on connections to the replica').toBeGreaterThan(0);

        console.log(
          JSON.stringify({
            replica: {
              castsPerSecond: Math.round(run.acks.length / run.seconds),
              maxLagBytes: lag.maxBytes,
              maxReplayLagMs: Math.round(lag.maxReplayLagMs),
              lagSamples: lag.samples,
              msFromLastAckToPageOnReplica: Math.round(msToPage),
            },
          }),
        );
      } finally {
        if (node) await killServer(node, 5_000).catch(() => undefined);
        replica?.stop();
      }
    },
    120_000,
  );
});
