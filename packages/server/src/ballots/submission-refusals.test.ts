/**
 * What a cast or a challenge must refuse before anything is written (spec/server-api.md §5.2,
 * §5.3): a challenge whose contest data the revealed nonce does not open, contest data replayed
 * from another credential's ballot, a cast that carries its nonce; what it must accept: hex in
 * lower case; and what an unknown credential must not cost the others (no batch fallback).
 */
import {
  ballotContestHash,
  ballotDigest,
  chainedAux,
  confirmationCode,
  credentialSignatureToJson,
  deviceAux0,
  encodeScalar,
  fromHex,
  signWithCredential,
  toHex,
  type Credential,
} from '@evident/e2e-crypto';
import { decodeCiphertext, decodeHashed } from '@evident/record';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../app.js';
import { deviceOf } from '../client/ballot-client.js';
import {
  castBallot,
  injectCall,
  nextSubmission,
  submitPath,
  setUpElection,
  type Call,
  type Intent,
  type LocalElection,
} from '../testing/local-election.js';
import type { BallotSubmission } from '../verify/ballot-check.js';
import { lowerHex } from '../testing/lower-hex.js';

const ADMIN = 'evd_refusals-admin-token';
type App = Awaited<ReturnType<typeof buildApp>>;
type Mutable = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

