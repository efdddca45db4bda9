/**
 * PostgreSQL restarted under casting load into two nodes (spec/server-api.md §6.6): while it is down, both nodes answer 503 `EVD_ERR_UNAVAILABLE` with `Retry-After`, never 500
 * (every status seen is counted); once it is back they answer again by themselves, no node
 * restarted; every ballot acknowledged (by either node, before, during or after) is on both
 * nodes' boards at its receipt's index, the log has no gaps, and the exported record verifies.
 * A voter answered 503 sends the same ballot again (casting is idempotent). Printed, per
 * restart: the time from the stop command to the first 503, and from PostgreSQL accepting
 * connections again to the first acknowledged cast. `EVIDENT_PG_RESTARTS=N` (1 to 4, default 1)
 * restarts it N times in the run: a stress run, as a stop that meets a `COMMIT` in flight (its
 * outcome unknown to the node) is rare.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, expect, it } from 'vitest';
import { CLUSTER_ADMIN, startNode } from '../packages/server/src/cluster/cluster-nodes.js';
import {
  compiledCli,
  httpCall,
  killServer,
  type ServerProcess,
} from '../packages/server/src/testing/http.js';
import { prepareBallots } from '../packages/server/src/testing/load-generator.js';
import { mustCall, setUpElection } from '../packages/server/src/testing/local-election.js';
import { freshDatabase, type PgServer } from './support/pg-cluster.js';
import { pgPlan } from './support/pg-plan.js';
import { describeWithPg } from './support/pg.js';
import { tallyExportVerify } from './support/cluster-record.js';

const PER_NODE = 60;
const LANES = 3;
/** Acknowledged casts before PostgreSQL is stopped (then every STOP_EVERY more); how long it stays down. */
const STOP_AFTER = 16;
const STOP_EVERY = 24;
const DOWN_MS = 2_000;
const RESTARTS = Math.min(4, Math.max(1, Number(process.env['EVIDENT_PG_RESTARTS'] ?? 1) || 1));

/** `pg_ctl stop|start` on a cluster of ours, without blocking the event loop (requests go on). */
async function pgCtl(server: PgServer, action: 'stop' | 'start'): Promise<void> {
  const plan = pgPlan();
  if (!('bin' in plan) || !server.dataDir) throw new Error('not a cluster of ours');
  if (action === 'start') return new Promise((resolve) => resolve(server.start()));
  const args = [join(plan.bin, 'pg_ctl'), '-D', server.dataDir, '-m', 'fast', '-w', 'stop'];
  const [cmd, argv] =
    process.getuid?.() === 0 ? ['runuser', ['-u', 'postgres', '--', ...args]] : [args[0]!, args.slice(1)];
  await promisify(execFile)(cmd, argv, { cwd: tmpdir() });
}

/** One cast's answer. */
interface Answer {
  readonly status: number | 'network';
  readonly at: number;
  readonly json?: { confirmationCode?: string; logIndex?: number; code?: string };
  readonly retryAfter?: string | null;
}

/** POSTs a ballot; a network failure is an answer too (counted, never expected). */
async function cast(base: string, id: string, body: string): Promise<Answer> {
  try {
    const r = await fetch(`${base}/elections/${id}/ballots`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body,
      signal: AbortSignal.timeout(20_000),
    });
    const json = (await r.json().catch(() => undefined)) as Answer['json'];
    return { status: r.status, at: performance.now(), json, retryAfter: r.headers.get('retry-after') };
  } catch {
    return { status: 'network', at: performance.now() };
  }
}

