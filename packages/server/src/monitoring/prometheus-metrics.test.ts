/**
 * `GET /metrics/prometheus` on a running app: the text parses (every sample's metric has its HELP
 * and TYPE), the counters move after a cast, a refusal, a 429 and an SSE viewer connecting and
 * leaving, and the route has `/metrics`' access rule. Then the refusal-burst rule end to end,
 * with the app's clock scripted: one `anomaly-refusal-burst` event per window, none at a normal pace.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../app.js';
import { castBallot, injectCall, setUpElection, type LocalElection } from '../testing/local-election.js';
import { REFUSAL_BURST_THRESHOLD, REFUSAL_BURST_WINDOW_MS } from './refusal-burst.js';
import { RATE_LIMITED_WINDOW_MS } from './server-metrics.js';

const ADMIN = 'evd_prom-admin';
type App = Awaited<ReturnType<typeof buildApp>>;

/** The samples of a Prometheus text exposition, keyed `name{labels}`; throws on a malformed line. */
function parseExposition(text: string): Map<string, number> {
  const help = new Set<string>();
  const type = new Set<string>();
  const samples = new Map<string, number>();
  for (const line of text.split('\n')) {
    if (line === '') continue;
    const meta = /^# (HELP|TYPE) ([a-zA-Z_:][a-zA-Z0-9_:]*) (.+)$/.exec(line);
    if (meta) {
      (meta[1] === 'HELP' ? help : type).add(meta[2]!);
      continue;
    }
    const m = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(\{[^}]*\})? (\S+)$/.exec(line);
    if (!m) throw new Error(`not an exposition line: ${line}`);
    if (!help.has(m[1]!) || !type.has(m[1]!)) throw new Error(`no HELP/TYPE before ${m[1]}`);
    const v = Number(m[3]);
    if (Number.isNaN(v)) throw new Error(`not a number: ${line}`);
    samples.set(`${m[1]}${m[2] ?? ''}`, v);
  }
  return samples;
}

async function scrape(app: App): Promise<Map<string, number>> {
  const r = await app.inject({ url: '/metrics/prometheus', headers: { authorization: `Bearer ${ADMIN}` } });
  expect(r.statusCode).toBe(200);
  expect(r.headers['content-type']).toContain('text/plain');
  return parseExposition(r.body);
}

describe('GET /metrics/prometheus', () => {
  let app: App;
  let el: LocalElection;
  let base: string;

  beforeAll(async () => {
    app = await buildApp({ adminToken: ADMIN, rateLimit: false });
    el = await setUpElection(injectCall(app), ADMIN, { voters: 2, n: 3, k: 2 });
    base = await app.listen({ port: 0, host: '127.0.0.1' });
  });
  afterAll(async () => app.close());

  it('is refused without a token, like /metrics', async () => {
    for (const url of ['/metrics', '/metrics/prometheus'])
      expect((await app.inject({ url })).statusCode).toBe(401);
  });

  it('lists every metric with HELP and TYPE, at zero before anything happened', async () => {
    const s = await scrape(app);
    expect(s.get('evident_casts_accepted_total')).toBe(0);
    expect(s.get('evident_replay_attempts_total')).toBe(0);
    expect(s.get('evident_rate_limited_total')).toBe(0);
    expect(s.get('evident_sse_viewers')).toBe(0);
    for (const state of ['accepted', 'superseded', 'refused'])
      expect(s.get(`evident_station_sheets_total{state="${state}"}`)).toBe(0);
  });

  it('counts a cast and a refusal by its code', async () => {
    const before = await scrape(app);
    expect((await castBallot(injectCall(app), el, 'voter-1', 'o1')).r.status).toBe(200);
    const bad = await app.inject({
      method: 'POST',
      url: `/elections/${el.id}/ballots`,
      payload: { ballot: {} },
    });
    expect(bad.statusCode).toBe(400);
    const after = await scrape(app);
    expect(after.get('evident_casts_accepted_total')).toBe(before.get('evident_casts_accepted_total')! + 1);
    const key = 'evident_refusals_total{code="EVD_ERR_VALIDATION"}';
    expect(after.get(key)).toBe((before.get(key) ?? 0) + 1);
  });

  it('counts an SSE viewer while connected, not after it leaves', async () => {
    const ac = new AbortController();
    const r = await fetch(`${base}/elections/${el.id}/results/stream`, { signal: ac.signal });
    expect(r.status).toBe(200);
    expect((await scrape(app)).get('evident_sse_viewers')).toBe(1);
    ac.abort();
    let viewers = 1;
    for (let t = 0; t < 200 && viewers !== 0; t++) {
      await new Promise((res) => setTimeout(res, 25));
      viewers = (await scrape(app)).get('evident_sse_viewers')!;
    }
    expect(viewers).toBe(0);
  });
});

