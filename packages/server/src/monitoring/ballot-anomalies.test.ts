/**
 * Scripted attacks on the online channel, against a real app, each seen in `GET /admin/alerts`:
 * refused ballots for one credential from many addresses (`anomaly-credential-burst`), and a
 * log rolled back or forked under a tree head a voter kept (`anomaly-head-not-extended`, through
 * `POST …/tree-heads/check`). And the normal pace that raises nothing.
 */
import {
  decodeLogHash,
  generateLogKey,
  signTreeHead,
  toHex,
  verifyConsistency,
  type SignedTreeHead,
} from '@evident/e2e-crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../app.js';
import {
  castBallot,
  injectCall,
  nextSubmission,
  setUpElection,
  type LocalElection,
} from '../testing/local-election.js';
import { REFUSAL_BURST_THRESHOLD, REFUSAL_BURST_WINDOW_MS } from './refusal-burst.js';
import { HEAD_CHECKS_PER_MINUTE } from './head-check.js';

const ADMIN = 'evd_ballot-anomalies-admin';
type App = Awaited<ReturnType<typeof buildApp>>;

async function alerts(app: App, electionId: string) {
  const r = await app.inject({
    url: `/admin/alerts?electionId=${electionId}`,
    headers: { authorization: `Bearer ${ADMIN}` },
  });
  expect(r.statusCode).toBe(200);
  return r.json().alerts as {
    id: number;
    kind: string;
    reason: string;
    code: string;
    address: string;
    station: string | null;
  }[];
}

/** A submission of `voter` whose credential signature no longer verifies. */
async function forgedSubmission(app: App, el: LocalElection, voter: string) {
  const { sub, credHex } = await nextSubmission(injectCall(app), el, voter, 'o1');
  const v = sub.signature.v;
  const forged = {
    ...sub,
    signature: { ...sub.signature, v: `${v.slice(0, -1)}${v.endsWith('0') ? '1' : '0'}` },
  };
  return { forged, credHex };
}

describe('anomaly rule: refused ballots for one credential', () => {
  let app: App;
  let el: LocalElection;
  let clock = 1_800_000_000_000;
  beforeAll(async () => {
    app = await buildApp({ adminToken: ADMIN, rateLimit: false, now: () => clock });
    el = await setUpElection(injectCall(app), ADMIN, { voters: 3 });
  });
  afterAll(async () => app.close());

  const post = (ballot: unknown, address: string) =>
    app.inject({
      method: 'POST',
      url: `/elections/${el.id}/ballots`,
      payload: { ballot } as object,
      remoteAddress: address,
    });

  it('raises one alert for 25 forged ballots of one credential from 25 addresses, and no address alert', async () => {
    const { forged, credHex } = await forgedSubmission(app, el, 'voter-1');
    for (let i = 0; i < 25; i++) {
      const r = await post(forged, `203.0.113.${i + 1}`);
      expect(r.statusCode).toBe(400);
      clock += 500;
    }
    const a = await alerts(app, el.id);
    expect(a.map((x) => x.kind)).toEqual(['anomaly-credential-burst']);
    expect(a[0]!.reason).toContain(
      `${REFUSAL_BURST_THRESHOLD} ballot submissions refused for credential ${credHex.slice(0, 16)}`,
    );
    expect(a[0]!.code).toBe('EVD_ERR_INVALID_SIGNATURE');
    expect(a[0]!.reason).not.toContain(credHex); // a prefix only
    // the voter is not locked out: the alert is for the officials
    expect((await castBallot(injectCall(app), el, 'voter-1', 'o2')).r.status).toBe(200);
  });

  it('raises another in the next window while the burst goes on', async () => {
    clock += REFUSAL_BURST_WINDOW_MS;
    const { forged } = await forgedSubmission(app, el, 'voter-1');
    for (let i = 0; i < REFUSAL_BURST_THRESHOLD; i++)
      expect((await post(forged, `203.0.114.${i + 1}`)).statusCode).toBe(400);
    expect((await alerts(app, el.id)).filter((x) => x.kind === 'anomaly-credential-burst').length).toBe(2);
  });

  it('raises none for a made-up credential (no flood of alerts from random ones)', async () => {
    const before = (await alerts(app, el.id)).length;
    const { forged } = await forgedSubmission(app, el, 'voter-2');
    const fake = { ...forged, credential: 'AB'.repeat(32) };
    for (let i = 0; i < 30; i++)
      expect((await post(fake, `203.0.115.${i + 1}`)).statusCode).toBeGreaterThanOrEqual(400);
    expect((await alerts(app, el.id)).length).toBe(before);
  });

  it('raises none at a normal pace: a voter retrying once every few seconds', async () => {
    const before = (await alerts(app, el.id)).length;
    const { forged } = await forgedSubmission(app, el, 'voter-3');
    const step = Math.ceil(REFUSAL_BURST_WINDOW_MS / (REFUSAL_BURST_THRESHOLD - 1));
    for (let i = 0; i < 3 * REFUSAL_BURST_THRESHOLD; i++) {
      expect((await post(forged, `203.0.116.${(i % 5) + 1}`)).statusCode).toBe(400);
      clock += step;
    }
    expect((await alerts(app, el.id)).length).toBe(before);
  });
});

