/**
 * The OpenID Connect relying party (spec/credentials.md §4.2), with `openid-client`: the
 * authorization code flow with PKCE (S256), `state` and `nonce`. The library checks the ID
 * token's signature against the provider's published keys and its `iss`, `aud`, `exp`, `iat`
 * and `nonce`; this module keeps the login's state (login-store.ts), takes it out once, and
 * reads the roll id from the configured claim.
 * @module
 */
import * as oidc from 'openid-client';
import { ApiError } from '../errors.js';
import { bindingHash, randomToken, sameBrowser, type LoginStore } from './login-store.js';
import { isLoopback, type OidcSettings } from './oidc-settings.js';

/** A login started: where to send the browser, and the value of its binding cookie. */
export interface LoginStart {
  readonly url: URL;
  readonly binding: string;
}

/** A login finished: who logged in, for which election. */
export interface LoginDone {
  readonly electionId: string;
  readonly lang: string;
  readonly voterId: string;
}

/** The relying party. */
export interface RelyingParty {
  readonly settings: OidcSettings;
  readonly store: LoginStore;
  /** The same relying party over another login store (the server's shared one). */
  withStore(store: LoginStore): RelyingParty;
  start(electionId: string, lang: string): Promise<LoginStart>;
  /**
   * Finishes a login from the callback's query and the browser's binding cookie.
   * @throws {ApiError} `EVD_ERR_LOGIN_STATE`, `EVD_ERR_LOGIN_FAILED`, `EVD_ERR_LOGIN_TOKEN` or
   *   `EVD_ERR_UNAVAILABLE`; the pending login is gone in every case
   */
  finish(query: URLSearchParams, binding: string | undefined): Promise<LoginDone>;
}

const TOKEN_CODES = new Set([
  'OAUTH_JWT_TIMESTAMP_CHECK_FAILED',
  'OAUTH_JWT_CLAIM_COMPARISON_FAILED',
  'OAUTH_INVALID_RESPONSE',
  'OAUTH_KEY_SELECTION_FAILED',
  'OAUTH_PARSE_ERROR',
]);

/** The library's error as a coded refusal; its message names the check, never a token. */
function refusal(e: unknown): ApiError {
  if (e instanceof oidc.AuthorizationResponseError || e instanceof oidc.ResponseBodyError)
    return new ApiError(
      'EVD_ERR_LOGIN_FAILED',
      // the error code only (RFC 6749 §4.1.2.1), and only when it looks like one: it came in a URL
      `the identity provider refused the login (${/^[a-z_]{1,40}$/.test(e.error) ? e.error : 'error'})`,
    );
  if (e instanceof oidc.ClientError) {
    const inner = e.cause instanceof Error ? e.cause.message : e.message;
    // an authorization response's own parameters (RFC 9207 `iss`, …) are not the ID token's
    const token = TOKEN_CODES.has(e.code ?? '') && !/response parameter/.test(inner);
    if (token) return new ApiError('EVD_ERR_LOGIN_TOKEN', `the ID token is refused: ${inner}`.slice(0, 300));
    return new ApiError(
      'EVD_ERR_LOGIN_FAILED',
      `the identity provider's answer is refused: ${inner}`.slice(0, 300),
    );
  }
  return new ApiError('EVD_ERR_UNAVAILABLE', 'the identity provider cannot be reached');
}

function clientAuth(s: OidcSettings): Promise<oidc.ClientAuth> | oidc.ClientAuth {
  const a = s.clientAuth;
  if (a.method !== 'private_key_jwt')
    return a.method === 'client_secret_basic'
      ? oidc.ClientSecretBasic(a.secret)
      : oidc.ClientSecretPost(a.secret);
  const params =
    a.jwk.kty === 'RSA'
      ? { name: 'RSASSA-PKCS1-v1_5', hash: 'SHA-256' }
      : { name: 'ECDSA', namedCurve: a.jwk.crv ?? 'P-256' };
  return crypto.subtle
    .importKey('jwk', a.jwk, params, false, ['sign'])
    .then((key) => oidc.PrivateKeyJwt(a.jwk.kid ? { key, kid: a.jwk.kid } : key));
}

