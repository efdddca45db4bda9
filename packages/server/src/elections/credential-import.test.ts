/**
 * Importing public credentials (spec/credentials.md §1, C1): the identity element is refused —
 * S = g^0 has the secret s = 0, so anyone could sign ballots with it — with a coded 400 naming
 * the field, and nothing is published.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ristretto, toHex } from '@evident/e2e-crypto';
import { buildApp } from '../app.js';
import { injectCall, setUpElection, type Call } from '../testing/local-election.js';

const ADMIN = 'evd_credential-import-admin';
let app: Awaited<ReturnType<typeof buildApp>>;
let call: Call;

beforeAll(async () => {
  app = await buildApp({ adminToken: ADMIN, rateLimit: false });
  call = injectCall(app);
  await setUpElection(call, ADMIN, { voters: 2, open: false });
});
afterAll(() => app.close());

const size = async (): Promise<number> =>
  ((await call('GET', '/elections/e1/board/tree-head')).json as { treeHead: { treeSize: number } }).treeHead
    .treeSize;
const importCredentials = (publicCredentials: string[]) =>
  call('POST', '/elections/e1/credentials', { publicCredentials }, ADMIN);

describe('credential import', () => {
  it('refuses the identity element with EVD_ERR_INVALID_DATA naming the field, publishing nothing', async () => {
    const before = await size();
    const good = toHex(ristretto.encode(ristretto.gExp(4242n)));
    const identity = toHex(ristretto.encode(ristretto.one));
    for (const hex of [identity, identity.toLowerCase()]) {
      const r = await importCredentials([good, hex]);
      expect(r.status).toBe(400);
      expect(r.json).toMatchObject({ code: 'EVD_ERR_INVALID_DATA', field: 'publicCredentials[1]' });
    }
    expect(await size()).toBe(before);
    // the same request without it is accepted
    const r = await importCredentials([good]);
    expect(r.status).toBe(200);
    expect(await size()).toBe(before + 1);
  });
});
