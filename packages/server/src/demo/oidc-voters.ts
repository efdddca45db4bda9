/**
 * The demo's eID voters (`../demo.ts`): a real OpenID Connect provider on loopback
 * (`@evident/dev-idp`, oidc-provider) that `evident-server` is configured to trust through its
 * `EVIDENT_OIDC_*` environment, as a national eID would be; a small election `demo-eid` that
 * requires identity; a few voters who log in at the provider over HTTP (authorization code flow
 * with PKCE, state, nonce), come back with a session, and cast with their credential code; and
 * the refusals a voter may meet: a replayed login answer, a person not on the roll, a ballot
 * without a session.
 * @module
 */
import { randomBytes } from 'node:crypto';
import { freeLoopbackPort, loginAtDevIdp, scriptedAgent, startDevIdp, type DevIdp } from '@evident/dev-idp';
import { httpCall } from '../testing/http.js';
import { nextSubmission, setUpElection, simpleManifest } from '../testing/local-election.js';
import { agentCall, STRANGER } from '../testing/oidc-election.js';
import type { DemoEnv } from './processes.js';

/** The election of the eID voters. */
export const EID_ELECTION = 'demo-eid';

/** The provider, and what the server needs to trust it. */
export interface DemoIdp {
  readonly idp: DevIdp;
  /** The port the server must listen on (its redirect URI is registered at the provider). */
  readonly serverPort: number;
  /** `EVIDENT_OIDC_*` for the server's environment. */
  readonly env: Readonly<Record<string, string>>;
  readonly people: readonly string[];
}

/** Starts the provider for `n` voters (and one person on no roll). */
export async function startDemoIdp(n = 4): Promise<DemoIdp> {
  const serverPort = await freeLoopbackPort();
  const redirect = `http://127.0.0.1:${serverPort}/auth/oidc/callback`;
  const secret = randomBytes(24).toString('hex');
  const people = Array.from({ length: n }, (_, i) => `voter-${i + 1}`);
  const idp = await startDevIdp({
    people: [...people, STRANGER].map((sub) => ({ sub, name: `Demo person ${sub}` })),
    clients: [{ clientId: 'evident-demo', clientSecret: secret, redirectUris: [redirect] }],
  });
  const env = {
    EVIDENT_OIDC_ISSUER: idp.issuer,
    EVIDENT_OIDC_CLIENT_ID: 'evident-demo',
    EVIDENT_OIDC_CLIENT_SECRET: secret,
    EVIDENT_OIDC_REDIRECT_URI: redirect,
  };
  return { idp, serverPort, env, people };
}

/**
 * Runs the eID voters against the server at `d.base`.
 * @throws {Error} when a login, a cast or a refusal is not what it should be
 */
export async function runEidVoters(d: DemoEnv, p: DemoIdp): Promise<void> {
  const el = await setUpElection(httpCall(d.base), d.admin, {
    id: EID_ELECTION,
    voters: p.people.length,
    requireIdentity: true,
    manifest: simpleManifest(3, EID_ELECTION),
  });
  const loginUrl = `${d.base}/auth/oidc/login?election=${EID_ELECTION}`;
  const callbackPrefix = `${d.base}/auth/oidc/callback`;
  const expect = (what: string, status: number, want: number, code?: string) => {
    if (status !== want)
      throw new Error(`eID demo: ${what}: HTTP ${status}${code ? ` ${code}` : ''}, expected ${want}`);
  };
  let replayed = '';
  for (const [i, voter] of p.people.entries()) {
    const agent = scriptedAgent();
    const { callback } = await loginAtDevIdp(agent, loginUrl, callbackPrefix, voter);
    expect(`${voter}'s login`, (await agent.request(callback)).status, 303);
    const call = agentCall(agent, d.base);
    const { sub } = await nextSubmission(call, el, voter, `o${1 + (i % 3)}`);
    const r = await call('POST', `/elections/${EID_ELECTION}/ballots`, { ballot: sub });
    expect(`${voter}'s ballot`, r.status, 200, r.json?.code);
    if (i === 0) {
      const again = await agent.request(callback);
      replayed = ((await again.json()) as { code: string }).code;
      expect('the replayed login answer', again.status, 400, replayed);
    }
  }
  const stranger = scriptedAgent();
  const { callback } = await loginAtDevIdp(stranger, loginUrl, callbackPrefix, STRANGER);
  const notOnRoll = await stranger.request(callback);
  const notOnRollCode = ((await notOnRoll.json()) as { code: string }).code;
  expect('the person not on the roll', notOnRoll.status, 403, notOnRollCode);
  const anonymous = agentCall(scriptedAgent(), d.base);
  const { sub } = await nextSubmission(anonymous, el, p.people[0]!, 'o1');
  const noSession = await anonymous('POST', `/elections/${EID_ELECTION}/ballots`, { ballot: sub });
  expect('a ballot without a session', noSession.status, 401, noSession.json?.code);
  d.say(
    `eID login (election "${EID_ELECTION}", identity required): ${p.people.length} voters logged in at the identity provider ` +
      `(oidc-provider on ${p.idp.issuer}: authorization code flow with PKCE S256, state, nonce, RS256 ID token checked by openid-client), ` +
      `came back with a single-election session and cast with their credential code; refused as they should be: ` +
      `a replayed login answer (400 ${replayed}), a person not on the roll (403 ${notOnRollCode}), ` +
      `a ballot without a session (401 ${noSession.json.code})`,
  );
}