/**
 * A relying party for `settings`; the provider's metadata is fetched at the first login (a
 * provider down at start does not stop the server).
 * @param now - the clock (ms), whose offset from the system's is passed to the ID-token checks
 */
export function relyingParty(
  settings: OidcSettings,
  store: LoginStore,
  now: () => number = Date.now,
): RelyingParty {
  let metadata: Promise<oidc.ServerMetadata> | undefined;
  let jwks: oidc.ExportedJWKSCache | undefined;
  const insecure = isLoopback(settings.issuer);

  const configuration = async (): Promise<oidc.Configuration> => {
    metadata ??= oidc
      .discovery(
        settings.issuer,
        settings.clientId,
        undefined,
        undefined,
        insecure ? { execute: [oidc.allowInsecureRequests] } : {},
      )
      .then((c) => c.serverMetadata());
    let server: oidc.ServerMetadata;
    try {
      server = await metadata;
    } catch {
      metadata = undefined; // tried again at the next login
      throw new ApiError('EVD_ERR_UNAVAILABLE', 'the identity provider cannot be reached');
    }
    // the clock: an injected one shifts the library's (whole seconds)
    const skew = Math.round((now() - Date.now()) / 1000);
    const c = new oidc.Configuration(
      server,
      settings.clientId,
      { [oidc.clockSkew]: skew },
      await clientAuth(settings),
    );
    if (insecure) oidc.allowInsecureRequests(c);
    if (jwks) oidc.setJwksCache(c, jwks);
    return c;
  };

  return {
    settings,
    store,
    withStore: (other) => relyingParty(settings, other, now),
    async start(electionId, lang) {
      const config = await configuration();
      const codeVerifier = oidc.randomPKCECodeVerifier();
      const state = oidc.randomState();
      const nonce = oidc.randomNonce();
      const binding = randomToken();
      await store.addPending(state, {
        electionId,
        lang,
        codeVerifier,
        nonce,
        binding: bindingHash(binding),
        startedAt: now(),
      });
      const url = oidc.buildAuthorizationUrl(config, {
        ...settings.authParams,
        redirect_uri: settings.redirectUri.href,
        scope: settings.scopes,
        code_challenge: await oidc.calculatePKCECodeChallenge(codeVerifier),
        code_challenge_method: 'S256',
        state,
        nonce,
      });
      return { url, binding };
    },
    async finish(query, binding) {
      const state = query.get('state');
      if (!state) throw new ApiError('EVD_ERR_LOGIN_STATE', 'the login answer has no state', 'state');
      const p = await store.takePending(state, now());
      if (!p)
        throw new ApiError('EVD_ERR_LOGIN_STATE', 'this login is unknown, expired or already used', 'state');
      if (!sameBrowser(p, binding))
        throw new ApiError('EVD_ERR_LOGIN_STATE', 'this login was started in another browser', 'state');
      const config = await configuration();
      const current = new URL(settings.redirectUri);
      current.search = query.toString();
      let tokens;
      try {
        tokens = await oidc.authorizationCodeGrant(config, current, {
          pkceCodeVerifier: p.codeVerifier,
          expectedState: state,
          expectedNonce: p.nonce,
          idTokenExpected: true,
        });
      } catch (e) {
        throw refusal(e);
      } finally {
        jwks = oidc.getJwksCache(config) ?? jwks;
      }
      const v = tokens.claims()?.[settings.claim];
      if (typeof v !== 'string' || v === '')
        throw new ApiError('EVD_ERR_LOGIN_TOKEN', `the ID token has no "${settings.claim}" claim`);
      return { electionId: p.electionId, lang: p.lang, voterId: v };
    },
  };
}
