/**
 * Several nodes on one store (spec/server-api.md §6.6): two `evident-server` processes (the real
 * CLI, real sockets) share one database. Casting into both gives one log order without gaps,
 * every receipt's inclusion proof verifies on both nodes, the same ballot sent to both at once is
 * logged once, a node's kept answers (tree head, the page ending the board, results) follow the
 * other node's append, an SSE viewer on one node sees a cast on the other, two closes at once make one
 * close entry, and the exported record verifies with `evident-verify`.
 * Each suite runs on a shared SQLite file and on a shared PostgreSQL database (support/cluster-stores.ts).
 */
import { join } from 'node:path';
import { fromHex, verifyConsistency, verifyInclusion } from '@evident/e2e-crypto';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { CLUSTER_ADMIN, startNode } from '../packages/server/src/cluster/cluster-nodes.js';
import {
  httpCall,
  killServer,
  readEventStream,
  type ServerProcess,
} from '../packages/server/src/testing/http.js';
import { prepareBallots } from '../packages/server/src/testing/load-generator.js';
import {
  setUpElection,
  type Call,
  type LocalElection,
} from '../packages/server/src/testing/local-election.js';
import { tallyExportVerify, until } from './support/cluster-record.js';
import { describeOnStores } from './support/cluster-stores.js';

/** The node's tree head of `id`. */
async function headOf(
  call: Call,
  id: string,
): Promise<{ treeSize: number; rootHash: string; logKey: string }> {
  const r = await call('GET', `/elections/${id}/board/tree-head`);
  if (r.status !== 200) throw new Error(`tree-head: ${r.status}`);
  return { ...r.json.treeHead, logKey: r.json.logPublicKey };
}

/** Waits until both nodes serve the same head, of at least `size` leaves. */
async function sameHead(calls: readonly Call[], id: string, size = 0) {
  return until('the same head on both nodes', 10_000, async () => {
    const hs = await Promise.all(calls.map((c) => headOf(c, id)));
    return hs.every((h) => h.treeSize >= size && h.rootHash === hs[0]!.rootHash) ? hs[0] : undefined;
  });
}

/** Every board entry of `id` on a node (index and type), paged. */
async function entries(call: Call, id: string): Promise<{ index: number; type: string }[]> {
  const out: { index: number; type: string }[] = [];
  for (;;) {
    const r = await call('GET', `/elections/${id}/board/entries?start=${out.length}&limit=500`);
    for (const e of r.json.entries as { index: number; type: string }[])
      out.push({ index: e.index, type: e.type });
    if (r.json.next === undefined) return out;
  }
}

/** Checks a receipt's leaf against a node's head: inclusion, and consistency from the receipt's head. */
async function checkReceipt(
  call: Call,
  id: string,
  rc: Receipt,
  head: { treeSize: number; rootHash: string },
) {
  const inc = (
    await call('GET', `/elections/${id}/board/inclusion?index=${rc.logIndex}&treeSize=${head.treeSize}`)
  ).json;
  expect(inc.leafHash).toBe(rc.leafHash);
  const proof = (inc.proof as string[]).map((h) => fromHex(h));
  expect(
    verifyInclusion(fromHex(rc.leafHash), rc.logIndex, head.treeSize, proof, fromHex(head.rootHash)),
  ).toBe(true);
  const c = (
    await call(
      'GET',
      `/elections/${id}/board/consistency?first=${rc.treeHead.treeSize}&second=${head.treeSize}`,
    )
  ).json;
  expect(c.firstHash).toBe(rc.treeHead.rootHash);
  expect(
    verifyConsistency(
      rc.treeHead.treeSize,
      head.treeSize,
      c.proof.map((h: string) => fromHex(h)),
      fromHex(rc.treeHead.rootHash),
      fromHex(head.rootHash),
    ),
  ).toBe(true);
}

interface Receipt {
  confirmationCode: string;
  logIndex: number;
  leafHash: string;
  treeHead: { treeSize: number; rootHash: string };
}

