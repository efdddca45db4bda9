/**
 * Attacks on the voters' eID login (spec/credentials.md §4.2): each row runs the real server
 * with its OpenID Connect login against a real provider on loopback (`@evident/dev-idp`), in an
 * election of its own that requires identity, and sends what a lying client, a thief of a
 * redirect or a server that skipped a check would get through. The server must refuse with the
 * row's code, open no session, and its board must not grow (checked here: the harness measures
 * the fixture's boards, which these rows do not touch).
 * @module
 */
import { loginAtDevIdp, scriptedAgent, type ScriptedAgent } from '@evident/dev-idp';
import {
  injectCall,
  nextSubmission,
  setUpElection,
  type LocalElection,
} from '../../packages/server/src/testing/local-election.js';
import {
  agentCall,
  startOidcBench,
  type OidcBench,
} from '../../packages/server/src/testing/oidc-election.js';
import type { ServerAttack } from './attack-types.js';

const ADMIN = 'evd_identity-attacks-admin-token';

interface Scene {
  readonly bench: OidcBench;
  readonly a: LocalElection;
  readonly b: LocalElection;
  /** voter-1 logged in for `a`: its agent and the provider's answer (already used once). */
  login(voter: string, election?: string): Promise<{ agent: ScriptedAgent; callback: string }>;
}

/** Runs `attack` in a fresh scene: a server and provider, elections `a` and `b`; closes them. */
async function inScene(
  attack: (s: Scene) => Promise<Response | { status: number; json: { code?: string } }>,
) {
  const bench = await startOidcBench(['voter-1', 'voter-2'], { adminToken: ADMIN });
  try {
    const call = injectCall(bench.app);
    const a = await setUpElection(call, ADMIN, { id: 'a', voters: 2, requireIdentity: true });
    const b = await setUpElection(call, ADMIN, { id: 'b', voters: 2, requireIdentity: true });
    const sizes = async () =>
      Promise.all(
        ['a', 'b'].map(
          async (id) => (await call('GET', `/elections/${id}/board/tree-head`)).json.treeHead.treeSize,
        ),
      );
    const before = await sizes();
    const r = await attack({
      bench,
      a,
      b,
      async login(voter, election = 'a') {
        const agent = scriptedAgent();
        const { callback } = await loginAtDevIdp(
          agent,
          bench.loginUrl(election),
          `${bench.base}/auth/oidc/callback`,
          voter,
        );
        return { agent, callback };
      },
    });
    if (JSON.stringify(await sizes()) !== JSON.stringify(before)) throw new Error('a board grew');
    if (r instanceof Response) {
      if (/evd_session=[^;]/.test(r.headers.getSetCookie().join())) throw new Error('a session was opened');
      return { status: r.status, json: (await r.json()) as { code?: string } };
    }
    return r;
  } finally {
    await bench.close();
  }
}

export const identityAttacks: readonly ServerAttack[] = [
  {
    kind: 'server',
    name: "replay a voter's eID login answer",
    does: "opens a second session from a provider's answer whose state was already used (someone who saw the voter's redirect logs in as the voter)",
    code: 'EVD_ERR_LOGIN_STATE',
    send: () =>
      inScene(async (s) => {
        const { agent, callback } = await s.login('voter-1');
        const binding = agent.cookie(s.bench.base, 'evd_login')!;
        if ((await agent.request(callback)).status !== 303) throw new Error('the honest login failed');
        // with the browser's binding cookie too: only the spent state stops it
        return scriptedAgent().request(callback, { headers: { cookie: `evd_login=${binding}` } });
      }),
  },
  {
    kind: 'server',
    name: 'an eID session used for another election',
    does: "accepts a ballot of election b under voter-1's session opened for election a",
    code: 'EVD_ERR_IDENTITY',
    send: () =>
      inScene(async (s) => {
        const { agent, callback } = await s.login('voter-1', 'a');
        if ((await agent.request(callback)).status !== 303) throw new Error('the honest login failed');
        const call = agentCall(agent, s.bench.base);
        const { sub } = await nextSubmission(call, s.b, 'voter-1', 'o1');
        return call('POST', '/elections/b/ballots', { ballot: sub });
      }),
  },
  {
    kind: 'server',
    name: 'an ID token injected from another login',
    does: 'accepts a login answer whose ID token carries another login’s nonce',
    code: 'EVD_ERR_LOGIN_TOKEN',
    send: () =>
      inScene(async (s) => {
        const { agent, callback } = await s.login('voter-1');
        const state = new URL(callback).searchParams.get('state')!;
        const kept = (await s.bench.rp.store.peekPending(state))!;
        await s.bench.rp.store.addPending(state, { ...kept, nonce: 'the-nonce-of-another-login' });
        return agent.request(callback);
      }),
  },
  {
    kind: 'server',
    name: 'a login answer finished in another browser',
    does: "lets voter-1's login answer open a session in a browser that did not start the login (a login forced on a victim)",
    code: 'EVD_ERR_LOGIN_STATE',
    send: () =>
      inScene(async (s) => {
        const { callback } = await s.login('voter-1');
        return scriptedAgent().request(callback);
      }),
  },
];
