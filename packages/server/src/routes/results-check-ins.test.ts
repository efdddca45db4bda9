/**
 * Live turnout per station in the results (spec/server-api.md §12.3 `paper.checkIns`): the
 * check-ins each station has taken, before its sheet, in `GET …/results` and through the stream
 * — although a paper-only voter's check-in does not grow the board — and a burst of check-ins
 * makes few stream events (at most one a second after the first), not one per request.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readEventStream } from '../testing/http.js';
import {
  checkIn,
  setUpStationElection,
  treeSize,
  type StationElection,
  type TestStation,
} from '../testing/station-election.js';

const ADMIN = 'evd_results-check-ins-admin';
const BURST = 30;

describe('per-station check-ins in the results and the stream', () => {
  let s: StationElection;
  let p1: TestStation;
  let p2: TestStation;
  let base: string;

  beforeAll(async () => {
    s = await setUpStationElection(ADMIN, {
      voters: 1,
      keyed: ['p1', 'p2'],
      roll: [
        ...Array.from({ length: BURST }, (_, i) => ({
          voterId: `paper-${i}`,
          station: 'p1',
          name: `P ${i}`,
        })),
        { voterId: 'paper-p2', station: 'p2', name: 'Q' },
      ],
    });
    [p1, p2] = [s.stations.get('p1')!, s.stations.get('p2')!];
    base = await s.app.listen({ port: 0, host: '127.0.0.1' });
  });
  afterAll(async () => s?.app.close());

  const post = (st: TestStation, voterId: string) =>
    s.call(
      'POST',
      `/elections/e1/stations/${st.label}/check-ins`,
      { checkIns: [checkIn(voterId)] },
      st.token,
    );

  it("counts each station's check-ins before its sheet, in the answer and the stream, few events for a burst", async () => {
    const before = await s.call('GET', '/elections/e1/results');
    expect(before.json.paper.checkIns).toEqual({});

    const events: { paper: { checkIns: Record<string, number> } }[] = [];
    const ac = new AbortController();
    const r = await fetch(`${base}/elections/e1/results/stream`, { signal: ac.signal });
    const reading = readEventStream(r.body as unknown as AsyncIterable<Uint8Array>, (event, data) => {
      if (event === 'turnout') events.push(data as (typeof events)[number]);
    }).catch(() => undefined);
    const until = async (pred: () => boolean) => {
      for (let t = 0; t < 400 && !pred(); t++) await new Promise((res) => setTimeout(res, 25));
      expect(pred()).toBe(true);
    };
    await until(() => events.length === 1);
    const size = await treeSize(s.must);

    const t0 = Date.now();
    for (let i = 0; i < BURST; i++)
      expect((await post(p1, `paper-${i}`)).json.results[0].status).toBe('accepted');
    expect((await post(p2, 'paper-p2')).json.results[0].status).toBe('accepted');
    const burstMs = Date.now() - t0;
    // a check-in already taken changes nothing
    expect((await post(p1, 'paper-0')).json.results[0].status).toBe('refused');

    const last = () => events.at(-1)!.paper.checkIns;
    await until(() => last().p1 === BURST && last().p2 === 1);
    ac.abort();
    await reading;
    expect(await treeSize(s.must)).toBe(size); // paper-only voters: nothing on the board
    expect((await s.call('GET', '/elections/e1/results')).json.paper.checkIns).toEqual({ p1: BURST, p2: 1 });
    // the counts only grow from event to event
    const p1s = events.map((e) => e.paper.checkIns.p1 ?? 0);
    expect([...p1s].sort((a, b) => a - b)).toEqual(p1s);
    // throttled: the first snapshot, then at most one a second (and one after the burst)
    const changes = events.length - 1;
    expect(changes).toBeGreaterThanOrEqual(1);
    expect(changes).toBeLessThanOrEqual(Math.floor(burstMs / 1000) + 2);
    expect(changes).toBeLessThan(BURST);
  });
});
