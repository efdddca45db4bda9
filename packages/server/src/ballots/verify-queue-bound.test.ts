/**
 * The verification queue's bound (spec/server-api.md §6.3): a flood of ballots beyond it is
 * answered 503 `EVD_ERR_BUSY` with `Retry-After` — never 500 — before anything is stored; every
 * ballot acknowledged is on the board at its receipt's index; the refused ones, sent again, are
 * accepted.
 */
import { decodeLogHash, verifyInclusion } from '@evident/e2e-crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../app.js';
import { injectCall, nextSubmission, setUpElection, type LocalElection } from '../testing/local-election.js';
import type { BallotSubmission } from '../verify/ballot-check.js';
import { admit, BusyError, inlineVerifier, type BallotVerifier } from '../verify/verifier.js';

const ADMIN = 'evd_queue-bound-admin-token';

describe('the queue bound rule', () => {
  const bound = { maxQueued: 10, maxQueueMs: 500 };

  it('admits under both bounds, and while the wait is not known yet', () => {
    expect(() => admit(9, 499, bound)).not.toThrow();
    expect(() => admit(0, NaN, bound)).not.toThrow();
  });

  it('refuses at the count bound with Retry-After 1 s when the wait is not known', () => {
    expect(() => admit(10, NaN, bound)).toThrow(BusyError);
    try {
      admit(10, NaN, bound);
    } catch (e) {
      expect(e).toMatchObject({ code: 'EVD_ERR_BUSY', statusCode: 503, retryAfter: 1 });
    }
  });

  it('refuses over the estimated wait, Retry-After the wait in whole seconds (1–30)', () => {
    const retry = (ms: number) => {
      try {
        admit(0, ms, bound);
      } catch (e) {
        return (e as BusyError).retryAfter;
      }
      return undefined;
    };
    expect(retry(500)).toBeUndefined();
    expect(retry(501)).toBe(1);
    expect(retry(2500)).toBe(3);
    expect(retry(600_000)).toBe(30);
  });
});

describe('a flood of ballots over the queue bound', () => {
  let app: Awaited<ReturnType<typeof buildApp>>;
  let el: LocalElection;
  const voters = Array.from({ length: 16 }, (_, i) => `voter-${i + 1}`);
  /**
   * The inline verifier with a bound of 4, behind a gate that holds the calls until `gate` of
   * them came and then makes them in one turn: the flood reaches the queue at once whatever the
   * store's latency (PostgreSQL answers the credential look-ups in different turns).
   */
  const inner = inlineVerifier(32, { maxQueued: 4 });
  let gate = voters.length;
  let held: (() => void)[] = [];
  const gated: BallotVerifier = {
    kind: inner.kind,
    stats: inner.stats,
    check: (data, sub, intent) =>
      new Promise((resolve, reject) => {
        held.push(() => void inner.check(data, sub, intent).then(resolve, reject));
        if (held.length < gate) return;
        const now = held;
        held = [];
        for (const f of now) f();
      }),
    checkUpload: (c) => inner.checkUpload(c),
    close: () => inner.close(),
  };

  beforeAll(async () => {
    app = await buildApp({ adminToken: ADMIN, rateLimit: false, verifier: gated });
    el = await setUpElection(injectCall(app), ADMIN, { voters: voters.length });
  });
  afterAll(async () => app.close());

  const post = (sub: BallotSubmission) =>
    app.inject({ method: 'POST', url: `/elections/${el.id}/ballots`, payload: { ballot: sub } });

  it('answers 503 EVD_ERR_BUSY with Retry-After, loses nothing acknowledged, accepts the refused ones later', async () => {
    const call = injectCall(app);
    const subs = await Promise.all(voters.map(async (v) => (await nextSubmission(call, el, v, 'o1')).sub));
    const answers = await Promise.all(subs.map(post));

    const statuses = answers.map((r) => r.statusCode);
    expect(statuses.every((s) => s === 200 || s === 503)).toBe(true);
    const refused = answers.flatMap((r, i) => (r.statusCode === 503 ? [i] : []));
    // 4 fit the queue, the 12 others found it full
    expect(refused.length).toBe(voters.length - 4);
    for (const i of refused) {
      expect(answers[i]!.json()).toMatchObject({ statusCode: 503, code: 'EVD_ERR_BUSY' });
      expect(Number(answers[i]!.headers['retry-after'])).toBeGreaterThanOrEqual(1);
    }

    /** The receipt's inclusion proof holds, and tracking its code finds it counted at its index. */
    const onBoard = async (receipt: {
      leafHash: string;
      logIndex: number;
      confirmationCode: string;
      inclusionProof: string[];
      treeHead: { treeSize: number; rootHash: string };
    }) => {
      const proof = receipt.inclusionProof.map((h, k) => decodeLogHash(h, `p${k}`));
      const head = receipt.treeHead;
      const ok = verifyInclusion(
        decodeLogHash(receipt.leafHash, 'leafHash'),
        receipt.logIndex,
        head.treeSize,
        proof,
        decodeLogHash(head.rootHash, 'rootHash'),
      );
      const tracked = (await call('GET', `/elections/${el.id}/ballots/${receipt.confirmationCode}`)).json;
      return ok && tracked.status === 'counted' && tracked.receipt.logIndex === receipt.logIndex;
    };
    const acknowledged = answers.filter((r) => r.statusCode === 200).map((r) => r.json());
    for (const receipt of acknowledged) expect(await onBoard(receipt)).toBe(true);
    // a refused ballot left nothing behind: sent again, it is accepted as new (not as a resubmission)
    gate = 1;
    const sizeBefore = (await call('GET', `/elections/${el.id}/board/tree-head`)).json.treeHead.treeSize;
    for (const i of refused) {
      const again = await post(subs[i]!);
      expect(again.statusCode).toBe(200);
      expect(await onBoard(again.json())).toBe(true);
    }
    const sizeAfter = (await call('GET', `/elections/${el.id}/board/tree-head`)).json.treeHead.treeSize;
    expect(sizeAfter - sizeBefore).toBe(refused.length);
    expect(app.evident.verifier.stats.busy).toBe(refused.length);
  });
});
