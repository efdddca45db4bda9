/**
 * A node refuses only on the store's word (spec/server-api.md §6.6, staleness): node B's change
 * feed is slowed to one look a minute (`--notice-ms 60000`, SQLite), so B's view of the
 * election stays the one it read before node A opened it. A ballot sent to B right after the
 * opening is accepted all the same (B's fast phase check reads the store again before refusing),
 * and a refusal the store agrees with is still sent. A close rescheduled on A is not carried out
 * by B at the instant B last heard of.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { CLUSTER_ADMIN, startNode } from '../packages/server/src/cluster/cluster-nodes.js';
import { httpCall, killServer, type ServerProcess } from '../packages/server/src/testing/http.js';
import { prepareBallots } from '../packages/server/src/testing/load-generator.js';
import { mustCall, setUpElection, type Call } from '../packages/server/src/testing/local-election.js';
import { describeOnStores } from './support/cluster-stores.js';

/** B's change feed: one look a minute, longer than the test. */
const SLOW_FEED = ['--notice-ms', '60000'];

/** `YYYY-MM-DDTHH:mm:ss` in UTC. */
const utc = (ms: number): string => new Date(ms).toISOString().slice(0, 19);

describeOnStores('a node whose view is behind the store', ({ db, pg }) => {
  const nodes: ServerProcess[] = [];
  let callA: Call;
  let callB: Call;
  beforeAll(async () => {
    nodes.push(await startNode(db()));
    nodes.push(await startNode(db(), { args: SLOW_FEED }));
    callA = httpCall(nodes[0]!.base, 20_000);
    callB = httpCall(nodes[1]!.base, 20_000);
  }, 60_000);
  afterAll(async () => {
    for (const s of nodes) await killServer(s, 5_000).catch(() => undefined);
  });

  it('accepts a ballot for an election another node opened a moment ago; refuses once the store says closed', async () => {
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

  it('a close moved later on one node is not carried out at the old instant by the other', async () => {
    const el = await setUpElection(callA, CLUSTER_ADMIN, { id: 'e2', voters: 3, timeZone: 'UTC' });
    const [first, second] = prepareBallots(el, 2).map((s) => ({ ballot: s }));
    const schedule = (at: number) =>
      mustCall(callA, CLUSTER_ADMIN)('PUT', `/elections/${el.id}/schedule`, {
        timeZone: 'UTC',
        closeAt: utc(at),
      });
    // whole seconds, far enough ahead for a cast on B first
    const early = Math.ceil((Date.now() + 8_000) / 1000) * 1000;
    await schedule(early);
    // B's cast takes the write lock, where B hears of A's commits: B arms its timer for `early`
    expect((await callB('POST', `/elections/${el.id}/ballots`, first)).status).toBe(200);
    await schedule(early + 600_000);
    if (Date.now() >= early) throw new Error('too slow to test: the first instant passed');
    await new Promise((r) => setTimeout(r, early - Date.now() + 2_000));
    // B's timer went off at `early`: the store's schedule says later, so the election is open
    expect((await callA('GET', `/elections/${el.id}`)).json.state).toBe('open');
    expect((await callB('POST', `/elections/${el.id}/ballots`, second)).status).toBe(200);
    const entries = (await callA('GET', `/elections/${el.id}/board/entries?start=0&limit=100`)).json
      .entries as { type: string }[];
    expect(entries.filter((e) => e.type === 'close')).toEqual([]);
  }, 60_000);
});
