/**
 * The voter's eID login against a real OpenID Connect provider (oidc-provider on loopback,
 * `@evident/dev-idp`): a login, a cast under its session, and every bad input of the login,
 * each a coded 4xx with nothing written.
 */
import { loginAtDevIdp, scriptedAgent, type ScriptedAgent } from '@evident/dev-idp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  injectCall,
  nextSubmission,
  setUpElection,
  type Call,
  type LocalElection,
} from '../testing/local-election.js';
import { agentCall, startOidcBench, STRANGER, type OidcBench } from '../testing/oidc-election.js';

const ADMIN = 'evd_test-admin-token-for-the-oidc-login';

describe('voter login through OpenID Connect (real provider on loopback)', () => {
  let bench: OidcBench;
  let e1: LocalElection;
  let e2: LocalElection;
  let offset = 0;
  const now = () => Date.now() + offset;
  const callback = () => `${bench.base}/auth/oidc/callback`;

  const cookieCall = (agent: ScriptedAgent): Call => agentCall(agent, bench.base);

  const login = async (sub: string, election = 'e1', lang = 'en') => {
    const agent = scriptedAgent();
    const { callback: back } = await loginAtDevIdp(agent, bench.loginUrl(election, lang), callback(), sub);
    return { agent, back };
  };
  const treeSize = async (id: string) =>
    (await injectCall(bench.app)('GET', `/elections/${id}/board/tree-head`)).json.treeHead.treeSize as number;

  beforeAll(async () => {
    bench = await startOidcBench(['voter-1', 'voter-2', 'voter-3', 'voter-4'], { adminToken: ADMIN, now });
    const call = injectCall(bench.app);
    e1 = await setUpElection(call, ADMIN, { id: 'e1', voters: 4, requireIdentity: true });
    e2 = await setUpElection(call, ADMIN, { id: 'e2', voters: 4, requireIdentity: true });
  });
  afterAll(async () => bench?.close());

  it('logs a voter in (code flow, PKCE S256, state, nonce) and casts under the session', async () => {
    const agent = scriptedAgent();
    const start = await agent.request(bench.loginUrl('e1'));
    expect(start.status).toBe(303);
    const to = new URL(start.headers.get('location')!);
    expect(to.origin).toBe(bench.idp.issuer);
    expect(to.searchParams.get('code_challenge_method')).toBe('S256');
    expect(to.searchParams.get('code_challenge')).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(to.searchParams.get('state')).toBeTruthy();
    expect(to.searchParams.get('nonce')).toBeTruthy();
    expect(start.headers.getSetCookie().join()).toMatch(
      /evd_login=.*HttpOnly.*SameSite=Lax.*Path=\/auth\/oidc/,
    );

    const { callback: back } = await loginAtDevIdp(agent, to.href, callback(), 'voter-1');
    const done = await agent.request(back);
    expect(done.status).toBe(303);
    expect(done.headers.get('location')).toBe('/vote/e1?lang=en');
    const cookies = done.headers.getSetCookie().join('\n');
    expect(cookies).toMatch(/evd_session=[A-Za-z0-9_-]{43}; HttpOnly; SameSite=Strict; Path=\/; Max-Age=900/);

    const call = cookieCall(agent);
    const session = await call('GET', '/auth/oidc/session?election=e1');
    expect(session.status).toBe(200);
    expect(session.json.electionId).toBe('e1');

    const { sub } = await nextSubmission(call, e1, 'voter-1', 'o1');
    const r = await call('POST', '/elections/e1/ballots', { ballot: sub });
    expect(r.status).toBe(200);
    expect(r.json.intent).toBe('cast');

    // the credential remains the second factor: voter-1's session with voter-2's credential
    const other = await nextSubmission(call, e1, 'voter-2', 'o2');
    const refused = await call('POST', '/elections/e1/ballots', { ballot: other.sub });
    expect(refused.status).toBe(401);
    expect(refused.json.code).toBe('EVD_ERR_IDENTITY');

    // logging out ends the session
    expect((await call('POST', '/auth/oidc/logout')).status).toBe(200);
    expect((await call('GET', '/auth/oidc/session?election=e1')).status).toBe(401);
  });

  it('refuses a ballot without a session, and nothing is written', async () => {
    const call = cookieCall(scriptedAgent());
    const before = await treeSize('e1');
    const { sub } = await nextSubmission(call, e1, 'voter-3', 'o1');
    const r = await call('POST', '/elections/e1/ballots', { ballot: sub });
    expect(r.status).toBe(401);
    expect(r.json.code).toBe('EVD_ERR_IDENTITY');
    expect(await treeSize('e1')).toBe(before);
  });

  it('refuses a replayed callback (its state was used): 400 EVD_ERR_LOGIN_STATE, translated page', async () => {
    const { agent, back } = await login('voter-2', 'e1', 'fr');
    const binding = agent.cookie(bench.base, 'evd_login')!;
    expect((await agent.request(back)).status).toBe(303);
    // even with the browser's binding cookie (a copy of the whole browser), the state is spent
    const withCookie = await scriptedAgent().request(back, { headers: { cookie: `evd_login=${binding}` } });
    expect(withCookie.status).toBe(400);
    const spent = await withCookie.json();
    expect([spent.code, spent.message]).toEqual([
      'EVD_ERR_LOGIN_STATE',
      'this login is unknown, expired or already used',
    ]);
    // the page is in the login's language (fr), whatever the browser asks for
    const again = await agent.request(back, { headers: { accept: 'text/html', 'accept-language': 'en' } });
    expect(again.status).toBe(400);
    expect(again.headers.getSetCookie().join()).not.toMatch(/evd_session=[^;]/);
    const html = await again.text();
    expect(html).toContain('data-code="EVD_ERR_LOGIN_STATE"');
    expect(html).toContain('Cette réponse de connexion a déjà servi');
    expect(html).toContain('lang="fr"');
    expect(html).toContain('href="/vote/e1?lang=fr"');
    // and as JSON for a program
    const json = await agent.request(back);
    expect(json.status).toBe(400);
    expect((await json.json()).code).toBe('EVD_ERR_LOGIN_STATE');
  });

  it('refuses a callback with no state, an unknown state, or from another browser', async () => {
    const { agent, back } = await login('voter-2');
    const u = new URL(back);
    const noState = new URL(u);
    noState.searchParams.delete('state');
    const r1 = await agent.request(noState.href);
    expect(r1.status).toBe(400);
    expect((await r1.json()).code).toBe('EVD_ERR_LOGIN_STATE');
    const wrong = new URL(u);
    wrong.searchParams.set('state', 'not-a-state-this-server-gave');
    const r2 = await agent.request(wrong.href);
    expect(r2.status).toBe(400);
    expect((await r2.json()).code).toBe('EVD_ERR_LOGIN_STATE');
    // the right state in a browser without the login's binding cookie (a login forced on a victim)
    const r3 = await scriptedAgent().request(back);
    expect(r3.status).toBe(400);
    const body = await r3.json();
    expect(body.code).toBe('EVD_ERR_LOGIN_STATE');
    expect(body.message).toMatch(/another browser/);
  });

  it('refuses a forged code and an answer from another issuer (mix-up): 401, never a 5xx', async () => {
    const forged = await login('voter-2');
    const u = new URL(forged.back);
    u.searchParams.set('code', 'a-code-the-provider-never-issued');
    const r1 = await forged.agent.request(u.href);
    expect([r1.status, (await r1.json()).code]).toEqual([401, 'EVD_ERR_LOGIN_FAILED']);

    const mixUp = await login('voter-2');
    const v = new URL(mixUp.back);
    expect(v.searchParams.get('iss')).toBe(bench.idp.issuer); // RFC 9207: the provider names itself
    v.searchParams.set('iss', 'https://another-provider.example');
    const r2 = await mixUp.agent.request(v.href);
    expect(r2.status).toBe(401);
    const b2 = await r2.json();
    expect(b2.code).toBe('EVD_ERR_LOGIN_FAILED');
    expect(b2.message).toMatch(/"iss"/);
  });

  it('refuses a login the person cancelled at the provider: 401 EVD_ERR_LOGIN_FAILED', async () => {
    const agent = scriptedAgent();
    const { callback: back } = await loginAtDevIdp(agent, bench.loginUrl('e1', 'ar'), callback(), 'voter-3', {
      abort: true,
    });
    expect(new URL(back).searchParams.get('error')).toBe('access_denied');
    const r = await agent.request(back, { headers: { accept: 'text/html' } });
    expect(r.status).toBe(401);
    const html = await r.text();
    expect(html).toContain('data-code="EVD_ERR_LOGIN_FAILED"');
    expect(html).toContain('dir="rtl"');
    expect(html).toContain('لم يُسجّل مزوّد الهوية دخولك');
    // the provider's error code in the message, and nothing else a URL could carry
    const other = scriptedAgent();
    const cancelled = await loginAtDevIdp(other, bench.loginUrl('e1'), callback(), 'voter-3', {
      abort: true,
    });
    const odd = new URL(cancelled.callback);
    odd.searchParams.set('error', '<script>alert(1)</script>');
    const r2 = await other.request(odd.href);
    expect([r2.status, (await r2.json()).message]).toEqual([
      401,
      'the identity provider refused the login (error)',
    ]);
  });

  it('refuses an ID token whose nonce is not the login’s: 401 EVD_ERR_LOGIN_TOKEN', async () => {
    const { agent, back } = await login('voter-3');
    // the code was issued for another nonce than the one this login kept (a token injected
    // from another login): the library's nonce check refuses it
    const state = new URL(back).searchParams.get('state')!;
    const kept = (await bench.rp.store.peekPending(state))!;
    await bench.rp.store.addPending(state, { ...kept, nonce: 'a-nonce-of-another-login' });
    const r = await agent.request(back);
    expect(r.status).toBe(401);
    const body = await r.json();
    expect(body.code).toBe('EVD_ERR_LOGIN_TOKEN');
    expect(body.message).toMatch(/nonce/);
    expect(r.headers.getSetCookie().join()).not.toMatch(/evd_session=[^;]/);
  });

  it('refuses an expired ID token: 401 EVD_ERR_LOGIN_TOKEN', async () => {
    // the server's clock two hours ahead of the provider's: the one-hour ID token has expired
    offset = 2 * 3600_000;
    try {
      const { agent, back } = await login('voter-3');
      const r = await agent.request(back);
      expect(r.status).toBe(401);
      const body = await r.json();
      expect(body.code).toBe('EVD_ERR_LOGIN_TOKEN');
      expect(body.message).toMatch(/exp/);
    } finally {
      offset = 0;
    }
  });

  it('ends a session after its length (15 minutes): the ballot is refused, nothing is written', async () => {
    const { agent, back } = await login('voter-3');
    expect((await agent.request(back)).status).toBe(303);
    const call = cookieCall(agent);
    expect((await call('GET', '/auth/oidc/session?election=e1')).status).toBe(200);
    offset = 15 * 60_000 + 1000;
    try {
      expect((await call('GET', '/auth/oidc/session?election=e1')).json.code).toBe('EVD_ERR_IDENTITY');
      const before = await treeSize('e1');
      const { sub } = await nextSubmission(call, e1, 'voter-3', 'o3');
      const r = await call('POST', '/elections/e1/ballots', { ballot: sub });
      expect([r.status, r.json.code]).toEqual([401, 'EVD_ERR_IDENTITY']);
      expect(await treeSize('e1')).toBe(before);
    } finally {
      offset = 0;
    }
  });

  it('keeps a live session on request (POST): its expiry moves to a full length from now', async () => {
    const { agent, back } = await login('voter-3');
    expect((await agent.request(back)).status).toBe(303);
    const call = cookieCall(agent);
    const first = Date.parse((await call('GET', '/auth/oidc/session?election=e1')).json.expiresAt);
    offset = 10 * 60_000;
    try {
      const kept = await call('POST', '/auth/oidc/session?election=e1');
      expect(kept.status).toBe(200);
      expect(Date.parse(kept.json.expiresAt)).toBeGreaterThan(first + 9 * 60_000);
      // another election's address keeps nothing
      expect((await call('POST', '/auth/oidc/session?election=e2')).json.code).toBe('EVD_ERR_IDENTITY');
      offset = 20 * 60_000; // past the first expiry, within the kept one
      expect((await call('GET', '/auth/oidc/session?election=e1')).status).toBe(200);
      offset = 26 * 60_000; // past the kept one: gone, and cannot be kept any more
      expect((await call('POST', '/auth/oidc/session?election=e1')).json.code).toBe('EVD_ERR_IDENTITY');
    } finally {
      offset = 0;
    }
  });

  it('refuses a session of another election, and nothing is written', async () => {
    const { agent, back } = await login('voter-4', 'e1');
    expect((await agent.request(back)).status).toBe(303);
    const call = cookieCall(agent);
    expect((await call('GET', '/auth/oidc/session?election=e2')).json.code).toBe('EVD_ERR_IDENTITY');
    const before = await treeSize('e2');
    const { sub } = await nextSubmission(call, e2, 'voter-4', 'o1');
    const r = await call('POST', '/elections/e2/ballots', { ballot: sub });
    expect(r.status).toBe(401);
    expect(r.json.code).toBe('EVD_ERR_IDENTITY');
    expect(await treeSize('e2')).toBe(before);
  });

  it('refuses a person who is not on the roll: 403 EVD_ERR_NOT_ON_ROLL, no session', async () => {
    const { agent, back } = await login(STRANGER);
    const r = await agent.request(back, { headers: { accept: 'text/html' } });
    expect(r.status).toBe(403);
    expect(r.headers.getSetCookie().join()).not.toMatch(/evd_session=[^;]/);
    expect(await r.text()).toContain('not on the roll of this election');
  });

  it('answers 404 for a login to an unknown election', async () => {
    const r = await scriptedAgent().request(bench.loginUrl('no-such-election'));
    expect(r.status).toBe(404);
    expect((await r.json()).code).toBe('EVD_ERR_NOT_FOUND');
  });
});
