/**
 * The trustee upload routes validate their bodies with the schemas of spec/schemas/trustee/ (by
 * `$ref`), so that the server refuses what `evident-trustee` would refuse: each body below breaks
 * a rule of the file's schema that the routes' former inline copies did not have, and is refused
 * with EVD_ERR_VALIDATION before any handler runs. (A mix stage is streamed to a file and read
 * a value at a time by its handler, with the same schema: ranked-mix-files.test.ts.)
 */
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { schemaProblem } from '@evident/record';
import { buildApp } from '../app.js';
import { injectCall, type Call } from '../testing/local-election.js';

const ADMIN = 'evd_trustee-upload-schemas-admin';
const hex = (bytes: number): string => 'AB'.repeat(bytes);
const base = {
  version: 1,
  ceremonyId: hex(32),
  requestDigest: hex(32),
  guardian: { id: 'guardian-1', x: 1 },
  session: hex(32),
  signature: hex(64),
};
const partial = {
  ...base,
  format: 'evident-trustee/partial-decryption',
  items: [{ M: hex(32), a: hex(32), b: hex(32) }],
  proof: { a: hex(32), b: hex(32), v: hex(32) },
};
const response = { ...base, format: 'evident-trustee/decryption-response', responses: [hex(32)] };
const ct = { alpha: hex(32), beta: hex(32) };
const stage = {
  format: 'evident-trustee/mix-stage',
  version: 1,
  ceremonyId: hex(32),
  contestId: 'mayor',
  stage: 0,
  guardian: { id: 'guardian-1', x: 1 },
  outputs: [[ct]],
  proof: {
    c: [hex(32)],
    cHat: [hex(32)],
    t1: hex(32),
    t2: hex(32),
    t3: hex(32),
    t4: [ct],
    tHat: [hex(32)],
    s1: hex(32),
    s2: hex(32),
    s3: hex(32),
    s4: [hex(32)],
    sHat: [hex(32)],
    sPrime: [hex(32)],
  },
  signature: hex(64),
};

const CASES = [
  {
    what: 'a partial decryption with a member the format does not have',
    url: '/elections/e1/decryption/tally/partials',
    schema: 'partial-decryption',
    body: { ...partial, note: 'x' },
  },
  {
    what: 'a partial decryption whose proof mixes the two forms',
    url: '/elections/e1/decryption/tally/partials',
    schema: 'partial-decryption',
    body: { ...partial, proof: { ...partial.proof, c: hex(32) } },
  },
  {
    what: 'a response with an element of neither profile’s length',
    url: '/elections/e1/decryption/tally/responses',
    schema: 'decryption-response',
    body: { ...response, responses: [hex(31)] },
  },
] as const;

describe('trustee upload routes validate with spec/schemas/trustee/', () => {
  let app: FastifyInstance;
  let call: Call;
  beforeAll(async () => {
    app = await buildApp({ adminToken: ADMIN, rateLimit: false });
    call = injectCall(app);
  });
  afterAll(() => app.close());

  it.each(CASES)('refuses $what', async ({ url, schema, body }) => {
    // the file is refused by its schema, as evident-trustee refuses it …
    expect(schemaProblem(schema, body)).toBeDefined();
    // … and by the route, before any handler (the election does not even exist)
    const r = await call('POST', url, body, ADMIN);
    expect([r.status, r.json.code]).toEqual([400, 'EVD_ERR_VALIDATION']);
  });

  it('lets a file that matches its schema through to the handler', async () => {
    for (const [url, schema, body] of [
      ['/elections/e1/decryption/tally/partials', 'partial-decryption', partial],
      ['/elections/e1/decryption/tally/responses', 'decryption-response', response],
      ['/elections/e1/ranked/mayor/mix', 'mix-stage', stage],
    ] as const) {
      expect(schemaProblem(schema, body)).toBeUndefined();
      const r = await call('POST', url, body, ADMIN);
      expect([r.status, r.json.code]).toEqual([404, 'EVD_ERR_NOT_FOUND']);
    }
  });
});