describeOnStores('two nodes on one store', ({ db, dir }) => {
  let a: ServerProcess;
  let b: ServerProcess;
  let calls: Call[];
  let el: LocalElection;
  const receipts: Receipt[] = [];
  let ballots: string[];

  beforeAll(async () => {
    // both at once on an empty store: they must agree on one log key
    [a, b] = await Promise.all([startNode(db()), startNode(db())]);
    calls = [httpCall(a.base, 20_000), httpCall(b.base, 20_000)];
    el = await setUpElection(calls[0]!, CLUSTER_ADMIN, { voters: 40 });
    ballots = prepareBallots(el, 40).map((s) => JSON.stringify({ ballot: s }));
  }, 120_000);
  afterAll(async () => {
    for (const s of [a, b]) if (s) await killServer(s, 5_000).catch(() => undefined);
  });

  const post = async (node: number, i: number) => {
    const r = await calls[node]!('POST', `/elections/${el.id}/ballots`, JSON.parse(ballots[i]!));
    return r;
  };

  it('one log key: the node that did not set up the election serves its board, signed by the same key', async () => {
    const [ha, hb] = await Promise.all(
      calls.map((c) => until('the board on both', 10_000, () => headOf(c, el.id))),
    );
    expect(hb!.logKey).toBe(ha!.logKey);
    await sameHead(calls, el.id);
  });

  it('casts alternately and at once into both nodes: one log order, no gaps, every receipt proven on both', async () => {
    for (let i = 0; i < 10; i++) {
      const r = await post(i % 2, i);
      expect(r.status, JSON.stringify(r.json)).toBe(200);
      receipts.push(r.json);
    }
    const at = await Promise.all(Array.from({ length: 20 }, (_, j) => post(j % 2, 10 + j)));
    for (const r of at) {
      expect(r.status, JSON.stringify(r.json)).toBe(200);
      receipts.push(r.json);
    }
    const indices = receipts.map((r) => r.logIndex);
    expect(new Set(indices).size).toBe(receipts.length);
    const head = await sameHead(calls, el.id, Math.max(...indices) + 1);
    for (const call of calls) {
      const es = await entries(call, el.id);
      expect(es.map((e) => e.index)).toEqual(Array.from({ length: head.treeSize }, (_, i) => i));
      expect(es.filter((e) => e.type === 'ballot').length).toBe(receipts.length);
      for (const rc of receipts) await checkReceipt(call, el.id, rc, head);
    }
  }, 60_000);

  it('the same ballot sent to both nodes at once is logged once: one receipt for both', async () => {
    const [ra, rb] = await Promise.all([post(0, 30), post(1, 30)]);
    expect([ra.status, rb.status]).toEqual([200, 200]);
    expect(rb.json.logIndex).toBe(ra.json.logIndex);
    expect(rb.json.confirmationCode).toBe(ra.json.confirmationCode);
    receipts.push(ra.json);
    const head = await sameHead(calls, el.id, ra.json.logIndex + 1);
    const es = await entries(calls[1]!, el.id);
    expect(es.length).toBe(head.treeSize);
    expect(es.filter((e) => e.type === 'ballot').length).toBe(receipts.length);
  }, 30_000);

  it("node B's kept answers follow node A's append: its head, the page ending the board and the results", async () => {
    const { treeSize: n } = await sameHead(calls, el.id);
    const pageUrl = `/elections/${el.id}/board/entries?start=${n - 1}&limit=50`;
    const onB = async (path: string) => {
      const r = await fetch(`${b.base}${path}`);
      return { status: r.status, etag: r.headers.get('etag'), body: await r.text() };
    };
    const before = await Promise.all(
      [`/elections/${el.id}/board/tree-head`, pageUrl, `/elections/${el.id}/results`].map(onB),
    );
    expect(JSON.parse(before[1]!.body)).toMatchObject({ treeSize: n });
    expect((await onB(pageUrl)).etag).toBe(before[1]!.etag); // kept on B
    const cast = await post(0, 35);
    expect(cast.status).toBe(200);
    receipts.push(cast.json);
    // as soon as B's head shows the new entry, so do its page and, within the stream's poll, its results
    await until("node A's cast in node B's head", 10_000, async () =>
      (await headOf(calls[1]!, el.id)).treeSize > cast.json.logIndex ? true : undefined,
    );
    const page = await onB(pageUrl);
    expect(page.etag).not.toBe(before[1]!.etag);
    const entries = (JSON.parse(page.body) as { entries: { index: number }[] }).entries.map((e) => e.index);
    expect(entries).toContain(cast.json.logIndex);
    expect((await onB(`/elections/${el.id}/board/tree-head`)).etag).not.toBe(before[0]!.etag);
    await until("node A's cast in node B's results", 5_000, async () => {
      const r = await onB(`/elections/${el.id}/results`);
      return r.etag !== before[2]!.etag && JSON.parse(r.body).treeSize > cast.json.logIndex
        ? true
        : undefined;
    });
  }, 30_000);

  it('an SSE viewer on node B sees a cast made on node A', async () => {
    const ac = new AbortController();
    const seen: number[] = [];
    const r = await fetch(`${b.base}/elections/${el.id}/results/stream`, { signal: ac.signal });
    expect(r.status).toBe(200);
    const reading = readEventStream(r.body as unknown as AsyncIterable<Uint8Array>, (event, data) => {
      if (event === 'turnout') seen.push(data.turnout.cast as number);
    }).catch(() => undefined);
    await until('the first snapshot', 5_000, async () => (seen.length > 0 ? true : undefined));
    const before = seen[seen.length - 1]!;
    const cast = await post(0, 31);
    expect(cast.status).toBe(200);
    receipts.push(cast.json);
    await until('the cast on node A in the stream of node B', 5_000, async () =>
      seen.some((n) => n === before + 1) ? true : undefined,
    );
    ac.abort();
    await reading;
  }, 30_000);

  it('closing on both nodes at once makes one close entry; then neither node takes a ballot', async () => {
    const must = (i: number) => calls[i]!('POST', `/elections/${el.id}/close`, undefined, CLUSTER_ADMIN);
    const [ca, cb] = await Promise.all([must(0), must(1)]);
    expect([ca.status, cb.status].sort()).toEqual([200, 409]);
    for (const node of [0, 1]) {
      const r = await post(node, 32 + node);
      expect(r.status).toBe(409);
      expect(r.json.code).toBe('EVD_ERR_WRONG_PHASE');
    }
    await sameHead(calls, el.id);
    const es = await entries(calls[0]!, el.id);
    expect(es.filter((e) => e.type === 'close').length).toBe(1);
  }, 30_000);

  it('the record exported from the shared store verifies with evident-verify', async () => {
    const report = await tallyExportVerify(calls[1]!, db(), el, join(dir(), 'record'));
    expect(report.counts.cast).toBe(receipts.length);
  }, 180_000);
});
