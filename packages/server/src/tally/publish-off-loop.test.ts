/**
 * The publication of the results (combining round 2, the discrete logs, the ranked counts) runs
 * in the one worker pool, not on the event loop: on a national election it took seconds during
 * which no health check, no read and no event stream was answered. Here the server runs the
 * compiled pool, wrapped to send a health check once the publication's work is handed to the
 * pool: it is answered before the publication is. What is posted is byte for byte what the same
 * computation gives in the calling thread (the in-loop path) on the same election's files, and a
 * failure in the pool is still a coded error, after which `…/decryption/combine` publishes.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { canonicalJsonString, type Group } from '@evident/e2e-crypto';
import { workerVerifier } from '@evident/server';
import { buildApp } from '../app.js';
import { mixBySimulatedGuardians } from '../testing/mixer-sim.js';
import { castRanked, rankedManifest, MAYOR } from '../testing/ranked-election.js';
import { decryptRounds } from '../testing/run-election.js';
import { simulatedGuardian } from '../testing/trustee-sim.js';
import {
  injectCall,
  mustCall,
  setUpElection,
  type Call,
  type LocalElection,
} from '../testing/local-election.js';
import type { BallotVerifier } from '../verify/verifier.js';
import { isCheckFailure } from '../verify/check-batches.js';
import { publishTask } from './publish-results.js';
import { publishEntries, type PublishTask } from './publish-task.js';

const ADMIN = 'evd_pub-off-loop-admin';

type App = Awaited<ReturnType<typeof buildApp>>;

/** Guardian 1's first response to the tally request swapped with its second (a bad combination). */
function swapped(t: PublishTask): PublishTask {
  const requests = t.requests.map((r) => {
    if (r.kind !== 'tally') return r;
    const mine = r.responses[1]! as { responses: string[] };
    const [a, b, ...rest] = mine.responses;
    return { ...r, responses: { ...r.responses, 1: { ...mine, responses: [b!, a!, ...rest] } } };
  });
  return { ...t, requests };
}

/**
 * The compiled pool; the publication's task announced in `events`, the health check sent once it
 * is handed to the pool; while `tamper.on`, its task is {@link swapped} first.
 */
function observedPool(events: string[], app: () => App, tamper: { on: boolean }): BallotVerifier {
  const pool = workerVerifier(1);
  return {
    kind: pool.kind,
    stats: pool.stats,
    check: (...a) => pool.check(...a),
    async checkUpload(c) {
      if (c.round !== 'publish') return pool.checkUpload(c);
      events.push('publish');
      const verdict = pool.checkUpload(tamper.on ? { ...c, task: swapped(c.task) } : c);
      const health = await app().inject({ method: 'GET', url: '/health' });
      events.push(`health ${health.statusCode}`);
      const v = await verdict;
      events.push('verdict');
      return v;
    },
    close: () => pool.close(),
  };
}

describe('the results published from the worker pool', () => {
  const events: string[] = [];
  const tamper = { on: true };
  let app: App;
  let call: Call;
  let el: LocalElection;

  beforeAll(async () => {
    app = await buildApp({
      adminToken: ADMIN,
      rateLimit: false,
      verifier: observedPool(events, () => app, tamper),
    });
    call = injectCall(app);
    el = await setUpElection(call, ADMIN, { voters: 4, n: 3, k: 2, manifest: rankedManifest([MAYOR]) });
    for (const [i, ranks] of [[1, 2], [2, 3], [3], [1]].entries())
      expect((await castRanked(call, el, `voter-${i + 1}`, `o${(i % 3) + 1}`, { mayor: ranks })).status).toBe(
        200,
      );
    const ch = await castRanked(call, el, 'voter-1', 'o3', { mayor: [3, 1] }, 'challenge');
    expect(ch.status).toBe(200);
    const must = mustCall(call, ADMIN);
    await must('POST', `/elections/${el.id}/close`);
    await must('POST', `/elections/${el.id}/tally`);
    await mixBySimulatedGuardians(must, el);
    const G = el.client.ctx.G as Group<unknown>;
    const present = [1, 2].map((x) => simulatedGuardian(G, el.ceremony, x, 2));
    const { requests } = await must('GET', `/elections/${el.id}/decryption`);
    const kinds = (requests as { kind: string }[]).map((r) => r.kind);
    expect(kinds).toEqual(['tally', 'challenged-ballots', 'ranked']);
    events.length = 0;
    await decryptRounds(must, el, present, kinds); // the last response starts the publication
  }, 120_000);
  afterAll(async () => app.close());

  it('answers a health check while publishing; a failure in the pool is a coded error', async () => {
    expect(events).toEqual(['publish', 'health 200', 'verdict']);
    expect((await call('GET', `/elections/${el.id}`)).json.state).toBe('tallied');
    events.length = 0;
    const r = await call('POST', `/elections/${el.id}/decryption/combine`, undefined, ADMIN);
    expect([r.status, r.json.code]).toEqual([500, 'EVD_ERR_INTERNAL']);
    expect(r.json.message).toBe('responses failed: 1 response #0 does not verify');
    expect(events).toEqual(['publish', 'health 200', 'verdict']);
  });

  it('publishes on a retry, byte for byte what the in-loop computation gives', async () => {
    tamper.on = false;
    events.length = 0;
    const r = await call('POST', `/elections/${el.id}/decryption/combine`, undefined, ADMIN);
    expect([r.status, r.json.done]).toEqual([200, true]);
    expect(events).toEqual(['publish', 'health 200', 'verdict']);
    const res = await call('GET', `/elections/${el.id}/results`);
    expect(res.json.election.state).toBe('published');
    expect(res.json.results.contests[0].selections.map((s: { value: number }) => s.value)).toEqual([2, 1, 1]);

    const task = await publishTask(app.evident, el.id, true);
    const inLoop = publishEntries(task!);
    if (isCheckFailure(inLoop)) throw new Error(inLoop.message);
    expect(inLoop.entries.map((e) => e.type)).toEqual([
      'tally-decryption',
      'challenged-decryption',
      'ranked-decryption',
      'ranked-count',
    ]);
    const size = res.json.treeSize as number;
    const n = inLoop.entries.length;
    const posted = (
      await call('GET', `/elections/${el.id}/board/entries?start=${size - n - 1}&limit=${n + 1}`)
    ).json.entries.map((e: { entry: string }) => e.entry) as string[];
    expect(JSON.parse(posted[n]!).type).toBe('publish');
    for (const [i, e] of inLoop.entries.entries()) {
      const { time } = JSON.parse(posted[i]!) as { time: number };
      expect(posted[i]).toBe(canonicalJsonString({ type: e.type, ...e.fields, time }));
    }
  });
});