describe('rate-limited clients and replays in the metrics', () => {
  it('counts a 429 of the rate limit', async () => {
    const app = await buildApp({ adminToken: ADMIN, rateLimit: { max: 2, timeWindow: 60_000 } });
    try {
      const codes: number[] = [];
      for (let i = 0; i < 3; i++) codes.push((await app.inject({ url: '/time' })).statusCode);
      expect(codes).toEqual([200, 200, 429]);
      const s = parseExposition(await app.evident.metrics.registry.metrics());
      expect(s.get('evident_rate_limited_total')).toBe(1);
      expect(s.get('evident_refusals_total{code="EVD_ERR_RATE_LIMITED"}')).toBe(1);
    } finally {
      await app.close();
    }
  });

  it('counts the clients the rate limit refused within the last minute, on the app clock', async () => {
    let clock = 1_800_000_000_000;
    const app = await buildApp({
      adminToken: ADMIN,
      rateLimit: { max: 1, timeWindow: 60_000 },
      now: () => clock,
    });
    try {
      const gauge = async () =>
        parseExposition(await app.evident.metrics.registry.metrics()).get('evident_rate_limited_clients');
      expect(await gauge()).toBe(0);
      for (const remoteAddress of ['192.0.2.1', '192.0.2.2'])
        for (let i = 0; i < 3; i++) await app.inject({ url: '/time', remoteAddress });
      expect(await gauge()).toBe(2); // two clients, four 429s
      clock += RATE_LIMITED_WINDOW_MS;
      expect(await gauge()).toBe(0);
    } finally {
      await app.close();
    }
  });

  it('keeps each app its own registry', async () => {
    const a = await buildApp({ rateLimit: false });
    const b = await buildApp({ rateLimit: false });
    try {
      a.evident.metrics.refused('EVD_ERR_REPLAY');
      const sa = parseExposition(await a.evident.metrics.registry.metrics());
      const sb = parseExposition(await b.evident.metrics.registry.metrics());
      expect(sa.get('evident_replay_attempts_total')).toBe(1);
      expect(sb.get('evident_replay_attempts_total')).toBe(0);
    } finally {
      await a.close();
      await b.close();
    }
  });
});

describe('anomaly rule: a burst of refused ballots from one address', () => {
  let app: App;
  let clock = 1_800_000_000_000;
  beforeAll(async () => {
    app = await buildApp({ adminToken: ADMIN, rateLimit: false, now: () => clock });
  });
  afterAll(async () => app.close());

  /** Posts `n` malformed ballots from `address`, `step` ms apart on the app's clock. */
  async function badBallots(address: string, n: number, step: number) {
    for (let i = 0; i < n; i++) {
      const r = await app.inject({
        method: 'POST',
        url: '/elections/e1/ballots',
        payload: { ballot: { nonsense: true } },
        remoteAddress: address,
      });
      expect(r.statusCode).toBe(400);
      clock += step;
    }
  }
  async function anomalies(address: string) {
    const r = await app.inject({
      url: '/admin/security-events',
      headers: { authorization: `Bearer ${ADMIN}` },
    });
    expect(r.statusCode).toBe(200);
    return (r.json().events as { kind: string; address: string; reason: string }[]).filter(
      (e) => e.kind === 'anomaly-refusal-burst' && e.address === address,
    );
  }

  it('records exactly one event per window for a scripted burst', async () => {
    await badBallots('198.51.100.7', 2 * REFUSAL_BURST_THRESHOLD, 100); // 40 in 4 s
    const first = await anomalies('198.51.100.7');
    expect(first.length).toBe(1);
    expect(first[0]!.reason).toContain(`${REFUSAL_BURST_THRESHOLD} ballot submissions refused`);
    clock += REFUSAL_BURST_WINDOW_MS; // the next window: the burst goes on
    await badBallots('198.51.100.7', REFUSAL_BURST_THRESHOLD, 100);
    expect((await anomalies('198.51.100.7')).length).toBe(2);
  });

  it('records none at a normal pace', async () => {
    const step = Math.ceil(REFUSAL_BURST_WINDOW_MS / (REFUSAL_BURST_THRESHOLD - 1));
    await badBallots('198.51.100.8', 3 * REFUSAL_BURST_THRESHOLD, step);
    expect(await anomalies('198.51.100.8')).toEqual([]);
  });
});
