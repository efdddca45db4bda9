/**
 * `POST …/key-ceremony` with `{electionKey}` (spec/server-api.md §4.1): the file's identifying
 * fields — group, its version, H_P, H_M, n, the guardians, H_B and the ceremony id — must be
 * this election's. A key made for another election or manifest is refused naming the field,
 * and nothing is written (no board entry, the election stays `created`).
 */
import {
  baseHash,
  manifestDigest,
  parameterBaseHash,
  ristretto,
  runLocalCeremony,
} from '@evident/e2e-crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../app.js';
import { electionKeyFile } from '../testing/election-key-file.js';
import { injectCall, simpleManifest, type Call } from '../testing/local-election.js';

const ADMIN = 'evd_key-import-admin';
const G = ristretto;
const hP = parameterBaseHash(G);

describe('the key-ceremony import binds the election key to the election', () => {
  let app: Awaited<ReturnType<typeof buildApp>>;
  let call: Call;
  let key: ReturnType<typeof electionKeyFile>;
  let otherManifestKey: ReturnType<typeof electionKeyFile>;

  beforeAll(async () => {
    app = await buildApp({ adminToken: ADMIN, rateLimit: false });
    call = injectCall(app);
    const r = await call(
      'POST',
      '/elections',
      { id: 'k1', profile: 'ristretto255', manifest: simpleManifest(3), timeZone: 'UTC' },
      ADMIN,
    );
    expect(r.status).toBe(201);
    const hM = manifestDigest(hP, r.json.manifest);
    const hB = baseHash(hP, hM, 3, 2);
    key = electionKeyFile(G, runLocalCeremony(G, hP, hB, 3, 2), { hP, hM, hB }, 2);
    // the same ceremony run on the manifest without the board's key (another H_M, H_B, H_E)
    const hM2 = manifestDigest(hP, simpleManifest(3));
    const hB2 = baseHash(hP, hM2, 3, 2);
    otherManifestKey = electionKeyFile(G, runLocalCeremony(G, hP, hB2, 3, 2), { hP, hM: hM2, hB: hB2 }, 2);
  });
  afterAll(() => app.close());

  async function refused(electionKey: unknown, field: string) {
    const before = (await call('GET', '/elections/k1/board/tree-head')).json.treeHead.treeSize;
    const r = await call('POST', '/elections/k1/key-ceremony', { electionKey }, ADMIN);
    expect([r.status, r.json.code, r.json.field]).toEqual([400, 'EVD_ERR_INVALID_KEY_CEREMONY', field]);
    expect((await call('GET', '/elections/k1/board/tree-head')).json.treeHead.treeSize).toBe(before);
    expect((await call('GET', '/elections/k1')).json.state).toBe('created');
  }

  const otherHash = 'AB'.repeat(32);

  it('refuses a key made for another manifest, naming electionKey.manifestHash', async () => {
    await refused(otherManifestKey, 'electionKey.manifestHash');
  });

  it('refuses each identifying field that is not this election’s, naming it', async () => {
    await refused({ ...key, group: 'eg-4096' }, 'electionKey.group');
    await refused({ ...key, groupVersion: 'evident-ristretto255-v0' }, 'electionKey.groupVersion');
    await refused({ ...key, parameterBaseHash: otherHash }, 'electionKey.parameterBaseHash');
    await refused({ ...key, manifestHash: otherHash }, 'electionKey.manifestHash');
    await refused({ ...key, guardianCount: 4 }, 'electionKey.guardianCount');
    await refused({ ...key, baseHash: otherHash }, 'electionKey.baseHash');
    await refused({ ...key, ceremonyId: otherHash }, 'electionKey.ceremonyId');
  });

  it('refuses a guardian list that is not 1..n in order, or not the keys’ guardians', async () => {
    const [g1, g2, g3] = key.guardians as [
      { id: string; x: number },
      { id: string; x: number },
      { id: string; x: number },
    ];
    await refused({ ...key, guardians: [g1, g2] }, 'electionKey.guardians');
    await refused(
      { ...key, guardians: [g1, { ...g2, x: 3 }, { ...g3, x: 2 }] },
      'electionKey.guardians[1].x',
    );
    await refused(
      { ...key, guardians: [g1, { ...g2, id: 'mallory' }, g3] },
      'electionKey.guardianKeys[1].guardian',
    );
  });

  it('accepts the key made for this election (either hex case)', async () => {
    const lower = {
      ...key,
      manifestHash: key.manifestHash.toLowerCase(),
      ceremonyId: key.ceremonyId.toLowerCase(),
    };
    const r = await call('POST', '/elections/k1/key-ceremony', { electionKey: lower }, ADMIN);
    expect(r.status).toBe(200);
    expect([r.json.state, r.json.quorum, r.json.extendedBaseHash]).toEqual([
      'keys-imported',
      2,
      key.extendedBaseHash,
    ]);
  });
});