describeWithPg('PostgreSQL restarted under casting load into two nodes', (server) => {
  const nodes: ServerProcess[] = [];
  let dir: string | undefined; // made in the test: a skipped suite's body runs too
  afterAll(async () => {
    for (const s of nodes) await killServer(s, 5_000).catch(() => undefined);
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it.skipIf(!compiledCli())(
    '503 with Retry-After while it is down, never 500; recovery by itself; nothing acknowledged lost',
    async (ctx) => {
      if (server().dataDir === undefined) return ctx.skip(); // EVIDENT_PG_URL's server is not ours to stop
      dir = mkdtempSync(join(tmpdir(), 'evident-pg-restart-'));
      const db = await freshDatabase(server().url, 'evident_restart');
      const [a, b] = await Promise.all([startNode(db), startNode(db)]);
      nodes.push(a!, b!);
      const calls = [httpCall(a!.base, 20_000), httpCall(b!.base, 20_000)];
      const el = await setUpElection(calls[0]!, CLUSTER_ADMIN, { voters: 2 * PER_NODE });
      const bodies = prepareBallots(el, 2 * PER_NODE).map((s) => JSON.stringify({ ballot: s }));

      const statuses: Record<string, number> = {};
      const acks = new Map<string, number>(); // confirmation code → log index
      /** the times of each restart */
      const cycles: {
        stopIssued: number;
        stopped: number;
        up: number;
        first503: number;
        firstAckAfterUp: number;
      }[] = [];
      const odd: Answer[] = []; // answers other than 200 and 503 EVD_ERR_UNAVAILABLE with Retry-After
      const lane = async (node: number, queue: string[]): Promise<void> => {
        for (let body = queue.shift(); body !== undefined;) {
          const r = await cast(nodes[node]!.base, el.id, body);
          statuses[r.status] = (statuses[r.status] ?? 0) + 1;
          const c = cycles[cycles.length - 1];
          if (r.status === 200) {
            acks.set(r.json!.confirmationCode!, r.json!.logIndex!);
            if (c && c.up > 0 && c.firstAckAfterUp === 0) c.firstAckAfterUp = r.at;
            body = queue.shift();
          } else if (r.status === 503) {
            if (c && c.first503 === 0) c.first503 = r.at;
            if (!(Number(r.retryAfter) > 0) || r.json?.code !== 'EVD_ERR_UNAVAILABLE') odd.push(r);
            // the voter tries the same ballot again (sooner than Retry-After, to time the recovery)
            await new Promise((res) => setTimeout(res, 100));
          } else return void odd.push(r); // anything else fails the test below
        }
      };
      const queues = [bodies.slice(0, PER_NODE), bodies.slice(PER_NODE)];
      let done = false; // the lanes ended (all acknowledged, or one met an odd answer)
      const load = Promise.all(
        queues.flatMap((q, node) => Array.from({ length: LANES }, () => lane(node, q))),
      ).finally(() => void (done = true));
      // each restart once enough casts are acknowledged: stop, stay down DOWN_MS, start
      for (let k = 0; k < RESTARTS; k++) {
        while (!done && acks.size < STOP_AFTER + k * STOP_EVERY) await new Promise((r) => setTimeout(r, 5));
        if (done) break;
        const c = { stopIssued: performance.now(), stopped: 0, up: 0, first503: 0, firstAckAfterUp: 0 };
        cycles.push(c);
        await pgCtl(server(), 'stop');
        c.stopped = performance.now();
        await new Promise((r) => setTimeout(r, DOWN_MS));
        await pgCtl(server(), 'start');
        c.up = performance.now();
      }
      await load;

      const figures = {
        statuses,
        acknowledged: acks.size,
        restarts: cycles.map((c) => ({
          msFromStopCommandToFirst503: Math.round(c.first503 - c.stopIssued),
          msStopCommandTook: Math.round(c.stopped - c.stopIssued),
          msDown: Math.round(c.up - c.stopped),
          msFromUpToFirstAck: Math.round(c.firstAckAfterUp - c.up),
        })),
      };
      console.log(JSON.stringify({ pgRestartUnderLoad: figures }));
      const exits = nodes.map((n) => `exit ${n.child.exitCode}: ${n.stderr().slice(-2000)}`).join('\n');
      expect(Object.keys(statuses).sort(), `${JSON.stringify(odd)}\n${exits}`).toEqual(['200', '503']);
      if (odd.length) console.log(JSON.stringify(odd));
      expect(odd.length, exits).toBe(0);
      expect(acks.size).toBe(2 * PER_NODE);
      expect(cycles.length).toBe(RESTARTS);
      for (const c of cycles) expect(c.firstAckAfterUp).toBeGreaterThan(0);

      // every acknowledged ballot on both nodes, at its index; one log without gaps
      for (const call of calls) {
        for (const [code, index] of acks) {
          const r = await call('GET', `/elections/${el.id}/ballots/${code}`);
          expect(r.status, `ballot ${code} lost`).toBe(200);
          expect(r.json.receipt.logIndex).toBe(index);
        }
        const page = await call('GET', `/elections/${el.id}/board/entries?start=0&limit=1000`);
        const idx = (page.json.entries as { index: number }[]).map((e) => e.index);
        expect(idx).toEqual(Array.from({ length: idx.length }, (_, i) => i));
      }
      await mustCall(calls[1]!, CLUSTER_ADMIN)('POST', `/elections/${el.id}/close`);
      const report = await tallyExportVerify(calls[1]!, db, el, join(dir, 'record'));
      expect(report.counts.cast).toBe(acks.size);
    },
    120_000,
  );
});
