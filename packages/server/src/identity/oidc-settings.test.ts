/** The eID login's settings: what a deployment writes, and each mistake named. */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { oidcLoginOf } from './oidc-command.js';
import { resolveOidcSettings } from './oidc-settings.js';

const base = {
  oidcIssuer: 'https://idp.example.gov',
  oidcClientId: 'evident',
  oidcRedirectUri: 'https://vote.example.gov/auth/oidc/callback',
};

describe('OIDC settings', () => {
  it('is off without an issuer', () => {
    expect(resolveOidcSettings({}, undefined, {})).toBeUndefined();
  });

  it('reads flags, environment and file, flags first; defaults scope openid and claim sub', () => {
    const s = resolveOidcSettings(
      { ...base, oidcClaim: 'personal_code' },
      { clientSecret: 'from-file', claim: 'ignored', authParams: { acr_values: 'eidas1' } },
      { EVIDENT_OIDC_CLIENT_SECRET: 'from-env', EVIDENT_OIDC_SESSION_MINUTES: '20' },
    )!;
    expect(s.issuer.href).toBe('https://idp.example.gov/');
    expect(s.clientAuth).toEqual({ method: 'client_secret_basic', secret: 'from-env' });
    expect(s.claim).toBe('personal_code');
    expect(s.scopes).toBe('openid');
    expect(s.sessionMinutes).toBe(20);
    expect(s.authParams).toEqual({ acr_values: 'eidas1' });
  });

  it('takes a private JWK file for private_key_jwt', () => {
    const dir = mkdtempSync(join(tmpdir(), 'oidc-'));
    const file = join(dir, 'key.json');
    writeFileSync(file, JSON.stringify({ kty: 'EC', crv: 'P-256', x: 'x', y: 'y', d: 'd', kid: 'k1' }));
    const s = resolveOidcSettings({ ...base, oidcPrivateKey: file }, undefined, {})!;
    expect(s.clientAuth.method).toBe('private_key_jwt');
    writeFileSync(file, JSON.stringify({ kty: 'EC', crv: 'P-256', x: 'x', y: 'y' }));
    expect(() => resolveOidcSettings({ ...base, oidcPrivateKey: file }, undefined, {})).toThrow(
      /not a private JSON Web Key/,
    );
  });

  it('names each mistake, never the secret', () => {
    const env = { EVIDENT_OIDC_CLIENT_SECRET: 'hunter2-secret' };
    const bad =
      (flags: object, file?: object, e: NodeJS.ProcessEnv = env) =>
      () =>
        resolveOidcSettings({ ...base, ...flags }, file, e);
    expect(bad({ oidcIssuer: 'http://idp.example.gov' })).toThrow(/oidc.issuer must be an https URL/);
    expect(bad({ oidcIssuer: 'not a url' })).toThrow(/oidc.issuer is not a URL/);
    expect(bad({ oidcClientId: undefined })).toThrow(/oidc.clientId \(EVIDENT_OIDC_CLIENT_ID\) is required/);
    expect(bad({ oidcRedirectUri: 'http://vote.example.gov/cb' })).toThrow(
      /oidc.redirectUri must be an https URL/,
    );
    expect(bad({ oidcScopes: 'profile' })).toThrow(/must include openid/);
    expect(bad({ oidcSessionMinutes: '0' })).toThrow(/sessionMinutes/);
    expect(bad({}, undefined, {})).toThrow(/exactly one of clientSecret/);
    expect(bad({}, { tokenEndpointAuthMethod: 'none' })).toThrow(/tokenEndpointAuthMethod/);
    expect(bad({}, { authParams: { n: 1 } })).toThrow(/authParams/);
    try {
      bad({ oidcIssuer: 'http://idp.example.gov' })();
    } catch (e) {
      expect((e as Error).message).not.toContain('hunter2');
    }
    // a provider on this machine may be plain HTTP (the local test provider)
    expect(
      resolveOidcSettings({ ...base, oidcIssuer: 'http://127.0.0.1:4000' }, undefined, env)!.issuer.port,
    ).toBe('4000');
  });
});

describe('the login from the command line', () => {
  it("reads the config file's oidc object, the flags over it; none without an issuer", () => {
    const dir = mkdtempSync(join(tmpdir(), 'oidc-'));
    const file = join(dir, 'config.json');
    writeFileSync(
      file,
      JSON.stringify({
        port: 8080,
        oidc: {
          issuer: 'https://idp.example.gov',
          clientId: 'from-file',
          clientSecret: 's',
          redirectUri: base.oidcRedirectUri,
        },
      }),
    );
    const rp = oidcLoginOf({ oidcClientId: 'from-flag' }, file);
    expect(rp?.settings.clientId).toBe('from-flag');
    expect(rp?.settings.issuer.href).toBe('https://idp.example.gov/');
    writeFileSync(file, JSON.stringify({ port: 8080 }));
    expect(oidcLoginOf({}, file)).toBeUndefined();
    expect(() => oidcLoginOf({}, join(dir, 'missing.json'))).toThrow(/missing\.json/);
  });
});
