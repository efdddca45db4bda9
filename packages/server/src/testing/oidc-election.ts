/**
 * An election that requires identity, served over HTTP on loopback, with voters who log in
 * through a real OpenID Connect provider (`@evident/dev-idp`): for the login's tests, its
 * browser test and the demo. The provider's people have the roll's voter ids as subjects, plus
 * one person who is on no roll (`stranger`).
 * @module
 */
import { freeLoopbackPort, startDevIdp, type DevIdp, type ScriptedAgent } from '@evident/dev-idp';
import { randomBytes } from 'node:crypto';
import { buildApp, type AppOptions } from '../app.js';
import { sharedLoginStore } from '../identity/shared-login-store.js';
import { openSqliteStore } from '../store/sqlite-store.js';
import { relyingParty, type RelyingParty } from '../identity/oidc-relying-party.js';
import { resolveOidcSettings } from '../identity/oidc-settings.js';
import type { Call } from './local-election.js';

/** The subject of the provider's person who is on no election's roll. */
export const STRANGER = 'stranger';

/** A server and its identity provider, both listening on 127.0.0.1. */
export interface OidcBench {
  readonly app: Awaited<ReturnType<typeof buildApp>>;
  /** The server's base URL (`http://127.0.0.1:PORT`). */
  readonly base: string;
  readonly idp: DevIdp;
  readonly rp: RelyingParty;
  /** The login start for an election. */
  loginUrl(electionId: string, lang?: string): string;
  close(): Promise<void>;
}

/**
 * Starts the provider (people `subjects` and {@link STRANGER}) and the server with its login.
 * @param app - more options of the server (its `now` is also the relying party's clock)
 * @param auth - authenticate with `private_key_jwt` (the private JWK's file, its public half)
 *   instead of a client secret
 */
export async function startOidcBench(
  subjects: readonly string[],
  app: AppOptions = {},
  auth:
    { readonly privateKeyFile: string; readonly publicJwk: Record<string, unknown> } | undefined = undefined,
): Promise<OidcBench> {
  const port = await freeLoopbackPort();
  const base = `http://127.0.0.1:${port}`;
  const secret = randomBytes(24).toString('hex');
  const redirectUri = `${base}/auth/oidc/callback`;
  const idp = await startDevIdp({
    people: [...subjects, STRANGER].map((sub) => ({ sub, name: `Test person ${sub}` })),
    clients: [
      auth
        ? { clientId: 'evident-server', jwks: { keys: [auth.publicJwk] }, redirectUris: [redirectUri] }
        : { clientId: 'evident-server', clientSecret: secret, redirectUris: [redirectUri] },
    ],
  });
  const settings = resolveOidcSettings(
    {
      oidcIssuer: idp.issuer,
      oidcClientId: 'evident-server',
      oidcRedirectUri: redirectUri,
      ...(auth ? { oidcPrivateKey: auth.privateKeyFile } : {}),
    },
    auth ? {} : { clientSecret: secret },
    {},
  )!;
  // the server's own login store (shared by nodes), so that tests may read and change its rows
  const store = openSqliteStore({ path: ':memory:' });
  const rp = relyingParty(settings, sharedLoginStore(store, app.now), app.now);
  const server = await buildApp({ rateLimit: false, ...app, store, oidc: rp });
  await server.listen({ port, host: '127.0.0.1' });
  return {
    app: server,
    base,
    idp,
    rp,
    loginUrl: (id, lang = 'en') => `${base}/auth/oidc/login?election=${encodeURIComponent(id)}&lang=${lang}`,
    async close() {
      await server.close();
      await idp.close();
    },
  };
}

/** A {@link Call} to `base` through the agent's cookies (what the voter page's own requests carry). */
export function agentCall(agent: ScriptedAgent, base: string): Call {
  return async (method, path, body) => {
    const r = await agent.request(base + path, {
      method,
      ...(body === undefined
        ? {}
        : { body: JSON.stringify(body), headers: { 'content-type': 'application/json' } }),
    });
    const text = await r.text();
    return { status: r.status, json: text ? JSON.parse(text) : undefined };
  };
}
