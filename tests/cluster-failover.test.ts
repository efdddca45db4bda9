/**
 * `kill -9` of one of two nodes under casting load (spec/server-api.md §6.6):
 * both nodes take ballots on one store; one is killed with SIGKILL mid-load while the other goes
 * on. Every acknowledged ballot (a receipt returned, by either node) is on the survivor's board at
 * its receipt's index, with an inclusion proof in the survivor's head; the record exported after
 * the tally verifies with `evident-verify`. The failover figures (time from the kill to the
 * survivor's next acknowledgement, the survivor's slowest answer) are printed.
 */
import { join } from 'node:path';
import { fromHex, verifyInclusion } from '@evident/e2e-crypto';
import { afterAll, expect, it } from 'vitest';
import { CLUSTER_ADMIN, startNode } from '../packages/server/src/cluster/cluster-nodes.js';
import {
  httpCall,
  killServer,
  waitForExit,
  type ServerProcess,
} from '../packages/server/src/testing/http.js';
import { castAll, prepareBallots, type Ack } from '../packages/server/src/testing/load-generator.js';
import { mustCall, setUpElection } from '../packages/server/src/testing/local-election.js';
import { tallyExportVerify } from './support/cluster-record.js';
import { describeOnStores } from './support/cluster-stores.js';

const PER_NODE = 120;
const KILL_AFTER = 30;

describeOnStores('kill -9 of one of two nodes under casting load', ({ db, dir, pg }) => {
  const nodes: ServerProcess[] = [];
  afterAll(async () => {
    for (const s of nodes) await killServer(s, 5_000).catch(() => undefined);
  });

  it('keeps every acknowledged ballot of both nodes; the survivor serves them all; the record verifies', async () => {
    const [a, b] = await Promise.all([startNode(db()), startNode(db())]);
    nodes.push(a!, b!);
    const callA = httpCall(a!.base, 20_000);
    const callB = httpCall(b!.base, 20_000);
    const el = await setUpElection(callA, CLUSTER_ADMIN, { voters: 2 * PER_NODE });
    const bodies = prepareBallots(el, 2 * PER_NODE).map((s) => JSON.stringify({ ballot: s }));

    let killedAt = 0;
    const afterKill: number[] = []; // when the survivor acknowledged, ms after the kill
    const runA = castAll(a!.base, el.id, bodies.slice(0, PER_NODE), 6, {
      stop: () => killedAt > 0,
      requestTimeoutMs: 5_000,
      onAck: (_ack, n) => {
        if (n >= KILL_AFTER && killedAt === 0) {
          killedAt = performance.now();
          a!.child.kill('SIGKILL');
        }
      },
    });
    const runB = castAll(b!.base, el.id, bodies.slice(PER_NODE), 6, {
      requestTimeoutMs: 20_000,
      onAck: () => {
        if (killedAt > 0) afterKill.push(performance.now() - killedAt);
      },
    });
    const [ra, rb] = await Promise.all([runA, runB]);
    expect(killedAt, 'node A was never killed').toBeGreaterThan(0);
    expect(await waitForExit(a!.child, 10_000)).toBe(true);
    expect(rb.failures, JSON.stringify(rb.statuses)).toBe(0);
    expect(rb.acks.length).toBe(PER_NODE);
    const acks: Ack[] = [...ra.acks, ...rb.acks];

    // every acknowledged ballot is on the survivor's board, at its receipt's index
    const head = (await callB('GET', `/elections/${el.id}/board/tree-head`)).json.treeHead;
    for (const ack of acks) {
      const r = await callB('GET', `/elections/${el.id}/ballots/${ack.code}`);
      expect(r.status, `ballot ${ack.code} (log index ${ack.logIndex}) lost`).toBe(200);
      expect(r.json.receipt.logIndex).toBe(ack.logIndex);
      const inc = (
        await callB(
          'GET',
          `/elections/${el.id}/board/inclusion?index=${ack.logIndex}&treeSize=${head.treeSize}`,
        )
      ).json;
      const proof = (inc.proof as string[]).map((h) => fromHex(h));
      expect(
        verifyInclusion(fromHex(inc.leafHash), ack.logIndex, head.treeSize, proof, fromHex(head.rootHash)),
      ).toBe(true);
    }
    const firstAck = afterKill.length > 0 ? Math.min(...afterKill) : NaN;
    console.log(
      JSON.stringify({
        failover: {
          store: pg() ? 'postgres' : 'sqlite',
          ackedBeforeKillA: ra.acks.length,
          ackedB: rb.acks.length,
          msFromKillToSurvivorsNextAck: Math.round(firstAck),
          survivorsSlowestAnswerMs: Math.round(Math.max(...rb.acks.map((x) => x.ms))),
          survivorsMedianAnswerMs: Math.round(
            rb.acks.map((x) => x.ms).sort((x, y) => x - y)[rb.acks.length >> 1]!,
          ),
        },
      }),
    );

    // the survivor closes, tallies and decrypts; the exported record verifies and counts them all
    await mustCall(callB, CLUSTER_ADMIN)('POST', `/elections/${el.id}/close`);
    const report = await tallyExportVerify(callB, db(), el, join(dir(), 'record'));
    expect(report.counts.cast).toBeGreaterThanOrEqual(new Set(acks.map((x) => x.code)).size);
  }, 240_000);
});
