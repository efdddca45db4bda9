/**
 * The publication runs after the answer to the last response (spec/server-api.md §7.2 step 4):
 * a national election's publication takes minutes, and a guardian's upload held open that long
 * failed on its HTTP client's timeout (a 10,000-voter demo: `UND_ERR_HEADERS_TIMEOUT` after
 * 300 s, although the response was stored). Here the publication's computation waits on a gate:
 * the last response is answered `publishing: true`, the status says so, the results are not out;
 * opened, the results are published. A failed publication is in the status and
 * `…/decryption/combine` publishes again.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../app.js';
import { injectCall, mustCall, setUpElection, castBallot, type Call } from '../testing/local-election.js';
import { decryptRounds, publicationEnded } from '../testing/run-election.js';
import { simulatedGuardian } from '../testing/trustee-sim.js';
import { inlineVerifier, type BallotVerifier } from '../verify/verifier.js';
import type { Group } from '@evident/e2e-crypto';

const ADMIN = 'evd_publication-jobs-admin';

/** The inline verifier, its publication held until `gate.open()`; `gate.fail` refuses it once. */
function gatedVerifier(gate: { wait: Promise<void>; fail: boolean }): BallotVerifier {
  const v = inlineVerifier();
  return {
    ...v,
    async checkUpload(c) {
      if (c.round !== 'publish') return v.checkUpload(c);
      await gate.wait;
      if (gate.fail) {
        gate.fail = false;
        throw new Error('the pool died');
      }
      return v.checkUpload(c);
    },
  };
}

describe('the publication after the last response', () => {
  let open: () => void = () => {};
  const gate = { wait: new Promise<void>((ok) => (open = ok)), fail: true };
  let app: Awaited<ReturnType<typeof buildApp>>;
  let call: Call;

  beforeAll(async () => {
    app = await buildApp({ adminToken: ADMIN, rateLimit: false, verifier: gatedVerifier(gate) });
    call = injectCall(app);
  });
  afterAll(async () => app.close());

  it('answers the last response before publishing; a failure is in the status; combine publishes', async () => {
    const el = await setUpElection(call, ADMIN, { voters: 1, n: 2, k: 2 });
    expect((await castBallot(call, el, 'voter-1', 'o2')).r.status).toBe(200);
    const must = mustCall(call, ADMIN);
    await must('POST', `/elections/${el.id}/close`);
    const { requests } = await must('POST', `/elections/${el.id}/tally`);
    const G = el.client.ctx.G as Group<unknown>;
    const present = [1, 2].map((x) => simulatedGuardian(G, el.ceremony, x, 2));
    const kinds = (requests as { kind: string }[]).map((r) => r.kind);
    // decryptRounds waits for the publication: run it until the gate holds the publication
    const rounds = decryptRounds(must, el, present, kinds);
    for (let i = 0; i < 400 && (await must('GET', `/elections/${el.id}/decryption`)).publishing !== true; i++)
      await new Promise((ok) => setTimeout(ok, 10));
    const held = await must('GET', `/elections/${el.id}/decryption`);
    expect([held.publishing, held.done, held.responses.length]).toEqual([true, false, 2]);
    expect((await must('GET', `/elections/${el.id}`)).state).toBe('tallied');
    open();
    await rounds;
    const failed = await publicationEnded(must, el.id);
    expect([failed.publishing, failed.done, failed.publishFailure]).toEqual([
      false,
      false,
      { code: 'EVD_ERR_INTERNAL', message: 'the publication failed; see the server log' },
    ]);
    const r = await call('POST', `/elections/${el.id}/decryption/combine`, undefined, ADMIN);
    expect([r.status, r.json.done, r.json.publishing, r.json.publishFailure]).toEqual([
      200,
      true,
      false,
      undefined,
    ]);
    expect((await must('GET', `/elections/${el.id}`)).state).toBe('published');
  });
});