describe('ballot submissions: refusals and hex case', () => {
  let app: App;
  let call: Call;
  let el: LocalElection;

  beforeAll(async () => {
    app = await buildApp({ adminToken: ADMIN, rateLimit: false });
    call = injectCall(app);
    el = await setUpElection(call, ADMIN, { voters: 12 });
  });
  afterAll(async () => app.close());

  const treeSize = async (): Promise<number> =>
    (await call('GET', `/elections/${el.id}/board/tree-head`)).json.treeHead.treeSize;

  /**
   * Gives `sub` a new confirmation code on the credential's chain (after `prev`) and signs it
   * again, as a voter who assembled it by hand would.
   */
  const resign = (sub: BallotSubmission, cred: Credential<unknown>, prev: string, intent: Intent) => {
    const { G, hE, pk, manifest } = el.client.ctx;
    const style = manifest.styles.get(sub.ballot.style)!;
    const chis = sub.ballot.contests.map((c, ci) =>
      ballotContestHash(
        G,
        hE,
        style[ci]!.index,
        pk.K,
        c.selections.map((s, j) => decodeCiphertext(G, s, `s${j}`)),
        decodeHashed(G, c.contestData, 'contestData'),
      ),
    );
    const aux = chainedAux(fromHex(prev), deviceAux0(deviceOf(sub.credential)));
    const { signature: _s, ...unsigned } = sub as Mutable;
    unsigned.ballot = { ...unsigned.ballot, code: toHex(confirmationCode(hE, chis, aux)) };
    const digest = ballotDigest(hE, unsigned);
    const signature = credentialSignatureToJson(G, signWithCredential(G, hE, cred.s, intent, digest));
    return { ...unsigned, signature } as unknown as BallotSubmission;
  };

  /** `voter`'s next ballot for `option`, with contest c1's contest data taken from `from`. */
  const withContestDataOf = async (from: BallotSubmission, voter: string, option: string, intent: Intent) => {
    const { sub, cred, credHex } = await nextSubmission(call, el, voter, option, intent);
    const prev = (await call('GET', `/elections/${el.id}/chains/${credHex}`)).json.previousCode;
    const t = structuredClone(sub) as Mutable;
    t.ballot.contests[0].contestData = structuredClone(from.ballot.contests[0]!.contestData);
    return resign(t as BallotSubmission, cred, prev, intent);
  };

  it("refuses a challenge carrying another voter's contest data (C0 ≠ g^ξ, EG 2.0 eq 50)", async () => {
    const { sub: victim } = await castBallot(call, el, 'voter-1', 'o2');
    const forged = await withContestDataOf(victim, 'voter-2', 'o1', 'challenge');
    const before = await treeSize();
    const r = await call('POST', submitPath(el.id, 'challenge'), { ballot: forged });
    expect([r.status, r.json.code, r.json.field]).toEqual([
      400,
      'EVD_ERR_INVALID_BALLOT',
      'ballot.contests[0].contestData.c0',
    ]);
    expect(r.json.message).toContain('"c1"');
    expect(await treeSize()).toBe(before);
  });

  it("refuses a cast replaying another credential's contest data (claim on C0)", async () => {
    const { sub: victim } = await castBallot(call, el, 'voter-3', 'o4');
    const forged = await withContestDataOf(victim, 'voter-4', 'o1', 'cast');
    const before = await treeSize();
    const r = await call('POST', submitPath(el.id, 'cast'), { ballot: forged });
    expect([r.status, r.json.code, r.json.field]).toEqual([
      409,
      'EVD_ERR_REPLAY',
      'ballot.contests[0].contestData',
    ]);
    expect(await treeSize()).toBe(before);
    // the voter's own ballot still goes through
    expect((await castBallot(call, el, 'voter-4', 'o1')).r.status).toBe(200);
  });

  it('refuses a cast that carries its nonce, before anything is written', async () => {
    const { sub: challenge, cred, credHex } = await nextSubmission(call, el, 'voter-5', 'o3', 'challenge');
    const prev = (await call('GET', `/elections/${el.id}/chains/${credHex}`)).json.previousCode;
    const cast = resign(challenge, cred, prev, 'cast'); // nonce kept, signed for casting
    expect(cast.nonce).toBeDefined();
    const before = await treeSize();
    const r = await call('POST', submitPath(el.id, 'cast'), { ballot: cast });
    expect([r.status, r.json.code, r.json.field]).toEqual([400, 'EVD_ERR_INVALID_BALLOT', 'nonce']);
    expect(r.json.message).toBe('a cast ballot must not carry its nonce');
    expect(await treeSize()).toBe(before);
  });

  it.each(['cast', 'challenge'] as const)('accepts a %s with hex in lower case', async (intent) => {
    const voter = intent === 'cast' ? 'voter-6' : 'voter-7';
    const { sub, cred } = await nextSubmission(call, el, voter, 'o5', intent);
    const { signature: _s, ...unsigned } = lowerHex(sub) as Mutable;
    const { G, hE } = el.client.ctx;
    const sig = signWithCredential(G, hE, cred.s, intent, ballotDigest(hE, unsigned));
    const low = { ...unsigned, signature: lowerHex(credentialSignatureToJson(G, sig)) };
    const strings = (v: unknown): string[] =>
      typeof v === 'string' ? [v] : v && typeof v === 'object' ? Object.values(v).flatMap(strings) : [];
    expect(strings(low).filter((x) => /[A-F]/.test(x))).toEqual([]);
    const r = await call('POST', submitPath(el.id, intent), { ballot: low });
    expect(r.status).toBe(200);
    expect(r.json.confirmationCode).toBe(sub.ballot.code.toUpperCase());
    if (intent === 'challenge') expect(r.json.opened).toEqual({ c1: { o1: 0, o2: 0, o3: 0, o4: 0, o5: 1 } });
    // the board keeps the submission as sent (the signature covers it)
    const e = (await call('GET', `/elections/${el.id}/board/entries?start=${r.json.logIndex}&limit=1`)).json
      .entries[0];
    expect(JSON.parse(e.entry).submission.ballot.code).toBe(unsigned.ballot.code);
    // the chain goes on from the upper-case code
    const next = await castBallot(call, el, voter, 'o1');
    expect(next.r.status).toBe(200);
  });

  it('checks an unknown credential before the proofs: no batch fallback for the others', async () => {
    const stats = app.evident.verifier.stats as { rechecked?: number };
    const before = stats.rechecked ?? 0;
    const subs = await Promise.all(
      ['voter-8', 'voter-9', 'voter-10'].map(async (v) => (await nextSubmission(call, el, v, 'o2')).sub),
    );
    // a stranger's ballot (a credential not on the list) whose proof is also false
    const stranger = el.client.credential('00000-00000-00000-00000-00000-0');
    const bad = structuredClone(
      el.client.submission(stranger, { style: 's1', votes: {} }, '00'.repeat(32)),
    ) as Mutable;
    const v: string = bad.ballot.contests[0].selections[0].proof.v[0];
    bad.ballot.contests[0].selections[0].proof.v[0] = toHex(
      encodeScalar((BigInt('0x' + v) + 1n) % el.client.ctx.G.q),
    );
    const rs = await Promise.all(
      [...subs, bad].map((ballot) => call('POST', submitPath(el.id, 'cast'), { ballot })),
    );
    expect(rs.map((r) => r.status)).toEqual([200, 200, 200, 403]);
    expect(rs[3]!.json.code).toBe('EVD_ERR_UNKNOWN_CREDENTIAL');
    expect(stats.rechecked).toBe(before);
  });

  it('a bad signature under a listed credential fails only its own check, not the proof batch', async () => {
    const stats = app.evident.verifier.stats as { rechecked?: number };
    const before = stats.rechecked ?? 0;
    const subs = await Promise.all(
      ['voter-11', 'voter-12'].map(async (v) => (await nextSubmission(call, el, v, 'o3')).sub),
    );
    const { sub } = await nextSubmission(call, el, 'voter-8', 'o4');
    const bad = structuredClone(sub) as Mutable;
    bad.signature.v = toHex(encodeScalar((BigInt('0x' + bad.signature.v) + 1n) % el.client.ctx.G.q));
    const rs = await Promise.all(
      [...subs, bad].map((ballot) => call('POST', submitPath(el.id, 'cast'), { ballot })),
    );
    expect(rs.map((r) => [r.status, r.json.code])).toEqual([
      [200, undefined],
      [200, undefined],
      [400, 'EVD_ERR_INVALID_SIGNATURE'],
    ]);
    expect(stats.rechecked).toBe(before);
  });

  it('eg-4096 (proofs in challenge form, no batches): casts, and a challenge opened with its contest data', async () => {
    const eg = await setUpElection(call, ADMIN, {
      id: 'eg',
      profile: 'eg-4096',
      voters: 2,
      options: 2,
      n: 1,
      k: 1,
    });
    expect((await castBallot(call, eg, 'voter-1', 'o1')).r.status).toBe(200);
    const { r } = await castBallot(call, eg, 'voter-2', 'o2', 'challenge');
    expect([r.status, r.json.opened]).toEqual([200, { c1: { o1: 0, o2: 1 } }]);
    const { sub } = await nextSubmission(call, eg, 'voter-1', 'o2');
    const bad = structuredClone(sub) as Mutable;
    bad.signature.v = bad.signature.v.replace(/.$/, (c: string) => (c === '0' ? '1' : '0'));
    const refused = await call('POST', submitPath(eg.id, 'cast'), { ballot: bad });
    expect([refused.status, refused.json.code]).toEqual([400, 'EVD_ERR_INVALID_SIGNATURE']);
  });
});
