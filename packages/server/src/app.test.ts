/**
 * The server through `app.inject()`: lifecycle, casting with receipts, revoting, challenge,
 * idempotent resubmission, replay refusal, board proofs, roles and coded errors.
 */
import {
  fromHex,
  leafHash,
  verifyConsistency,
  verifyInclusion,
  verifyTreeHead,
  type SignedTreeHead,
} from '@evident/e2e-crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from './app.js';
import { testIdentityProvider } from './identity/identity-provider.js';
import {
  castBallot,
  injectCall,
  nextSubmission,
  setUpElection,
  type Call,
  type Intent,
  type LocalElection,
} from './testing/local-election.js';

const ADMIN = 'evd_test-admin-token';
type App = Awaited<ReturnType<typeof buildApp>>;

const vote = (o: string) => ({ style: 's1', votes: { c1: { [o]: 1 } } });

describe('evident-server (inject)', () => {
  let app: App;
  let call: Call;
  let el: LocalElection;
  const idp = testIdentityProvider('test-secret');

  beforeAll(async () => {
    app = await buildApp({ adminToken: ADMIN, rateLimit: false, identity: idp });
    call = injectCall(app);
    el = await setUpElection(call, ADMIN, { voters: 6 });
  });
  afterAll(async () => app.close());

  const cast = (voter: string, option: string, intent: Intent = 'cast') =>
    castBallot(call, el, voter, option, intent);

  it('serves OpenAPI with every route', async () => {
    const r = await call('GET', '/openapi.json');
    expect(r.status).toBe(200);
    expect(Object.keys(r.json.paths)).toEqual(
      expect.arrayContaining([
        '/elections/{electionId}/ballots',
        '/elections/{electionId}/board/inclusion',
        '/admin/tokens',
      ]),
    );
  });

  it('casts a ballot and returns a receipt that verifies against a signed tree head', async () => {
    const { r } = await cast('voter-1', 'o2');
    expect(r.status).toBe(200);
    const rc = r.json;
    const pk = fromHex((await call('GET', `/elections/${el.id}/board/tree-head`)).json.logPublicKey);
    expect(verifyTreeHead(rc.treeHead as SignedTreeHead, pk)).toBe(true);
    const ok = verifyInclusion(
      fromHex(rc.leafHash),
      rc.logIndex,
      rc.treeHead.treeSize,
      rc.inclusionProof.map((h: string) => fromHex(h)),
      fromHex(rc.treeHead.rootHash),
    );
    expect(ok).toBe(true);
    // the leaf is the hash of the entry on the board
    const entries = (await call('GET', `/elections/${el.id}/board/entries?start=${rc.logIndex}&limit=1`)).json
      .entries;
    expect(entries[0].type).toBe('ballot');
    expect(Buffer.from(leafHash(new TextEncoder().encode(entries[0].entry))).toString('hex')).toBe(
      rc.leafHash,
    );
    expect(JSON.parse(entries[0].entry).submission.ballot.code).toBe(rc.confirmationCode);
  });

  it('returns the same receipt for the same ballot, once on the board', async () => {
    const { r, sub } = await cast('voter-2', 'o1');
    const before = (await call('GET', `/elections/${el.id}/board/tree-head`)).json.treeHead.treeSize;
    const again = await call('POST', `/elections/${el.id}/ballots`, { ballot: sub });
    expect(again.status).toBe(200);
    expect(again.json.logIndex).toBe(r.json.logIndex);
    expect(again.json.confirmationCode).toBe(r.json.confirmationCode);
    expect((await call('GET', `/elections/${el.id}/board/tree-head`)).json.treeHead.treeSize).toBe(before);
  });

  it('counts the last ballot of a revoting credential and marks the earlier one superseded', async () => {
    const first = await cast('voter-3', 'o1');
    const second = await cast('voter-3', 'o4');
    expect(second.r.status).toBe(200);
    expect(second.r.json.supersedes).toBe(first.r.json.logIndex);
    const t1 = await call('GET', `/elections/${el.id}/ballots/${first.r.json.confirmationCode}`);
    expect(t1.json.status).toBe('superseded');
    expect(t1.json.supersededBy).toBe(second.r.json.logIndex);
    const t2 = await call('GET', `/elections/${el.id}/ballots/${second.r.json.confirmationCode}`);
    expect(t2.json.status).toBe('counted');
    const sup = (
      await call('GET', `/elections/${el.id}/board/entries?start=${second.r.json.logIndex + 1}&limit=1`)
    ).json.entries[0];
    expect(sup.type).toBe('supersession');
  });

  it('publishes the opening of a challenged ballot', async () => {
    const { r } = await cast('voter-4', 'o3', 'challenge');
    expect(r.status).toBe(200);
    expect(r.json.opened).toEqual({ c1: { o1: 0, o2: 0, o3: 1, o4: 0, o5: 0 } });
  });

  it('refuses a ballot replayed under another credential (Cortier–Smyth)', async () => {
    const { sub } = await cast('voter-5', 'o5');
    // voter-6 copies voter-5's ciphertexts, recomputes the code for its own chain and signs
    const G = el.client.ctx.G;
    const cred6 = el.client.credential(el.codes.get('voter-6')!);
    const cred6Hex = Buffer.from(G.encode(cred6.S)).toString('hex').toUpperCase();
    const {
      chainInitialCode,
      chainedAux,
      confirmationCode,
      contestHash,
      deviceAux0,
      ballotDigest,
      signWithCredential,
      credentialSignatureToJson,
      toHex,
    } = await import('@evident/e2e-crypto');
    const hE = el.client.ctx.hE;
    const aux0 = deviceAux0(`online-${cred6Hex.toLowerCase()}`);
    const cts = sub.ballot.contests[0]!.selections.map((s) => ({
      alpha: G.decode(fromHex(s.alpha), 'a'),
      beta: G.decode(fromHex(s.beta), 'b'),
    }));
    const chi = contestHash(G, hE, 1, el.client.ctx.pk.K, cts);
    const code = toHex(confirmationCode(hE, [chi], chainedAux(chainInitialCode(hE, aux0), aux0)));
    const unsigned = { credential: cred6Hex, ballot: { ...sub.ballot, code } };
    const sig = credentialSignatureToJson(
      G,
      signWithCredential(G, hE, cred6.s, 'cast', ballotDigest(hE, unsigned)),
    );
    const r = await call('POST', `/elections/${el.id}/ballots`, { ballot: { ...unsigned, signature: sig } });
    expect(r.status).toBe(409);
    expect(r.json.code).toBe('EVD_ERR_REPLAY');
  });

  it('refuses a bad signature, a tampered proof and an unknown credential with coded 4xx', async () => {
    const { sub } = await nextSubmission(call, el, 'voter-6', 'o1');
    const badSig = {
      ...sub,
      signature: { ...sub.signature, v: sub.signature.v.replace(/.$/, (c) => (c === '0' ? '1' : '0')) },
    };
    let r = await call('POST', `/elections/${el.id}/ballots`, { ballot: badSig });
    expect([r.status, r.json.code]).toEqual([400, 'EVD_ERR_INVALID_SIGNATURE']);
    const sel = sub.ballot.contests[0]!.selections[0]!;
    const v0 = sel.proof.v[0]!;
    const tampered = structuredClone(sub) as typeof sub & { ballot: any }; // eslint-disable-line @typescript-eslint/no-explicit-any
    tampered.ballot.contests[0].selections[0].proof.v[0] = v0.replace(/.$/, (c: string) =>
      c === '0' ? '1' : '0',
    );
    r = await call('POST', `/elections/${el.id}/ballots`, { ballot: tampered });
    expect(r.status).toBe(400);
    expect(['EVD_ERR_INVALID_PROOF', 'EVD_ERR_INVALID_SIGNATURE']).toContain(r.json.code);
    const stranger = el.client.credential('00000-00000-00000-00000-00000-0');
    const s2 = el.client.submission(stranger, vote('o1'), '00'.repeat(32));
    r = await call('POST', `/elections/${el.id}/ballots`, { ballot: s2 });
    expect(r.status).toBeGreaterThanOrEqual(400);
    expect(r.status).toBeLessThan(500);
  });

  it('gives consistency proofs between tree heads', async () => {
    const size = (await call('GET', `/elections/${el.id}/board/tree-head`)).json.treeHead.treeSize;
    const r = await call('GET', `/elections/${el.id}/board/consistency?first=3&second=${size}`);
    expect(r.status).toBe(200);
    expect(
      verifyConsistency(
        3,
        size,
        r.json.proof.map((h: string) => fromHex(h)),
        fromHex(r.json.firstHash),
        fromHex(r.json.secondHash),
      ),
    ).toBe(true);
    const bad = await call('GET', `/elections/${el.id}/board/consistency?first=${size + 1}`);
    expect([bad.status, bad.json.code]).toEqual([400, 'EVD_ERR_VALIDATION']);
  });

  it('enforces roles and refuses illegal transitions', async () => {
    let r = await call('POST', `/elections/${el.id}/close`);
    expect([r.status, r.json.code]).toEqual([401, 'EVD_ERR_UNAUTHENTICATED']);
    const obs = await call('POST', '/admin/tokens', { role: 'observer', label: 'press' }, ADMIN);
    expect(obs.status).toBe(201);
    r = await call('POST', `/elections/${el.id}/close`, undefined, obs.json.token);
    expect([r.status, r.json.code]).toEqual([403, 'EVD_ERR_FORBIDDEN']);
    r = await call('GET', '/admin/tokens', undefined, obs.json.token);
    expect(r.status).toBe(200);
    expect(JSON.stringify(r.json)).not.toContain(obs.json.token);
    r = await call('POST', `/elections/${el.id}/open`, undefined, ADMIN);
    expect([r.status, r.json.code]).toEqual([409, 'EVD_ERR_ILLEGAL_TRANSITION']);
  });

  it('closes, then refuses ballots and a second close', async () => {
    const el2 = await setUpElection(call, ADMIN, { id: 'e2', voters: 2 });
    let r = await call('POST', '/elections/e2/close', undefined, ADMIN);
    expect(r.status).toBe(200);
    expect(r.json.state).toBe('closed');
    const cred = el2.client.credential(el2.codes.get('voter-1')!);
    const sub = el2.client.submission(cred, vote('o1'), '00'.repeat(32));
    r = await call('POST', '/elections/e2/ballots', { ballot: sub });
    expect([r.status, r.json.code]).toEqual([409, 'EVD_ERR_WRONG_PHASE']);
    r = await call('POST', '/elections/e2/close', undefined, ADMIN);
    expect([r.status, r.json.code]).toEqual([409, 'EVD_ERR_ILLEGAL_TRANSITION']);
  });

  it('closes on schedule in election-local time', async () => {
    let t = Date.UTC(2026, 4, 10, 14, 0); // 16:00 in Paris
    const app2 = await buildApp({ adminToken: ADMIN, rateLimit: false, now: () => t });
    const c2 = injectCall(app2);
    await setUpElection(c2, ADMIN, {
      id: 'e3',
      voters: 1,
      closeAt: '2026-05-10T17:00',
      timeZone: 'Europe/Paris',
    });
    let r = await c2('GET', '/elections/e3');
    expect(r.json.closeAtInstant).toBe(Date.UTC(2026, 4, 10, 15, 0));
    t = Date.UTC(2026, 4, 10, 15, 0);
    const e3 = app2.evident;
    const { armCloseTimer } = await import('./elections/election-actions.js');
    armCloseTimer(e3, (await e3.store.getElection('e3'))!);
    await new Promise((res) => setTimeout(res, 50));
    await e3.writer.drain();
    r = await c2('GET', '/elections/e3');
    expect(r.json.state).toBe('closed');
    await app2.close();
  });

  it('requires an identity assertion when the election asks for one', async () => {
    const el4 = await setUpElection(call, ADMIN, { id: 'e4', voters: 2, requireIdentity: true });
    const { sub } = await nextSubmission(call, el4, 'voter-1', 'o1');
    let r = await call('POST', '/elections/e4/ballots', { ballot: sub });
    expect([r.status, r.json.code]).toEqual([401, 'EVD_ERR_IDENTITY']);
    r = await call('POST', '/elections/e4/ballots', {
      ballot: sub,
      identity: { voterId: 'voter-2', token: idp.tokenFor('voter-2') },
    });
    expect([r.status, r.json.code]).toEqual([401, 'EVD_ERR_IDENTITY']);
    r = await call('POST', '/elections/e4/ballots', {
      ballot: sub,
      identity: { voterId: 'voter-1', token: idp.tokenFor('voter-1') },
    });
    expect(r.status).toBe(200);
  });
});
