/**
 * The eID login with `private_key_jwt` client authentication (itsme's, among others): the
 * server signs its token request with a private JWK from a file (`--oidc-private-key`), and
 * the provider (oidc-provider on loopback) checks it under the public key registered for the
 * client. A key the provider does not know is refused.
 */
import { generateKeyPairSync } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loginAtDevIdp, scriptedAgent } from '@evident/dev-idp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { injectCall, setUpElection } from '../testing/local-election.js';
import { startOidcBench, type OidcBench } from '../testing/oidc-election.js';

const ADMIN = 'evd_test-admin-token-private-key-jwt';

function ecKey(kid: string) {
  const { privateKey, publicKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
  const meta = { kid, alg: 'ES256', use: 'sig' };
  return {
    privateJwk: { ...privateKey.export({ format: 'jwk' }), ...meta },
    publicJwk: { ...publicKey.export({ format: 'jwk' }), ...meta },
  };
}

describe('eID login with private_key_jwt', () => {
  let dir: string;
  let bench: OidcBench;
  let wrong: OidcBench;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'evident-pkjwt-'));
    const registered = ecKey('k1');
    const file = join(dir, 'client-key.jwk.json');
    writeFileSync(file, JSON.stringify(registered.privateJwk));
    bench = await startOidcBench(
      ['voter-1'],
      { adminToken: ADMIN },
      { privateKeyFile: file, publicJwk: registered.publicJwk },
    );
    // a server whose key file holds another key than the one registered at its provider
    const other = join(dir, 'other-key.jwk.json');
    writeFileSync(other, JSON.stringify(ecKey('k1').privateJwk));
    wrong = await startOidcBench(
      ['voter-1'],
      { adminToken: ADMIN },
      { privateKeyFile: other, publicJwk: registered.publicJwk },
    );
    for (const b of [bench, wrong])
      await setUpElection(injectCall(b.app), ADMIN, { id: 'e1', voters: 1, requireIdentity: true });
  });
  afterAll(async () => {
    await bench?.close();
    await wrong?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('logs in with a signed client assertion', async () => {
    const agent = scriptedAgent();
    const { callback } = await loginAtDevIdp(
      agent,
      bench.loginUrl('e1'),
      `${bench.base}/auth/oidc/callback`,
      'voter-1',
    );
    const r = await agent.request(callback);
    expect(r.status).toBe(303);
    expect(r.headers.getSetCookie().join()).toMatch(/evd_session=[A-Za-z0-9_-]{43}/);
  });

  it('is refused by the provider with a key it does not know: 401 EVD_ERR_LOGIN_FAILED', async () => {
    const agent = scriptedAgent();
    const { callback } = await loginAtDevIdp(
      agent,
      wrong.loginUrl('e1'),
      `${wrong.base}/auth/oidc/callback`,
      'voter-1',
    );
    const r = await agent.request(callback);
    expect(r.status).toBe(401);
    const body = await r.json();
    expect(body.code).toBe('EVD_ERR_LOGIN_FAILED');
    expect(body.message).toContain('invalid_client');
  });
});
