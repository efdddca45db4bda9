/**
 * Batched ballot checks across ballots (spec/server-api.md §5.2): one multi-exponentiation for
 * many ballots, and when it fails exactly the bad ballots are refused, each naming its field;
 * the inline verifier batches ballots that arrive in the same turn.
 */
import {
  ballotDigest,
  canonicalJsonString,
  credentialSignatureToJson,
  encodeScalar,
  leafHash,
  signWithCredential,
  toHex,
} from '@evident/e2e-crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../app.js';
import { contextData } from '../ballots/cast.js';
import { prepareBallots } from '../testing/load-generator.js';
import { injectCall, setUpElection, type LocalElection } from '../testing/local-election.js';
import {
  checkBallot,
  checkBallots,
  isCheckFailure,
  type BallotSubmission,
  type CheckedBallot,
} from './ballot-check.js';
import { electionContext, type ElectionContext } from './election-context.js';
import { inlineVerifier } from './verifier.js';
import { NOT_AHEAD } from './submission-text.js';
// the compiled worker verifier: its workers run dist/verify/worker.js
import { workerVerifier } from '@evident/server';

type App = Awaited<ReturnType<typeof buildApp>>;
const ADMIN = 'evd_check-admin';

describe('checkBallots (batched across ballots)', () => {
  let app: App;
  let ctx: ElectionContext<unknown>;
  let good: BallotSubmission[];
  let el: LocalElection;

  beforeAll(async () => {
    app = await buildApp({ adminToken: ADMIN, rateLimit: false });
    const call = injectCall(app);
    el = await setUpElection(call, ADMIN, { voters: 6 });
    good = prepareBallots(el, 6);
    ctx = electionContext(contextData((await app.evident.store.getElection(el.id))!));
  });
  afterAll(async () => app.close());

  const clone = (s: BallotSubmission): BallotSubmission => JSON.parse(JSON.stringify(s)) as BallotSubmission;
  /** A cast body's text, as the verifiers take it. */
  const text = (s: BallotSubmission): string => JSON.stringify({ ballot: s });
  /**
   * good[i] with a response v changed, signed again by its voter: the challenge still matches,
   * only the group equation fails.
   */
  const badResponse = (i: number, j: number): BallotSubmission => {
    const t = clone(good[i]!) as unknown as {
      ballot: { contests: { selections: { proof: { v: string[] } }[] }[] };
      signature?: unknown;
    };
    const v = t.ballot.contests[0]!.selections[j]!.proof.v;
    v[0] = toHex(encodeScalar((BigInt('0x' + v[0]!) + 1n) % ctx.G.q));
    delete t.signature;
    const s = el.client.credential([...el.codes.values()][i]!).s;
    const digest = ballotDigest(ctx.hE, t as unknown as Record<string, unknown>);
    const signature = credentialSignatureToJson(ctx.G, signWithCredential(ctx.G, ctx.hE, s, 'cast', digest));
    return { ...t, signature } as unknown as BallotSubmission;
  };

  it('accepts a batch of valid ballots with the same results as one by one', () => {
    const all = checkBallots(
      ctx,
      good.map((sub) => ({ sub, intent: 'cast' as const })),
    );
    expect(all.every((r) => !isCheckFailure(r))).toBe(true);
    expect(all.map((r) => (r as { digest: string }).digest)).toEqual(
      good.map((s) => (checkBallot(ctx, s, 'cast') as { digest: string }).digest),
    );
  });

  it('refuses exactly the ballots whose equations fail, naming the field', () => {
    const subs = [good[0]!, badResponse(1, 3), good[2]!, good[3]!, badResponse(4, 0), good[5]!];
    const counters = { rechecked: 0 };
    const rs = checkBallots(
      ctx,
      subs.map((sub) => ({ sub, intent: 'cast' as const })),
      counters,
    );
    expect(rs.map((r) => isCheckFailure(r))).toEqual([false, true, false, false, true, false]);
    expect(counters.rechecked).toBe(6); // the failed batch of proofs, checked again ballot by ballot
    expect(rs[1]).toMatchObject({
      check: 'EVD_ERR_INVALID_PROOF',
      where: 'ballot.contests[0].selections[3].proof',
    });
    expect(rs[4]).toMatchObject({
      check: 'EVD_ERR_INVALID_PROOF',
      where: 'ballot.contests[0].selections[0].proof',
    });
  });

  it('refuses a response v = q as bad data naming it (one scalar rule, also for ranked rows)', () => {
    const t = clone(good[1]!) as unknown as {
      ballot: { contests: { selections: { proof: { v: string[] } }[] }[] };
    };
    t.ballot.contests[0]!.selections[2]!.proof.v[1] = toHex(encodeScalar(ctx.G.q));
    const rs = checkBallots(ctx, [{ sub: t as unknown as BallotSubmission, intent: 'cast' as const }]);
    expect(rs[0]).toMatchObject({
      check: 'EVD_ERR_INVALID_DATA',
      where: 'ballot.contests[0].selections[2].proof.v[1]',
    });
  });

  it('refuses a bad signature response in a batch (only that ballot)', () => {
    const bad = clone(good[2]!) as unknown as { signature: { v: string } };
    bad.signature.v = toHex(encodeScalar((BigInt('0x' + bad.signature.v) + 1n) % ctx.G.q));
    const rs = checkBallots(
      ctx,
      [good[0]!, bad as unknown as BallotSubmission, good[1]!].map((sub) => ({
        sub,
        intent: 'cast' as const,
      })),
    );
    expect(rs.map((r) => isCheckFailure(r))).toEqual([false, true, false]);
    expect(rs[1]).toMatchObject({ check: 'EVD_ERR_INVALID_SIGNATURE', where: 'signature' });
  });

  it('refuses an invalid group element before the batch, alone', () => {
    const t = clone(good[3]!) as unknown as { ballot: { contests: { selections: { alpha: string }[] }[] } };
    t.ballot.contests[0]!.selections[1]!.alpha = 'FF'.repeat(32);
    const rs = checkBallots(
      ctx,
      [good[0]!, t as unknown as BallotSubmission].map((sub) => ({ sub, intent: 'cast' as const })),
    );
    expect(isCheckFailure(rs[0]!)).toBe(false);
    expect(rs[1]).toMatchObject({
      check: 'EVD_ERR_INVALID_DATA',
      where: 'ballot.contests[0].selections[1].alpha',
    });
  });

  it('hands back the digest, the canonical submission and the first code of the chain', () => {
    const rs = checkBallots(
      ctx,
      good.slice(0, 2).map((sub) => ({ sub, intent: 'cast' as const })),
    ) as CheckedBallot[];
    rs.forEach((r, i) => {
      const sub = good[i]! as unknown as Record<string, unknown>;
      expect(r.canonical).toBe(canonicalJsonString(sub));
      expect(r.digest).toBe(toHex(ballotDigest(ctx.hE, sub)));
      // prepareBallots encrypts each voter's first ballot: its code is the chain's first
      expect(r.firstCode).toBe(r.code.toUpperCase());
    });
    // another credential's chain gives another first code
    const swapped = { ...good[0]!, credential: good[1]!.credential };
    const r = checkBallots(ctx, [{ sub: swapped, intent: 'cast' }])[0]!;
    expect(isCheckFailure(r) ? r.check : 'checked').toBe('EVD_ERR_INVALID_SIGNATURE');
  });

  it('logs a cast ballot as the canonical JSON of its entry', async () => {
    const el = app.evident.logs.get(ctx.electionId)!;
    const r = await app.inject({
      method: 'POST',
      url: `/elections/${ctx.electionId}/ballots`,
      payload: { ballot: good[5]! },
    });
    expect(r.statusCode, r.body).toBe(200);
    const { logIndex } = JSON.parse(r.body) as { logIndex: number };
    expect(el.size).toBe(logIndex + 1);
    const [entry] = await app.evident.store.logEntries(ctx.electionId, logIndex, 1);
    const text = new TextDecoder().decode(entry!.entry);
    const parsed = JSON.parse(text) as { type: string; submission: unknown; time: number };
    expect(parsed.type).toBe('ballot');
    expect(parsed.submission).toEqual(good[5]);
    expect(text).toBe(canonicalJsonString(parsed));
    expect(toHex(entry!.leafHash)).toBe(toHex(leafHash(entry!.entry)));
  });

  it('the inline verifier batches ballots of the same turn and answers each', async () => {
    const v = inlineVerifier(4);
    const data = contextData((await app.evident.store.getElection(ctx.electionId))!);
    const subs = [good[0]!, good[1]!, badResponse(2, 1), good[3]!, good[4]!];
    const rs = await Promise.all(subs.map((s) => v.check(data, text(s), 'cast')));
    expect(rs.map((r) => isCheckFailure(r))).toEqual([false, false, true, false, false]);
    expect(v.stats).toMatchObject({ batches: 2, ballots: 5, largestBatch: 4 });
  });

  it('the worker verifier (the one worker pool) answers each ballot as the inline one does', async () => {
    const v = workerVerifier(2, { minBatch: 2, maxBatch: 3, maxWaitMs: 5 });
    try {
      const data = contextData((await app.evident.store.getElection(ctx.electionId))!);
      const subs = [good[0]!, good[1]!, badResponse(2, 1), good[3]!, good[4]!, good[5]!];
      const rs = await Promise.all(subs.map((s) => v.check(data, text(s), 'cast')));
      expect(rs.map((r) => isCheckFailure(r))).toEqual([false, false, true, false, false, false]);
      const inline = await Promise.all(subs.map((s) => inlineVerifier().check(data, text(s), 'cast')));
      expect(rs).toEqual(inline);
      expect(v.stats.ballots).toBe(6);
      expect(v.stats.largestBatch).toBeLessThanOrEqual(3);
      expect(v.stats.batches).toBeGreaterThanOrEqual(2);
      expect(v.stats.rechecked).toBeGreaterThan(0);
    } finally {
      await v.close();
    }
    await expect(
      v.check(contextData((await app.evident.store.getElection(ctx.electionId))!), text(good[0]!), 'cast'),
    ).rejects.toThrow('verifier closed');
  });

  it('the verifiers read the body: one not of the schema or not JSON is refused alone, as fastify words it', async () => {
    const v = workerVerifier(2, { minBatch: 3, maxBatch: 3, maxWaitMs: 5 });
    try {
      const data = contextData((await app.evident.store.getElection(ctx.electionId))!);
      const extra = JSON.stringify({ ballot: good[1]!, extra: 1 });
      const badCode = { ...good[2]!, ballot: { ...good[2]!.ballot, code: 'x' } };
      const bodies = [text(good[0]!), extra, text(badCode), '{"ballot":', text(good[3]!)];
      const want = [
        false,
        { check: 'EVD_ERR_VALIDATION', where: 'body', message: 'body must NOT have additional properties' },
        {
          check: 'EVD_ERR_VALIDATION',
          where: 'body.ballot.ballot.code',
          message: 'body/ballot/ballot/code must match pattern "^[0-9a-fA-F]{64}$"',
        },
        { check: 'EVD_ERR_MALFORMED_JSON', where: '', message: 'the body is not valid JSON' },
        false,
      ];
      for (const check of [v.check, inlineVerifier().check]) {
        const rs = await Promise.all(bodies.map((b) => check(data, b, 'cast')));
        expect(rs.map((r) => (isCheckFailure(r) ? r : false))).toEqual(want);
      }
      expect(v.stats.rechecked).toBe(0);
      // the credential read ahead: checked when it is the body's, else answered NOT_AHEAD, unchecked
      const own = good[4]!.credential.toUpperCase();
      for (const check of [v.check, inlineVerifier().check]) {
        const [right, wrong] = await Promise.all([
          check(data, text(good[4]!), 'cast', own),
          check(data, text(good[4]!), 'cast', good[0]!.credential.toUpperCase()),
        ]);
        expect(isCheckFailure(right) ? right : right.credential).toBe(own);
        expect(wrong).toEqual(NOT_AHEAD);
      }
    } finally {
      await v.close();
    }
  });

  it('the worker verifier refuses 503 EVD_ERR_BUSY once the estimated wait is over its bound', async () => {
    const v = workerVerifier(1, { minBatch: 1, maxBatch: 1, maxWaitMs: 0, maxQueueMs: 0 });
    try {
      const data = contextData((await app.evident.store.getElection(ctx.electionId))!);
      // a first batch: the verifier learns the time per ballot
      expect(isCheckFailure(await v.check(data, text(good[0]!), 'cast'))).toBe(false);
      // sent in one turn: the first finds the queue empty, the others a wait over 0 ms
      const rs = await Promise.allSettled([1, 2, 3].map((i) => v.check(data, text(good[i]!), 'cast')));
      expect(rs.map((r) => r.status)).toEqual(['fulfilled', 'rejected', 'rejected']);
      const busy = (rs[1] as PromiseRejectedResult).reason as { retryAfter: number };
      expect(busy).toMatchObject({ code: 'EVD_ERR_BUSY', statusCode: 503 });
      // the estimated wait (one ballot × the first batch's time), in whole seconds
      expect(busy.retryAfter).toBeGreaterThanOrEqual(1);
      expect(busy.retryAfter).toBeLessThanOrEqual(30);
      expect(v.stats.busy).toBe(2);
      expect(v.stats.ballots).toBe(2);
    } finally {
      await v.close();
    }
  });
});
