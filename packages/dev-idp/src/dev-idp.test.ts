/** The development provider: a login gets a code sent back with the state; PKCE is required. */
import { createHash, randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDevIdp, type DevIdp } from './dev-idp.js';
import { loginAtDevIdp, scriptedAgent } from './scripted-agent.js';

const REDIRECT = 'http://127.0.0.1:9/callback';

describe('dev-idp', () => {
  let idp: DevIdp;
  beforeAll(async () => {
    idp = await startDevIdp({
      people: [{ sub: 'voter-1' }],
      clients: [{ clientId: 'rp', clientSecret: 'secret', redirectUris: [REDIRECT] }],
    });
  });
  afterAll(async () => idp?.close());

  const authUrl = (pkce = true) => {
    const verifier = randomBytes(32).toString('base64url');
    const u = new URL('/auth', idp.issuer);
    u.search = new URLSearchParams({
      client_id: 'rp',
      redirect_uri: REDIRECT,
      response_type: 'code',
      scope: 'openid',
      state: 's1',
      nonce: 'n1',
      ...(pkce
        ? {
            code_challenge: createHash('sha256').update(verifier).digest('base64url'),
            code_challenge_method: 'S256',
          }
        : {}),
    }).toString();
    return u.href;
  };

  it('gives a listed person a code, sent back with the state', async () => {
    const { callback } = await loginAtDevIdp(scriptedAgent(), authUrl(), REDIRECT, 'voter-1');
    const u = new URL(callback);
    expect(u.searchParams.get('code')).toBeTruthy();
    expect(u.searchParams.get('state')).toBe('s1');
  });

  it("gives a code to any login name too (the relying party's roll decides)", async () => {
    const { callback } = await loginAtDevIdp(scriptedAgent(), authUrl(), REDIRECT, 'nobody-listed');
    expect(new URL(callback).searchParams.get('code')).toBeTruthy();
  });

  it('requires PKCE: a request without a code challenge is sent back with invalid_request', async () => {
    const { stoppedAt } = await scriptedAgent().follow(authUrl(false), (u) => u.startsWith(REDIRECT));
    const u = new URL(stoppedAt!);
    expect(u.searchParams.get('error')).toBe('invalid_request');
    expect(u.searchParams.get('error_description')).toMatch(/PKCE/);
    expect(u.searchParams.get('code')).toBeNull();
  });
});
