/**
 * The coded refusal of each kind of bad cast or challenge body, exactly (status, code, message,
 * field; spec/server-api.md §2, §5.2): not JSON, empty, a prototype key, too large, another media
 * type, not the schema's shape — also when something else about the request is wrong too (an
 * unknown election or credential, a full verification queue): the body's fault is named first,
 * as fastify's validation before the handler names it. Nothing is written for any of them.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../app.js';
import { injectCall, nextSubmission, setUpElection, type LocalElection } from '../testing/local-election.js';
import type { BallotSubmission } from '../verify/ballot-check.js';
import { BusyError, inlineVerifier, type BallotVerifier } from '../verify/verifier.js';

const ADMIN = 'evd_cast-body-admin-token';
type App = Awaited<ReturnType<typeof buildApp>>;
type Answer = { status: number; body: Record<string, unknown> };

/** Hex that is no voter's credential. */
const STRANGER = 'AB'.repeat(32);

describe('cast bodies: the coded refusal of each bad one', () => {
  let app: App;
  let el: LocalElection;
  let valid: BallotSubmission;

  beforeAll(async () => {
    app = await buildApp({ adminToken: ADMIN, rateLimit: false });
    const call = injectCall(app);
    el = await setUpElection(call, ADMIN, { voters: 3 });
    valid = (await nextSubmission(call, el, [...el.codes.keys()][0]!, 'o1')).sub;
  });
  afterAll(async () => app.close());

  const post = async (a: App, url: string, payload: string, type = 'application/json'): Promise<Answer> => {
    const r = await a.inject({ method: 'POST', url, payload, headers: { 'content-type': type } });
    return { status: r.statusCode, body: JSON.parse(r.body) as Record<string, unknown> };
  };
  const treeSize = async (): Promise<number> =>
    (await injectCall(app)('GET', `/elections/${el.id}/board/tree-head`)).json.treeHead.treeSize;
  const refusal = (status: number, code: string, message: string, field?: string): Answer => ({
    status,
    body: {
      statusCode: status,
      code,
      error: {
        400: 'Bad Request',
        403: 'Forbidden',
        404: 'Not Found',
        413: 'Payload Too Large',
        415: 'Unsupported Media Type',
        503: 'Service Unavailable',
      }[status],
      message,
      ...(field ? { field } : {}),
    },
  });
  const HEX = '"^[0-9a-fA-F]*$"';

  it('names the body fault of each malformed body, on both routes, writing nothing', async () => {
    const before = await treeSize();
    const withCredential = (c: unknown): string => JSON.stringify({ ballot: { ...valid, credential: c } });
    const alpha = structuredClone(valid) as unknown as {
      ballot: { contests: { selections: { alpha: string }[] }[] };
    };
    alpha.ballot.contests[0]!.selections[0]!.alpha = 'XYZ';
    const cases: [string, string, string | undefined, Answer][] = [
      [
        'not JSON',
        '{"ballot":',
        undefined,
        refusal(400, 'EVD_ERR_MALFORMED_JSON', 'the body is not valid JSON'),
      ],
      ['empty', '', undefined, refusal(400, 'EVD_ERR_MALFORMED_JSON', 'the body is not valid JSON')],
      [
        'a __proto__ key',
        '{"ballot":{},"__proto__":{"x":1}}',
        undefined,
        refusal(400, 'EVD_ERR_MALFORMED_JSON', 'the body is not valid JSON'),
      ],
      [
        'a constructor.prototype key',
        '{"ballot":{"constructor":{"prototype":{"x":1}}}}',
        undefined,
        refusal(400, 'EVD_ERR_MALFORMED_JSON', 'the body is not valid JSON'),
      ],
      [
        'another media type',
        'ballot=1',
        'application/x-www-form-urlencoded',
        refusal(415, 'EVD_ERR_UNSUPPORTED_MEDIA_TYPE', 'use Content-Type: application/json'),
      ],
      [
        'JSON as text/plain',
        JSON.stringify({ ballot: valid }),
        'text/plain',
        refusal(400, 'EVD_ERR_VALIDATION', 'body must be object', 'body'),
      ],
      ['an array', '[]', undefined, refusal(400, 'EVD_ERR_VALIDATION', 'body must be object', 'body')],
      ['null', 'null', undefined, refusal(400, 'EVD_ERR_VALIDATION', 'body must be object', 'body')],
      ['a number', '7', undefined, refusal(400, 'EVD_ERR_VALIDATION', 'body must be object', 'body')],
      [
        'no ballot',
        '{}',
        undefined,
        refusal(400, 'EVD_ERR_VALIDATION', "body must have required property 'ballot'", 'body.ballot'),
      ],
      [
        'a ballot that is a string',
        '{"ballot":"x"}',
        undefined,
        refusal(400, 'EVD_ERR_VALIDATION', 'body/ballot must be object', 'body.ballot'),
      ],
      [
        'an extra member',
        JSON.stringify({ ballot: valid, extra: 1 }),
        undefined,
        refusal(400, 'EVD_ERR_VALIDATION', 'body must NOT have additional properties', 'body'),
      ],
      [
        'a credential not hex',
        withCredential('zz'),
        undefined,
        refusal(
          400,
          'EVD_ERR_VALIDATION',
          `body/ballot/credential must match pattern ${HEX}`,
          'body.ballot.credential',
        ),
      ],
      [
        'a credential an object',
        withCredential({}),
        undefined,
        refusal(400, 'EVD_ERR_VALIDATION', 'body/ballot/credential must be string', 'body.ballot.credential'),
      ],
      [
        'a credential a nested array',
        withCredential([[STRANGER]]),
        undefined,
        refusal(400, 'EVD_ERR_VALIDATION', 'body/ballot/credential must be string', 'body.ballot.credential'),
      ],
      [
        'an element not hex',
        JSON.stringify({ ballot: alpha }),
        undefined,
        refusal(
          400,
          'EVD_ERR_VALIDATION',
          `body/ballot/ballot/contests/0/selections/0/alpha must match pattern ${HEX}`,
          'body.ballot.ballot.contests.0.selections.0.alpha',
        ),
      ],
      [
        'an identity of 17 members',
        JSON.stringify({
          ballot: valid,
          identity: Object.fromEntries(Array.from({ length: 17 }, (_, i) => [`k${i}`, i])),
        }),
        undefined,
        refusal(
          400,
          'EVD_ERR_VALIDATION',
          'body/identity must NOT have more than 16 properties',
          'body.identity',
        ),
      ],
      // the body's fault first, whatever else is wrong
      [
        'an unknown credential, not hex elsewhere',
        JSON.stringify({ ballot: { ...alpha, credential: STRANGER } }),
        undefined,
        refusal(
          400,
          'EVD_ERR_VALIDATION',
          `body/ballot/ballot/contests/0/selections/0/alpha must match pattern ${HEX}`,
          'body.ballot.ballot.contests.0.selections.0.alpha',
        ),
      ],
      // a credential that becomes a valid string (coerced: a one-item array) is looked up as such
      [
        'a one-item array credential',
        withCredential([STRANGER]),
        undefined,
        refusal(
          403,
          'EVD_ERR_UNKNOWN_CREDENTIAL',
          'the credential is not on the published list',
          'credential',
        ),
      ],
      [
        'an unknown credential',
        withCredential(STRANGER),
        undefined,
        refusal(
          403,
          'EVD_ERR_UNKNOWN_CREDENTIAL',
          'the credential is not on the published list',
          'credential',
        ),
      ],
    ];
    for (const route of ['ballots', 'challenges'])
      for (const [what, payload, type, want] of cases)
        expect({ what, route, ...(await post(app, `/elections/${el.id}/${route}`, payload, type)) }).toEqual({
          what,
          route,
          ...want,
        });
    expect(await treeSize()).toBe(before);
  });

  it('names the body fault before an unknown election, and a bad election id before the body', async () => {
    const bad = JSON.stringify({ ballot: { ...valid, credential: 'zz' } });
    expect(await post(app, '/elections/nope/ballots', bad)).toEqual(
      refusal(
        400,
        'EVD_ERR_VALIDATION',
        `body/ballot/credential must match pattern ${HEX}`,
        'body.ballot.credential',
      ),
    );
    expect(await post(app, '/elections/nope/ballots', JSON.stringify({ ballot: valid }))).toEqual(
      refusal(404, 'EVD_ERR_NOT_FOUND', 'no election "nope"', 'electionId'),
    );
    expect(await post(app, '/elections/no%20pe/ballots', bad)).toEqual(
      refusal(
        400,
        'EVD_ERR_VALIDATION',
        'params/electionId must match pattern "^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$"',
        'params.electionId',
      ),
    );
  });

  it('refuses bad JSON after a listed credential, and reads the last of two credentials', async () => {
    const before = await treeSize();
    const text = JSON.stringify({ ballot: valid });
    const prefix = `{"ballot":{"credential":"${valid.credential}",`;
    expect(text.startsWith(prefix)).toBe(true);
    const malformed = refusal(400, 'EVD_ERR_MALFORMED_JSON', 'the body is not valid JSON');
    const inject = async (url: string, payload: string) => {
      const r = await app.inject({
        method: 'POST',
        url,
        payload,
        headers: { 'content-type': 'application/json' },
      });
      return { status: r.statusCode, body: JSON.parse(r.body) as unknown, connection: r.headers.connection };
    };
    const url = `/elections/${el.id}/ballots`;
    for (const payload of [
      text.slice(0, -2),
      text.slice(0, -1) + ',"__proto__":{"x":1}}',
      prefix + '"constructor":{"prototype":{}},' + text.slice(prefix.length),
    ])
      expect(await inject(url, payload)).toEqual({ ...malformed, connection: 'close' });
    // not JSON is named before a bad election id
    expect(await inject('/elections/no%20pe/ballots', text.slice(0, -2))).toEqual({
      ...malformed,
      connection: 'close',
    });
    // JSON.parse keeps the last of duplicate members: the ballot is under the stranger's credential
    expect(await inject(url, text.slice(0, -2) + `,"credential":"${STRANGER}"}}`)).toEqual({
      ...refusal(
        403,
        'EVD_ERR_UNKNOWN_CREDENTIAL',
        'the credential is not on the published list',
        'credential',
      ),
      connection: 'keep-alive',
    });
    expect(await treeSize()).toBe(before);
  });

  it('refuses a body over the ballot limit with 413, unread', async () => {
    const r = await app.inject({
      method: 'POST',
      url: `/elections/${el.id}/ballots`,
      payload: JSON.stringify({ ballot: valid, pad: 'x'.repeat(600 * 1024) }),
      headers: { 'content-type': 'application/json' },
    });
    expect({ status: r.statusCode, body: JSON.parse(r.body), connection: r.headers.connection }).toEqual({
      ...refusal(413, 'EVD_ERR_BODY_TOO_LARGE', 'the body is too large'),
      connection: 'close',
    });
  });

  it('names the body fault, not a full verification queue (which refuses a well-formed ballot with 503)', async () => {
    const inner = inlineVerifier();
    const busy: BallotVerifier = { ...inner, check: () => Promise.reject(new BusyError(3)) };
    const full = await buildApp({ adminToken: ADMIN, rateLimit: false, verifier: busy });
    try {
      const el2 = await setUpElection(injectCall(full), ADMIN, { voters: 2 });
      const sub = (await nextSubmission(injectCall(full), el2, [...el2.codes.keys()][0]!, 'o1')).sub;
      const r = await post(full, `/elections/${el2.id}/ballots`, JSON.stringify({ ballot: sub }));
      expect(r.status).toBe(503);
      expect(r.body.code).toBe('EVD_ERR_BUSY');
      const bad = structuredClone(sub) as unknown as { ballot: { code: string } };
      bad.ballot.code = 'G'.repeat(64);
      expect(await post(full, `/elections/${el2.id}/ballots`, JSON.stringify({ ballot: bad }))).toEqual(
        refusal(
          400,
          'EVD_ERR_VALIDATION',
          'body/ballot/ballot/code must match pattern "^[0-9a-fA-F]{64}$"',
          'body.ballot.ballot.code',
        ),
      );
    } finally {
      await full.close();
    }
  });
});
