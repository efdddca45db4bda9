/**
 * The scheduled close on several nodes (spec/server-api.md §6.6): the close is scheduled on
 * node A, which is then killed with SIGKILL before the instant; node B, which learned of the
 * schedule only through the store's change feed, closes the election at the instant by itself
 * (one `close` entry, reason `scheduled`) and refuses ballots from then on.
 */
import { afterAll, expect, it } from 'vitest';
import { CLUSTER_ADMIN, startNode } from '../packages/server/src/cluster/cluster-nodes.js';
import {
  httpCall,
  killServer,
  waitForExit,
  type ServerProcess,
} from '../packages/server/src/testing/http.js';
import { prepareBallots } from '../packages/server/src/testing/load-generator.js';
import { mustCall, setUpElection } from '../packages/server/src/testing/local-election.js';
import { until } from './support/cluster-record.js';
import { describeOnStores } from './support/cluster-stores.js';

/** `YYYY-MM-DDTHH:mm:ss` in UTC. */
const utc = (ms: number): string => new Date(ms).toISOString().slice(0, 19);

describeOnStores('the scheduled close on two nodes', ({ db }) => {
  const nodes: ServerProcess[] = [];
  afterAll(async () => {
    for (const s of nodes) await killServer(s, 5_000).catch(() => undefined);
  });

  it('the survivor closes at the instant scheduled on the node that died', async () => {
    const [a, b] = await Promise.all([startNode(db()), startNode(db())]);
    nodes.push(a!, b!);
    const callA = httpCall(a!.base, 20_000);
    const callB = httpCall(b!.base, 20_000);
    const el = await setUpElection(callA, CLUSTER_ADMIN, { voters: 4, timeZone: 'UTC' });
    const [first, late] = prepareBallots(el, 2).map((s) => ({ ballot: s }));
    // B takes ballots before the close — once it has heard that A opened the election (the change
    // feed's delay, spec/server-api.md §6.6); cast before scheduling: a cast can take seconds here
    await until('node B seeing the election open', 10_000, async () =>
      (await callB('GET', `/elections/${el.id}`)).json.state === 'open' ? true : undefined,
    );
    expect((await callB('POST', `/elections/${el.id}/ballots`, first)).status).toBe(200);
    // whole seconds, at least 3 s ahead
    const at = Math.ceil((Date.now() + 3_000) / 1000) * 1000;
    await mustCall(callA, CLUSTER_ADMIN)('PUT', `/elections/${el.id}/schedule`, {
      timeZone: 'UTC',
      closeAt: utc(at),
    });
    a!.child.kill('SIGKILL');
    expect(await waitForExit(a!.child, 10_000)).toBe(true);

    const closed = await until('node B closing on schedule', 15_000, async () => {
      const r = await callB('GET', `/elections/${el.id}`);
      return r.json.state === 'closed' ? r.json : undefined;
    });
    expect(closed.state).toBe('closed');
    expect(Date.now()).toBeGreaterThanOrEqual(at);
    const r = await callB('POST', `/elections/${el.id}/ballots`, late);
    expect([r.status, r.json.code]).toEqual([409, 'EVD_ERR_WRONG_PHASE']);
    const entries = (await callB('GET', `/elections/${el.id}/board/entries?start=0&limit=100`)).json
      .entries as {
      type: string;
      entry: string;
    }[];
    const closes = entries.filter((e) => e.type === 'close').map((e) => JSON.parse(e.entry));
    expect(closes.length).toBe(1);
    expect(closes[0].reason).toBe('scheduled');
    expect(closes[0].time).toBeGreaterThanOrEqual(at);
  }, 60_000);
});
