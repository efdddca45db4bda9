/**
 * The OpenID Connect relying party's settings (spec/credentials.md §4.2, spec/server-api.md
 * §13.4): the file's `oidc` object < environment variables `EVIDENT_OIDC_*` < command-line flags
 * `--oidc-*`. A national eID provider (FranceConnect, TARA, itsme, BankID) is plugged in by
 * these settings alone.
 *
 * | setting | flag | env | file key (`oidc.`) | default |
 * |---|---|---|---|---|
 * | issuer URL | --oidc-issuer | EVIDENT_OIDC_ISSUER | issuer | — (login off) |
 * | client id | --oidc-client-id | EVIDENT_OIDC_CLIENT_ID | clientId | — |
 * | client secret | — | EVIDENT_OIDC_CLIENT_SECRET | clientSecret | — |
 * | private key (JWK file) for private_key_jwt | --oidc-private-key | EVIDENT_OIDC_PRIVATE_KEY | privateKeyFile | — |
 * | redirect URI | --oidc-redirect-uri | EVIDENT_OIDC_REDIRECT_URI | redirectUri | — |
 * | scopes | --oidc-scopes | EVIDENT_OIDC_SCOPES | scopes | openid |
 * | roll-id claim | --oidc-claim | EVIDENT_OIDC_CLAIM | claim | sub |
 * | extra authorization parameters | — | — | authParams | {} |
 * | session minutes | --oidc-session-minutes | EVIDENT_OIDC_SESSION_MINUTES | sessionMinutes | 15 |
 * @module
 */
import { readFileSync } from 'node:fs';

/** How the server authenticates to the provider's token endpoint. */
export type OidcClientAuth =
  | { readonly method: 'client_secret_basic' | 'client_secret_post'; readonly secret: string }
  | { readonly method: 'private_key_jwt'; readonly jwk: JsonWebKey & { kid?: string; alg?: string } };

/** The resolved settings. */
export interface OidcSettings {
  readonly issuer: URL;
  readonly clientId: string;
  readonly clientAuth: OidcClientAuth;
  readonly redirectUri: URL;
  readonly scopes: string;
  /** The ID-token claim that holds the voter's roll id. */
  readonly claim: string;
  /** More authorization-request parameters a provider requires (e.g. `acr_values`). */
  readonly authParams: Readonly<Record<string, string>>;
  readonly sessionMinutes: number;
}

/** The flags of `evident-server` for the login (undefined when not given). */
export interface OidcFlags {
  readonly oidcIssuer?: string;
  readonly oidcClientId?: string;
  readonly oidcPrivateKey?: string;
  readonly oidcRedirectUri?: string;
  readonly oidcScopes?: string;
  readonly oidcClaim?: string;
  readonly oidcSessionMinutes?: string;
}

const LOOPBACK = new Set(['127.0.0.1', 'localhost', '[::1]']);

/** HTTPS, or HTTP on a loopback address (a local test provider). */
function url(name: string, v: string): URL {
  let u: URL;
  try {
    u = new URL(v);
  } catch {
    throw new Error(`oidc.${name} is not a URL: "${v.slice(0, 200)}"`);
  }
  if (u.protocol !== 'https:' && !(u.protocol === 'http:' && LOOPBACK.has(u.hostname)))
    throw new Error(`oidc.${name} must be an https URL (http only on a loopback address), got "${u.href}"`);
  return u;
}

/** True when `u` may be requested over plain HTTP (a provider on this machine). */
export function isLoopback(u: URL): boolean {
  return u.protocol === 'http:' && LOOPBACK.has(u.hostname);
}

/**
 * Resolves the settings; undefined when no issuer is set anywhere (no login).
 * @param file - the configuration file's `oidc` object, if any
 * @throws {Error} naming the setting that is missing or malformed (never its secret value)
 */
