/**
 * A real OpenID Connect provider on loopback for tests and the demo: `oidc-provider` (the
 * certified implementation), with a fixed list of test people whose subject (`sub`) is the id
 * the election's roll knows them by, and one or more registered relying parties. It speaks the
 * same protocol as a national eID's provider (authorization code flow, PKCE S256, `state`,
 * `nonce`, RS256-signed ID tokens): only the people and the keys are made up.
 *
 * The login page is oidc-provider's development interaction (any login name and password are
 * accepted; a listed person gets the listed name and claims); consent is implied for the registered clients, as a government provider does
 * for its registered services.
 * @module
 */
import { generateKeyPairSync, randomBytes } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type Provider from 'oidc-provider';
import type { Configuration, KoaContextWithOIDC } from 'oidc-provider';

/** A test person: `sub` is the subject the provider asserts; `claims` any more ID-token claims. */
export interface DevIdpPerson {
  readonly sub: string;
  readonly name?: string;
  readonly claims?: Readonly<Record<string, string>>;
}

/** A relying party registered at the provider. */
export interface DevIdpClient {
  readonly clientId: string;
  /** The client's secret (`client_secret_basic`), or its public keys (`private_key_jwt`). */
  readonly clientSecret?: string;
  readonly jwks?: { readonly keys: readonly Record<string, unknown>[] };
  readonly redirectUris: readonly string[];
  readonly postLogoutRedirectUris?: readonly string[];
}

/** Options of {@link startDevIdp}. */
export interface DevIdpOptions {
  readonly people: readonly DevIdpPerson[];
  readonly clients: readonly DevIdpClient[];
  /** TCP port on 127.0.0.1; default: any free port. */
  readonly port?: number;
}

/** A running provider. */
export interface DevIdp {
  /** The issuer URL (`http://127.0.0.1:PORT`), where discovery is found. */
  readonly issuer: string;
  readonly provider: Provider;
  close(): Promise<void>;
}

function signingKey(): Record<string, unknown> {
  const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  return {
    ...privateKey.export({ format: 'jwk' }),
    kid: randomBytes(8).toString('hex'),
    use: 'sig',
    alg: 'RS256',
  };
}

/** Grants the requested OpenID scopes to a registered client without a consent page. */
async function impliedConsent(ctx: KoaContextWithOIDC) {
  const { oidc } = ctx;
  const grantId = oidc.result?.consent?.grantId ?? oidc.session?.grantIdFor(oidc.client!.clientId);
  if (grantId) return oidc.provider.Grant.find(grantId);
  const grant = new oidc.provider.Grant({
    clientId: oidc.client!.clientId,
    accountId: oidc.session!.accountId,
  });
  grant.addOIDCScope(String(oidc.params?.scope ?? 'openid'));
  await grant.save();
  return grant;
}

/**
 * Starts the provider on 127.0.0.1.
 * @throws {RangeError} when `people` or `clients` is empty
 */
export async function startDevIdp(opts: DevIdpOptions): Promise<DevIdp> {
  if (opts.people.length === 0) throw new RangeError('people: at least one test person');
  if (opts.clients.length === 0) throw new RangeError('clients: at least one relying party');
  const people = new Map(opts.people.map((p) => [p.sub, p]));
  const server: Server = createServer();
  await new Promise<void>((ok, fail) => {
    server.once('error', fail);
    server.listen(opts.port ?? 0, '127.0.0.1', () => ok());
  });
  const issuer = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const config: Configuration = {
    clients: opts.clients.map((c) => ({
      client_id: c.clientId,
      ...(c.jwks
        ? { jwks: { keys: [...c.jwks.keys] } as never, token_endpoint_auth_method: 'private_key_jwt' }
        : { client_secret: c.clientSecret, token_endpoint_auth_method: 'client_secret_basic' }),
      redirect_uris: [...c.redirectUris],
      post_logout_redirect_uris: [...(c.postLogoutRedirectUris ?? [])],
      grant_types: ['authorization_code'],
      response_types: ['code'],
    })),
    jwks: { keys: [signingKey() as never] },
    cookies: { keys: [randomBytes(32).toString('hex')] },
    pkce: { required: () => true },
    // an ID token lives an hour, as most national providers' do
    ttl: {
      Interaction: 600,
      Session: 3600,
      Grant: 3600,
      AccessToken: 600,
      AuthorizationCode: 60,
      IdToken: 3600,
    },
    // scope `eid` releases the people's extra claims (as a national provider's own scope does)
    claims: {
      openid: ['sub'],
      profile: ['name'],
      eid: [...new Set(opts.people.flatMap((p) => Object.keys(p.claims ?? {})))],
    },
    // the extra claims of a person (e.g. a national identity number) in the ID token itself
    conformIdTokenClaims: false,
    features: { devInteractions: { enabled: true } },
    loadExistingGrant: impliedConsent,
    // any login name is somebody (the development page takes any password): whether that
    // person may vote is the relying party's roll to say, as with a real national provider
    async findAccount(_ctx, id) {
      const p = people.get(id) ?? { sub: id };
      return {
        accountId: p.sub,
        claims: async () => ({ sub: p.sub, ...(p.name ? { name: p.name } : {}), ...(p.claims ?? {}) }),
      };
    },
  };
  const Provider_ = await loadProvider();
  // its warnings that the in-memory adapter and the development login page are for development
  // only are this package's purpose (README): not printed by every test and demo
  const provider = await quietly(['development-only'], async () => new Provider_(issuer, config));
  server.on('request', provider.callback());
  return {
    issuer,
    provider,
    close: () =>
      new Promise<void>((ok) => {
        server.closeAllConnections();
        server.close(() => ok());
      }),
  };
}

/** A TCP port free on 127.0.0.1 now (for a relying party whose redirect URI the provider must know first). */
export async function freeLoopbackPort(): Promise<number> {
  const s = createServer();
  await new Promise<void>((ok) => s.listen(0, '127.0.0.1', () => ok()));
  const { port } = s.address() as AddressInfo;
  await new Promise<void>((ok) => s.close(() => ok()));
  return port;
}

/**
 * oidc-provider, loaded when a provider starts (not when this module is imported: the demo
 * imports it, and its `--help` must print nothing else). Its import-time notice that version 9
 * prefers Node 22 is left out: the project targets Node 20, on which the tests run it (README).
 */
async function loadProvider(): Promise<typeof Provider> {
  return quietly(['Unsupported runtime'], async () => (await import('oidc-provider')).default);
}

/** `fn`'s result, with oidc-provider's warnings that contain one of `known` left out. */
async function quietly<T>(known: readonly string[], fn: () => Promise<T>): Promise<T> {
  const warn = console.warn;
  console.warn = (...args: unknown[]) => {
    if (!known.some((k) => String(args[0]).includes(k))) warn(...args);
  };
  try {
    return await fn();
  } finally {
    console.warn = warn;
  }
}
