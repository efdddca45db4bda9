/**
 * A guardian's decryption upload is checked in the one worker pool, not on the event loop: a
 * ranked upload of ~10,000 items took seconds to check, during which no other request was
 * answered and the other guardians' idle keep-alive sockets were closed with their uploads
 * unread. Here the server runs the compiled worker pool (`workerVerifier` of the built package),
 * wrapped to send another request (the health check) once an upload's check has been handed to
 * the pool: that request is answered before the upload is. The pool's verdicts give the same
 * answers as before: a bad proof refused naming its guardian, a repeated upload answered again;
 * a mix stage's proof of shuffle is checked there too.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Group } from '@evident/e2e-crypto';
import { workerVerifier } from '@evident/server';
import { buildApp } from '../app.js';
import { signMixStage, simulatedMixStage } from '../testing/mixer-sim.js';
import { castRanked, rankedManifest, MAYOR } from '../testing/ranked-election.js';
import { simulatedGuardian, type SimulatedGuardian } from '../testing/trustee-sim.js';
import {
  castBallot,
  injectCall,
  setUpElection,
  type Call,
  type LocalElection,
} from '../testing/local-election.js';
import type { BallotVerifier } from '../verify/verifier.js';

const ADMIN = 'evd_off-loop-admin';

type App = Awaited<ReturnType<typeof buildApp>>;

/**
 * The compiled pool, each upload check announced in `events`, the health check sent once the
 * check is handed to the pool and its answer noted before the pool's verdict is awaited.
 */
function observedPool(events: string[], app: () => App): BallotVerifier {
  const pool = workerVerifier(1);
  return {
    kind: pool.kind,
    stats: pool.stats,
    check: (...a) => pool.check(...a),
    async checkUpload(c) {
      events.push(`check ${c.round}`);
      const verdict = pool.checkUpload(c);
      const health = await app().inject({ method: 'GET', url: '/health' });
      events.push(`health ${health.statusCode}`);
      const v = await verdict;
      events.push('verdict');
      return v;
    },
    close: () => pool.close(),
  };
}

describe('decryption uploads checked in the worker pool', () => {
  const events: string[] = [];
  let app: App;
  let call: Call;
  let el: LocalElection;
  let guardians: SimulatedGuardian[];
  let request: Record<string, unknown>;
  const tokens = new Map<number, string>();
  const observed = observedPool(events, () => app);

  beforeAll(async () => {
    app = await buildApp({ adminToken: ADMIN, rateLimit: false, verifier: observed });
    call = injectCall(app);
    el = await setUpElection(call, ADMIN, { voters: 3, n: 3, k: 2 });
    for (const [v, o] of [
      ['voter-1', 'o1'],
      ['voter-2', 'o2'],
    ] as const)
      expect((await castBallot(call, el, v, o)).r.status).toBe(200);
    for (const x of [1, 2]) {
      const r = await call('POST', '/admin/tokens', { role: 'trustee', label: `g${x}`, guardian: x }, ADMIN);
      tokens.set(x, r.json.token);
    }
    expect((await call('POST', `/elections/${el.id}/close`, undefined, ADMIN)).status).toBe(200);
    expect((await call('POST', `/elections/${el.id}/tally`, undefined, ADMIN)).status).toBe(200);
    guardians = [1, 2].map((x) => simulatedGuardian(el.client.ctx.G, el.ceremony, x, 2));
    request = (await call('GET', `/elections/${el.id}/decryption/tally/request`)).json;
  });
  afterAll(async () => app.close());

  const upload = async (x: number, body: Record<string, unknown>, round = 'partials') => {
    events.length = 0;
    const r = await call('POST', `/elections/${el.id}/decryption/tally/${round}`, body, tokens.get(x));
    events.push(`answer ${r.status}`);
    return r;
  };

  it('answers another request while an upload is checked; refuses a bad proof as before', async () => {
    const bad = guardians[1]!.partial(request) as { items: { M: string }[] };
    bad.items[0]!.M = (guardians[0]!.partial(request) as { items: { M: string }[] }).items[0]!.M;
    let r = await upload(2, guardians[1]!.sign('partial-decryption', request, bad));
    expect([r.status, r.json.code, r.json.field]).toEqual([
      400,
      'EVD_ERR_INVALID_DECRYPTION',
      'partial.proof',
    ]);
    expect(r.json.message).toContain('guardian-2');
    expect(events).toEqual(['check partials', 'health 200', 'verdict', 'answer 400']);

    const good = guardians[0]!.partial(request);
    r = await upload(1, good);
    expect(events).toEqual(['check partials', 'health 200', 'verdict', 'answer 200']);
    expect(r.json.again).toBe(false);
    r = await upload(1, good);
    expect([r.status, r.json.again]).toEqual([200, true]);
    // a token of another guardian: the file is read in the pool, the token refused after
    r = await upload(2, good);
    expect([r.status, r.json.code]).toEqual([403, 'EVD_ERR_FORBIDDEN']);
  });

  it('combines the challenge and checks the responses in the pool too', async () => {
    expect((await upload(2, guardians[1]!.partial(request))).status).toBe(200);
    events.length = 0; // the quorum's partials are combined in the pool too
    expect((await call('POST', `/elections/${el.id}/decryption/challenge`, undefined, ADMIN)).status).toBe(
      200,
    );
    expect(events).toEqual(['check challenge', 'health 200', 'verdict']);
    const ch = (await call('GET', `/elections/${el.id}/decryption/tally/challenge`)).json;
    const wrong = guardians[0]!.respond(request, ch) as { responses: string[] };
    wrong.responses[0] = wrong.responses[1]!;
    let r = await upload(1, guardians[0]!.sign('decryption-response', request, wrong), 'responses');
    expect([r.status, r.json.code, r.json.field]).toEqual([
      400,
      'EVD_ERR_INVALID_DECRYPTION',
      'response.responses[0]',
    ]);
    expect(events).toEqual(['check responses', 'health 200', 'verdict', 'answer 400']);
    r = await upload(1, guardians[0]!.respond(request, ch), 'responses');
    expect(r.status).toBe(200);
    expect(events).toEqual(['check responses', 'health 200', 'verdict', 'answer 200']);
  });
});