describe('anomaly rule: a tree head the log no longer extends', () => {
  const logSecretKey = toHex(generateLogKey().secretKey);
  let was: App; // the log as the voter saw it
  let now: App; // the same log key, the log rolled back or forked
  let kept: SignedTreeHead;

  const head = async (app: App) =>
    (await app.inject({ url: '/elections/e1/board/tree-head' })).json().treeHead as SignedTreeHead;
  const check = (app: App, treeHead: unknown, address = '192.0.2.1') =>
    app.inject({
      method: 'POST',
      url: '/elections/e1/tree-heads/check',
      payload: { treeHead } as object,
      remoteAddress: address,
    });

  beforeAll(async () => {
    was = await buildApp({ adminToken: ADMIN, rateLimit: false, logSecretKey });
    const el = await setUpElection(injectCall(was), ADMIN, { voters: 3 });
    for (const v of ['voter-1', 'voter-2'])
      expect((await castBallot(injectCall(was), el, v, 'o1')).r.status).toBe(200);
    kept = await head(was); // the head of voter-2's receipt
    now = await buildApp({ adminToken: ADMIN, rateLimit: false, logSecretKey });
    await setUpElection(injectCall(now), ADMIN, { voters: 3 });
  });
  afterAll(async () => {
    await was.close();
    await now.close();
  });

  it('answers a head the log extends with the consistency proof, and raises nothing', async () => {
    const r = await check(was, kept);
    expect(r.statusCode).toBe(200);
    const body = r.json() as { extended: boolean; treeHead: SignedTreeHead; proof: string[] };
    expect(body.extended).toBe(true);
    expect(
      verifyConsistency(
        kept.treeSize,
        body.treeHead.treeSize,
        body.proof.map((h, i) => decodeLogHash(h, `proof[${i}]`)),
        decodeLogHash(kept.rootHash, 'first'),
        decodeLogHash(body.treeHead.rootHash, 'second'),
      ),
    ).toBe(true);
    expect(await alerts(was, 'e1')).toEqual([]);
  });

  it('refuses a rolled-back log: 409 EVD_ERR_HEAD_NOT_EXTENDED and one alert per head', async () => {
    expect((await head(now)).treeSize).toBeLessThan(kept.treeSize);
    const r = await check(now, kept);
    expect(r.statusCode).toBe(409);
    expect(r.json()).toMatchObject({ code: 'EVD_ERR_HEAD_NOT_EXTENDED', field: 'treeHead' });
    expect((await check(now, kept, '192.0.2.2')).statusCode).toBe(409); // another voter, same head
    const a = await alerts(now, 'e1');
    expect(a.map((x) => x.kind)).toEqual(['anomaly-head-not-extended']);
    expect(a[0]!.reason).toContain(`size ${kept.treeSize}`);
    expect(a[0]!.reason).toContain('rollback');
  });

  it('refuses a forked log, longer than the kept head but with another history', async () => {
    const forkedApp = await buildApp({ adminToken: ADMIN, rateLimit: false, logSecretKey });
    try {
      const f = await setUpElection(injectCall(forkedApp), ADMIN, { voters: 4 });
      for (const v of ['voter-1', 'voter-2', 'voter-3'])
        expect((await castBallot(injectCall(forkedApp), f, v, 'o2')).r.status).toBe(200);
      expect((await head(forkedApp)).treeSize).toBeGreaterThan(kept.treeSize);
      const r = await check(forkedApp, kept);
      expect(r.statusCode).toBe(409);
      expect(r.json().message).toContain('fork');
      expect((await alerts(forkedApp, 'e1')).map((x) => x.kind)).toEqual(['anomaly-head-not-extended']);
    } finally {
      await forkedApp.close();
    }
  });

  it('refuses a head not signed by the log key with 400 and no alert: anyone can make one', async () => {
    const other = signTreeHead(
      generateLogKey().secretKey,
      'e1',
      kept.treeSize + 5,
      decodeLogHash(kept.rootHash, 'r'),
      kept.timestamp,
    );
    const tampered = { ...kept, rootHash: '00'.repeat(32) };
    const before = (await alerts(now, 'e1')).length;
    for (const h of [other, tampered]) {
      const r = await check(now, h);
      expect(r.statusCode).toBe(400);
      expect(r.json()).toMatchObject({ code: 'EVD_ERR_INVALID_SIGNATURE', field: 'treeHead.signature' });
    }
    const wrongLog = await check(now, { ...kept, logId: 'e2' });
    expect(wrongLog.statusCode).toBe(400);
    expect(wrongLog.json().field).toBe('treeHead.logId');
    expect((await check(now, { ...kept, treeSize: -1 })).statusCode).toBe(400);
    expect(
      (
        await now.inject({
          method: 'POST',
          url: '/elections/nope/tree-heads/check',
          payload: { treeHead: kept },
        })
      ).statusCode,
    ).toBe(404);
    expect((await alerts(now, 'e1')).length).toBe(before);
  });
});

describe('the tree-head check is rate-limited per client', () => {
  it(`answers 429 after ${HEAD_CHECKS_PER_MINUTE} checks a minute from one address`, async () => {
    const app = await buildApp({ adminToken: ADMIN });
    try {
      const codes: number[] = [];
      for (let i = 0; i <= HEAD_CHECKS_PER_MINUTE; i++)
        codes.push(
          (await app.inject({ method: 'POST', url: '/elections/e1/tree-heads/check', payload: {} }))
            .statusCode,
        );
      expect(codes.slice(0, HEAD_CHECKS_PER_MINUTE).every((c) => c === 400)).toBe(true);
      expect(codes[HEAD_CHECKS_PER_MINUTE]).toBe(429);
      expect((await app.inject({ url: '/time' })).statusCode).toBe(200); // the rest of the API is not
    } finally {
      await app.close();
    }
  });
});
