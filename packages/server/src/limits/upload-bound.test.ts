/**
 * Trustee uploads sized to the election (spec/server-api.md §10): the bound of a decryption
 * upload and of a mix stage holds the largest file of that shape as `evident-trustee` writes it
 * (indented JSON, every hex value at its full length), and is within twice its size; the e2e
 * flows (tests/server-ranked.test.ts, tally.test.ts) upload real files under it.
 */
import { Readable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../app.js';
import { postLarge, targetOf } from '../testing/dos-probes.js';
import { castBallot, injectCall, mustCall, setUpElection } from '../testing/local-election.js';
import { decryptionUploadBound, mixStageBound } from './upload-bound.js';

const ADMIN = 'evd_upload-bound-admin';

const hexOf = (bytes: number): string => 'F'.repeat(2 * bytes);
const size = (x: unknown): number => Buffer.byteLength(JSON.stringify(x, null, 2) + '\n');
const header = {
  format: 'evident-trustee/partial-decryption',
  version: 1,
  ceremonyId: hexOf(32),
  requestDigest: hexOf(32),
  guardian: { id: 'guardian-with-a-long-name-'.repeat(8), x: 1000 },
  session: hexOf(32),
};

describe('trustee upload bounds', () => {
  for (const [profile, L] of [
    ['ristretto255', 32],
    ['eg-4096', 512],
  ] as const) {
    it(`holds the largest partial-decryption file, ${profile}`, () => {
      for (const items of [1, 10, 1000, 20_000]) {
        const file = {
          ...header,
          items: Array.from({ length: items }, () => ({ M: hexOf(L), a: hexOf(L), b: hexOf(L) })),
          proof: { a: hexOf(L), b: hexOf(L), c: hexOf(32), v: hexOf(32) },
        };
        const bound = decryptionUploadBound(L, items);
        expect(bound).toBeGreaterThanOrEqual(size(file));
        expect(bound).toBeLessThan(2 * size(file) + 128 * 1024);
        const responses = { ...header, responses: Array.from({ length: items }, () => hexOf(32)) };
        expect(bound).toBeGreaterThanOrEqual(size(responses));
      }
    });

    it(`holds the largest mix stage, ${profile}`, () => {
      for (const [rows, width] of [
        [1, 1],
        [100, 3],
        [2000, 12],
      ] as const) {
        const ct = () => ({ alpha: hexOf(L), beta: hexOf(L) });
        const col = (n: number, bytes: number) => Array.from({ length: n }, () => hexOf(bytes));
        const stage = {
          format: 'evident-trustee/mix-stage',
          version: 1,
          ceremonyId: hexOf(32),
          contestId: 'c'.repeat(128),
          stage: 1000,
          guardian: header.guardian,
          outputs: Array.from({ length: rows }, () => Array.from({ length: width }, ct)),
          proof: {
            c: col(rows, L),
            cHat: col(rows, L),
            t1: hexOf(L),
            t2: hexOf(L),
            t3: hexOf(L),
            t4: Array.from({ length: width }, ct),
            tHat: col(rows, L),
            s1: hexOf(32),
            s2: hexOf(32),
            s3: hexOf(32),
            s4: col(width, 32),
            sHat: col(rows, 32),
            sPrime: col(rows, 32),
          },
        };
        const bound = mixStageBound(L, 32, rows, width);
        expect(bound).toBeGreaterThanOrEqual(size(stage));
        expect(bound).toBeLessThan(2 * size(stage) + 128 * 1024);
      }
    });
  }
});

describe('trustee uploads over their election’s bound', () => {
  let app: Awaited<ReturnType<typeof buildApp>>;
  let token: string;
  let t: ReturnType<typeof targetOf>;
  const PATH = '/elections/e1/decryption/tally/partials';

  beforeAll(async () => {
    app = await buildApp({ adminToken: ADMIN, rateLimit: false });
    const call = injectCall(app);
    const must = mustCall(call, ADMIN);
    const el = await setUpElection(call, ADMIN, { id: 'e1', voters: 2 });
    await castBallot(call, el, 'voter-1', 'o1');
    await must('POST', '/elections/e1/close');
    await must('POST', '/elections/e1/tally');
    token = (await must('POST', '/admin/tokens', { role: 'trustee', label: 'g1', guardian: 1 })).token;
    t = targetOf(await app.listen({ port: 0, host: '127.0.0.1' }));
  });
  afterAll(async () => app.close());

  it('refuses an upload over the bound from its Content-Length, far below the cap', async () => {
    const request = (await injectCall(app)('GET', '/elections/e1/decryption/tally/request')).json;
    const bound = decryptionUploadBound(32, request.items.length);
    expect(bound).toBeLessThan(app.evident.limits.trusteeBody / 100);
    const over = await postLarge(t, PATH, bound + 1, { authorization: `Bearer ${token}` });
    expect([over.status, over.code]).toEqual([413, 'EVD_ERR_BODY_TOO_LARGE']);
    // at the bound, the body is read and judged on its content
    const at = await postLarge(t, PATH, bound, { authorization: `Bearer ${token}` });
    expect([at.status, at.code]).toEqual([400, 'EVD_ERR_VALIDATION']);
  });

  it('refuses a chunked upload once its bytes pass the bound', async () => {
    const r = await app.inject({
      method: 'POST',
      url: PATH,
      headers: {
        authorization: `Bearer ${token}`,
        'content-type': 'application/json',
        'transfer-encoding': 'chunked',
      },
      payload: Readable.from(
        (function* () {
          yield '{"pad":"';
          for (let i = 0; i < 64; i++) yield 'A'.repeat(64 * 1024);
          yield '"}';
        })(),
      ),
    });
    expect([r.statusCode, r.json().code]).toEqual([413, 'EVD_ERR_BODY_TOO_LARGE']);
  });
});