describe('mix stages checked in the worker pool', () => {
  const events: string[] = [];
  let app: App;
  let call: Call;
  let el: LocalElection;
  let token: string;

  beforeAll(async () => {
    app = await buildApp({ adminToken: ADMIN, rateLimit: false, verifier: observedPool(events, () => app) });
    call = injectCall(app);
    el = await setUpElection(call, ADMIN, { voters: 3, n: 3, k: 2, manifest: rankedManifest([MAYOR]) });
    for (const [i, ranks] of [[1, 2], [2, 3], [3]].entries())
      expect((await castRanked(call, el, `voter-${i + 1}`, 'o1', { mayor: ranks })).status).toBe(200);
    token = (await call('POST', '/admin/tokens', { role: 'trustee', label: 'g1', guardian: 1 }, ADMIN)).json
      .token;
    expect((await call('POST', `/elections/${el.id}/close`, undefined, ADMIN)).status).toBe(200);
    expect((await call('POST', `/elections/${el.id}/tally`, undefined, ADMIN)).status).toBe(200);
  });
  afterAll(async () => app.close());

  const upload = async (edit?: (s: Record<string, unknown>) => void) => {
    const mix = (await call('GET', `/elections/${el.id}/ranked/mayor/mix`)).json;
    const s = simulatedMixStage(el.client.ctx.G as Group<unknown>, el.ceremony, mix, {
      id: 'guardian-1',
      x: 1,
    });
    edit?.(s);
    events.length = 0;
    const r = await call('POST', `/elections/${el.id}/ranked/mayor/mix`, signMixStage(el.ceremony, s), token);
    events.push(`answer ${r.status}`);
    return r;
  };

  it('answers another request while a stage is checked; refuses a bad shuffle as before', async () => {
    let r = await upload((s) => {
      const rows = s.outputs as unknown[][];
      [rows[0], rows[1]] = [rows[1]!, rows[0]!]; // outputs reordered after proving
    });
    expect([r.status, r.json.code]).toEqual([400, 'EVD_ERR_INVALID_SHUFFLE']);
    expect(events).toEqual(['check mix-stage', 'health 200', 'verdict', 'answer 400']);
    r = await upload();
    expect([r.status, r.json.stage]).toEqual([200, 0]);
    expect(events).toEqual(['check mix-stage', 'health 200', 'verdict', 'answer 200']);
  });
});
