/**
 * The election's manifest names its bulletin board (spec/record.md §3.1, spec/server-api.md §4.1):
 * the server adds `bulletinBoard.logPublicKey` at creation, returns the manifest as published,
 * and hashes that manifest into the setup entry's H_M — the manifest the trustees must hash. A
 * manifest naming another board is refused and nothing is written.
 */
import { manifestDigest, parameterBaseHash, ristretto, toHex } from '@evident/e2e-crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../app.js';
import { injectCall, simpleManifest, type Call } from '../testing/local-election.js';

const ADMIN = 'evd_board-manifest-admin';

describe('the manifest names the bulletin board', () => {
  let app: Awaited<ReturnType<typeof buildApp>>;
  let call: Call;
  beforeAll(async () => {
    app = await buildApp({ adminToken: ADMIN, rateLimit: false });
    call = injectCall(app);
  });
  afterAll(() => app.close());

  const create = (id: string, manifest: unknown) =>
    call('POST', '/elections', { id, profile: 'ristretto255', manifest, timeZone: 'UTC' }, ADMIN);

  it('publishes the manifest with the log key, and hashes that manifest into the setup entry', async () => {
    const r = await create('b1', simpleManifest(3));
    expect(r.status).toBe(201);
    const key = toHex(app.evident.logs.publicKey);
    expect(r.json.logPublicKey).toBe(key);
    expect(r.json.manifest).toEqual({ ...simpleManifest(3), bulletinBoard: { logPublicKey: key } });
    expect((await call('GET', '/elections/b1/manifest')).json).toEqual(r.json.manifest);
    const page = await call('GET', '/elections/b1/board/entries?start=0&limit=1');
    const setup = JSON.parse(page.json.entries[0].entry);
    expect(setup.manifest).toEqual(r.json.manifest);
    expect(setup.logPublicKey).toBe(key);
    const hP = parameterBaseHash(ristretto);
    expect(setup.manifestHash).toBe(toHex(manifestDigest(hP, r.json.manifest)));
    expect(setup.manifestHash).not.toBe(toHex(manifestDigest(hP, simpleManifest(3))));
  });

  it('accepts a manifest that already names this board, unchanged', async () => {
    const published = (await call('GET', '/elections/b1/manifest')).json;
    const r = await create('b2', published);
    expect(r.status).toBe(201);
    expect(r.json.manifest).toEqual(published);
  });

  it('refuses a manifest naming another board, and writes nothing', async () => {
    const other = { ...simpleManifest(3), bulletinBoard: { logPublicKey: 'AB'.repeat(32) } };
    const r = await create('b3', other);
    expect([r.status, r.json.code, r.json.field]).toEqual([
      400,
      'EVD_ERR_INVALID_MANIFEST',
      'manifest.bulletinBoard.logPublicKey',
    ]);
    expect((await call('GET', '/elections/b3')).status).toBe(404);
    expect(app.evident.logs.get('b3')).toBeUndefined();
  });
});
