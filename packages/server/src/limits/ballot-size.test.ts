/**
 * The ballot body limit against the largest legitimate ballots (spec/server-api.md §10): a
 * ballot of each sample manifest (the demo's, with two plurality and two ranked contests; the
 * tests' ranked manifest with a write-in slot), in both profiles, fits in half the default
 * `ballotBody` and is accepted; a body over the limit is refused with 413 before it is parsed.
 */
import { toHex, type Manifest } from '@evident/e2e-crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../app.js';
import { demoManifest } from '../demo/key-ceremony.js';
import { injectCall, setUpElection, submitPath, type Call } from '../testing/local-election.js';
import { rankedManifest } from '../testing/ranked-election.js';
import { postLarge, targetOf } from '../testing/dos-probes.js';
import { DEFAULT_LIMITS } from './limits.js';

const ADMIN = 'evd_ballot-size-admin';

/** A full ballot: the first option of every contest of the first style, every rank of every ranked contest. */
function fullBallot(m: Manifest) {
  const style = m.ballotStyles[0]!;
  const votes: Record<string, Record<string, number>> = {};
  for (const label of style.contests) {
    const c = m.contests.find((x) => x.label === label)!;
    votes[label] = { [c.options[0]!.label]: 1 };
  }
  const rankings = Object.fromEntries(
    (m.rankedContests ?? []).map((c) => [
      c.id,
      [
        ...Array.from(
          { length: Math.min(c.ranks, c.candidates.length) - (c.writeIns ? 1 : 0) },
          (_, i) => i + 1,
        ),
        ...(c.writeIns ? ['A write-in candidate with a long name'] : []),
      ],
    ]),
  );
  return { ballot: { style: style.label, votes }, rankings };
}

describe('ballot body limit', () => {
  let app: Awaited<ReturnType<typeof buildApp>>;
  let call: Call;
  const sizes: Record<string, number> = {};

  beforeAll(async () => {
    app = await buildApp({ adminToken: ADMIN, rateLimit: false });
    call = injectCall(app);
  });
  afterAll(async () => {
    console.log('ballot body bytes:', JSON.stringify(sizes));
    await app.close();
  });

  const cases = [
    ['demo', 'ristretto255', demoManifest],
    ['ranked', 'ristretto255', () => rankedManifest()],
    ['demo', 'eg-4096', demoManifest],
    ['ranked', 'eg-4096', () => rankedManifest()],
  ] as const;

  it.each(cases)('accepts a full %s ballot in %s, well under the limit', async (name, profile, manifest) => {
    const id = `${name}-${profile}`;
    const el = await setUpElection(call, ADMIN, { id, profile, manifest: manifest(), voters: 1 });
    const cred = el.client.credential(el.codes.get('voter-1')!);
    const credHex = toHex(el.client.ctx.G.encode(cred.S));
    const prev = (await call('GET', `/elections/${id}/chains/${credHex}`)).json.previousCode;
    const { ballot, rankings } = fullBallot(el.manifest);
    const sub = el.client.submission(cred, ballot, prev, 'cast', rankings);
    const body = JSON.stringify({ ballot: sub });
    sizes[id] = Buffer.byteLength(body);
    expect(sizes[id]).toBeLessThan(DEFAULT_LIMITS.ballotBody / 2);
    const r = await app.inject({
      method: 'POST',
      url: submitPath(id, 'cast'),
      payload: body,
      headers: { 'content-type': 'application/json' },
    });
    expect([r.statusCode, r.json().code]).toEqual([200, undefined]);
  });

  it('refuses 50 MB ballots over a socket without reading them', async () => {
    const t = targetOf(await app.listen({ port: 0, host: '127.0.0.1' }));
    const results = await Promise.all(
      [submitPath('e1', 'cast'), submitPath('e1', 'challenge')].map((p) => postLarge(t, p, 50 * 2 ** 20)),
    );
    for (const r of results) {
      expect([r.status, r.code]).toEqual([413, 'EVD_ERR_BODY_TOO_LARGE']);
      expect(r.sent).toBeLessThan(50 * 2 ** 20);
    }
  });

  it('refuses a ballot body over the limit with 413', async () => {
    for (const path of [submitPath('e1', 'cast'), submitPath('e1', 'challenge')]) {
      const r = await app.inject({
        method: 'POST',
        url: path,
        payload: '{"ballot":"' + 'x'.repeat(DEFAULT_LIMITS.ballotBody) + '"}',
        headers: { 'content-type': 'application/json' },
      });
      expect([r.statusCode, r.json().code]).toEqual([413, 'EVD_ERR_BODY_TOO_LARGE']);
      expect(r.headers.connection).toBe('close'); // the rest of the body is not read
    }
  });
});