export function resolveOidcSettings(
  flags: OidcFlags,
  file: unknown,
  env: NodeJS.ProcessEnv = process.env,
): OidcSettings | undefined {
  const f = (typeof file === 'object' && file !== null ? file : {}) as Record<string, unknown>;
  const pick = (flag: string | undefined, envName: string, key: string): string | undefined => {
    const fromFile = f[key];
    const v = flag ?? env[envName] ?? (typeof fromFile === 'string' ? fromFile : undefined);
    return v === '' ? undefined : v;
  };
  const issuer = pick(flags.oidcIssuer, 'EVIDENT_OIDC_ISSUER', 'issuer');
  if (issuer === undefined) return undefined;
  const need = (v: string | undefined, key: string, envName: string): string => {
    if (v === undefined) throw new Error(`oidc.${key} (${envName}) is required with oidc.issuer`);
    return v;
  };
  const clientId = need(
    pick(flags.oidcClientId, 'EVIDENT_OIDC_CLIENT_ID', 'clientId'),
    'clientId',
    'EVIDENT_OIDC_CLIENT_ID',
  );
  const redirectUri = url(
    'redirectUri',
    need(
      pick(flags.oidcRedirectUri, 'EVIDENT_OIDC_REDIRECT_URI', 'redirectUri'),
      'redirectUri',
      'EVIDENT_OIDC_REDIRECT_URI',
    ),
  );
  const secret = pick(undefined, 'EVIDENT_OIDC_CLIENT_SECRET', 'clientSecret');
  const keyFile = pick(flags.oidcPrivateKey, 'EVIDENT_OIDC_PRIVATE_KEY', 'privateKeyFile');
  const scopes = pick(flags.oidcScopes, 'EVIDENT_OIDC_SCOPES', 'scopes') ?? 'openid';
  if (!scopes.split(/\s+/).includes('openid'))
    throw new Error(`oidc.scopes must include openid, got "${scopes}"`);
  const minutes = Number(
    pick(flags.oidcSessionMinutes, 'EVIDENT_OIDC_SESSION_MINUTES', 'sessionMinutes') ?? 15,
  );
  if (!Number.isInteger(minutes) || minutes < 1 || minutes > 120)
    throw new Error(`oidc.sessionMinutes must be an integer in [1, 120], got "${minutes}"`);
  const authParams = f['authParams'] ?? {};
  if (
    typeof authParams !== 'object' ||
    authParams === null ||
    Object.values(authParams).some((v) => typeof v !== 'string')
  )
    throw new Error('oidc.authParams must be an object of strings');
  return {
    issuer: url('issuer', issuer),
    clientId,
    clientAuth: clientAuthOf(secret, keyFile, f['tokenEndpointAuthMethod']),
    redirectUri,
    scopes,
    claim: pick(flags.oidcClaim, 'EVIDENT_OIDC_CLAIM', 'claim') ?? 'sub',
    authParams: authParams as Record<string, string>,
    sessionMinutes: minutes,
  };
}

function clientAuthOf(
  secret: string | undefined,
  keyFile: string | undefined,
  method: unknown,
): OidcClientAuth {
  if ((secret === undefined) === (keyFile === undefined))
    throw new Error(
      'oidc: set exactly one of clientSecret (EVIDENT_OIDC_CLIENT_SECRET) and privateKeyFile (--oidc-private-key)',
    );
  if (keyFile !== undefined) {
    let jwk: JsonWebKey;
    try {
      jwk = JSON.parse(readFileSync(keyFile, 'utf8')) as JsonWebKey;
    } catch (e) {
      throw new Error(
        `oidc.privateKeyFile ${keyFile}: not a readable JSON Web Key (${(e as Error).message.slice(0, 100)})`,
      );
    }
    if (typeof jwk !== 'object' || jwk === null || typeof jwk.kty !== 'string' || jwk.d === undefined)
      throw new Error(`oidc.privateKeyFile ${keyFile}: not a private JSON Web Key`);
    return { method: 'private_key_jwt', jwk };
  }
  const m = method ?? 'client_secret_basic';
  if (m !== 'client_secret_basic' && m !== 'client_secret_post')
    throw new Error(
      `oidc.tokenEndpointAuthMethod must be client_secret_basic or client_secret_post, got "${String(m)}"`,
    );
  return { method: m, secret: secret! };
}
