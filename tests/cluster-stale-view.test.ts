/**
 * A node refuses only on the store's word (spec/server-api.md §6.6, staleness): node B's change
 * feed is slowed to one look a minute (`--notice-ms 60000`, SQLite), so B's view of the
 * election stays the one it read before node A opened it. A ballot sent to B right after the
 * opening is accepted all the same (B's fast phase check reads the store again before refusing),
 * and a refusal the store agrees with is still sent.
 */
import { afterAll, expect, it } from 'vitest';
import { CLUSTER_ADMIN, startNode } from '../packages/server/src/cluster/cluster-nodes.js';
import { httpCall, killServer, type ServerProcess } from '../packages/server/src/testing/http.js';
import { prepareBallots } from '../packages/server/src/testing/load-generator.js';
import { mustCall, setUpElection } from '../packages/server/src/testing/local-election.js';
import { describeOnStores } from './support/cluster-stores.js';

/** B's change feed: one look a minute, longer than the test. */
const SLOW_FEED = ['--notice-ms', '60000'];

describeOnStores('a node whose view is behind the store', ({ db, pg }) => {
  const nodes: ServerProcess[] = [];
  afterAll(async () => {
    for (const s of nodes) await killServer(s, 5_000).catch(() => undefined);
  });

  it('accepts a ballot for an election another node opened a moment ago; refuses once the store says closed', async () => {
    const a = await startNode(db());
    const b = await startNode(db(), { args: SLOW_FEED });
    nodes.push(a, b);
    const callA = httpCall(a.base, 20_000);
    const callB = httpCall(b.base, 20_000);
    const el = await setUpElection(callA, CLUSTER_ADMIN, { voters: 3, open: false });
    const [first, second, late] = prepareBallots(el, 3).map((s) => ({ ballot: s }));
    // B reads the election before the opening: its view holds it as not open
    const before = await callB('GET', `/elections/${el.id}`);
    expect(before.json.state).toBe('credentials-issued');
    await mustCall(callA, CLUSTER_ADMIN)('POST', `/elections/${el.id}/open`);
    // the seam: on SQLite, B has not heard of the opening (its feed looks once a minute)
    if (!pg()) expect((await callB('GET', `/elections/${el.id}`)).json.state).toBe('credentials-issued');

    const r = await callB('POST', `/elections/${el.id}/ballots`, first);
    expect(r.status, JSON.stringify(r.json)).toBe(200);
    expect((await callB('GET', `/elections/${el.id}`)).json.state).toBe('open');
    expect((await callB('POST', `/elections/${el.id}/ballots`, second)).status).toBe(200);

    // closed on A: B (whose view may still say open) refuses — the store agrees
    await mustCall(callA, CLUSTER_ADMIN)('POST', `/elections/${el.id}/close`);
    const refused = await callB('POST', `/elections/${el.id}/ballots`, late);
    expect([refused.status, refused.json.code]).toEqual([409, 'EVD_ERR_WRONG_PHASE']);
  }, 60_000);
});
