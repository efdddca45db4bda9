/**
 * Results with the paper channel (spec/stations.md §11): each station's effective sheet by
 * station, district and in total with stations expected and reported; a correction replacing the
 * sheet it corrects; a station without a registered key, or excluded, not expected; `combined` = paper alone (marked so)
 * before the online tally is decrypted, online + paper after; and the stream's `station-sheet`
 * event for an accepted sheet, read over a real socket.
 */
import { signPaperStatement } from '@evident/e2e-crypto';
import { sheetHash } from '@evident/record';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../app.js';
import { readEventStream } from '../testing/http.js';
import {
  castBallot,
  injectCall,
  setUpElection,
  type Call,
  type LocalElection,
} from '../testing/local-election.js';
import { closeAndDecrypt } from '../testing/run-election.js';
import {
  countedSheet,
  paperManifest,
  PAPER_COUNTING_START,
  registerStationKey,
  sameBallots,
  signSheet,
  type CountedBallot,
} from '../testing/station-sheets.js';

const ADMIN = 'evd_paper-results-admin';
const ID = 'paper-results';
const COUNTING_START = PAPER_COUNTING_START;

const ballots = sameBallots;

describe('paper results and the station-sheet event', () => {
  let app: Awaited<ReturnType<typeof buildApp>>;
  let call: Call;
  let base: string;
  let el: LocalElection;
  // p4 (d2) has a key and never reports; p5 (d2) has no key: it takes no part, and is not expected
  const manifest = paperManifest(2);
  const keys = new Map<string, { secretKey: Uint8Array }>();
  const submit = async (station: string, list: CountedBallot[], o = {}) => {
    const { sheet, cvrs } = countedSheet(manifest, ID, station, list, o);
    const r = await call(
      'POST',
      `/elections/${ID}/stations/${station}/sheets`,
      {
        signed: signSheet(sheet, keys.get(station)!.secretKey),
        cvrs,
      },
      ADMIN,
    );
    expect(r.status).toBe(201);
    return sheetHash(sheet);
  };
  const results = async () => (await call('GET', `/elections/${ID}/results`)).json;

  beforeAll(async () => {
    app = await buildApp({ adminToken: ADMIN, rateLimit: false, now: () => COUNTING_START });
    call = injectCall(app);
    el = await setUpElection(call, ADMIN, { id: ID, manifest, voters: 3, n: 3, k: 2, open: false });
    for (const s of ['p1', 'p2', 'p3', 'p4']) keys.set(s, await registerStationKey(app.evident, ID, s));
    expect((await call('POST', `/elections/${ID}/open`, undefined, ADMIN)).status).toBe(200);
    base = await app.listen({ port: 0, host: '127.0.0.1' });
  });
  afterAll(async () => app.close());

  it('streams a station-sheet event for an accepted sheet, then results that include it', async () => {
    const events: { event: string; data: any }[] = []; // eslint-disable-line @typescript-eslint/no-explicit-any
    const ac = new AbortController();
    const r = await fetch(`${base}/elections/${ID}/results/stream`, { signal: ac.signal });
    const reading = readEventStream(r.body as unknown as AsyncIterable<Uint8Array>, (event, data) =>
      events.push({ event, data }),
    ).catch(() => undefined);
    const until = async (pred: () => boolean) => {
      for (let t = 0; t < 200 && !pred(); t++) await new Promise((res) => setTimeout(res, 25));
      expect(pred()).toBe(true);
    };
    await until(() => events.length >= 1);
    expect(events[0]!.data.paper.stationsReported).toBe(0);
    const h = await submit('p1', [...ballots(2, 'a', ['x']), ...ballots(1, 'b', ['x', 'y'])]);
    await until(() => events.some((e) => e.event === 'station-sheet'));
    const ev = events.find((e) => e.event === 'station-sheet')!;
    expect(ev.data).toMatchObject({
      electionId: ID,
      station: 'p1',
      sequence: 1,
      sheetHash: h,
      supersedes: null,
    });
    await until(() => events.some((e) => e.event === 'turnout' && e.data.paper.stationsReported === 1));
    const i = events.indexOf(ev);
    // the sheet's event comes before the first snapshot that includes it
    expect(
      events.findIndex((e) => e.event === 'turnout' && e.data.paper.stationsReported === 1),
    ).toBeGreaterThan(i);
    ac.abort();
    await reading;
  });

  it('sums effective sheets by station, district and in total; a correction replaces its sheet', async () => {
    const first = (await results()).paper.byStation[0].sheetHash;
    await submit('p2', ballots(4, 'c', ['z']));
    await submit('p3', [...ballots(1, 'a'), { c1: [] }], { checkIns: 3, reconciliation: 'one voter left' });
    await submit('p1', ballots(3, 'b', ['y']), {
      sequence: 2,
      previousSheet: first,
      correctionReason: 'recount',
    });
    const { paper, combined } = await results();
    expect(paper.stationsExpected).toBe(4);
    expect(paper.stationsReported).toBe(3);
    expect(
      paper.byStation.map((s: { station: string; sequence: number }) => [s.station, s.sequence]),
    ).toEqual([
      ['p1', 2],
      ['p2', 1],
      ['p3', 1],
    ]);
    const d1 = paper.byDistrict.find((d: { district: string }) => d.district === 'd1');
    expect(d1).toMatchObject({ stationsExpected: 2, stationsReported: 2, checkIns: 7, ballots: 7 });
    expect(d1.contests[0].selections.map((s: { value: number }) => s.value)).toEqual([0, 3, 4]);
    expect(d1.contests[1].selections.map((s: { value: number }) => s.value)).toEqual([0, 3, 4]);
    expect(paper.total).toMatchObject({ stationsExpected: 4, stationsReported: 3, checkIns: 10, ballots: 9 });
    expect(paper.total.contests[0]).toMatchObject({ label: 'c1', blank: 1, overvoted: 0 });
    expect(paper.total.contests[0].selections.map((s: { value: number }) => s.value)).toEqual([1, 3, 4]);
    expect(combined.includesOnline).toBe(false);
    expect(combined.contests[0].selections.map((s: { value: number }) => s.value)).toEqual([1, 3, 4]);
  });

  it('expects no sheet from an excluded station, but counts one that came after all', async () => {
    const exclude = (station: string) =>
      app.evident.writer.submit((tx) =>
        tx.append(ID, 'station-exclusion', { station, reason: 'flooded', time: COUNTING_START }),
      );
    await exclude('p4');
    let { paper } = await results();
    expect(paper.stationsExpected).toBe(3);
    expect(paper.byDistrict.find((d: { district: string }) => d.district === 'd2').stationsExpected).toBe(1);
    await exclude('p3'); // its sheet is in: still expected and counted
    ({ paper } = await results());
    expect(paper).toMatchObject({ stationsExpected: 3, stationsReported: 3 });
    expect(paper.total.ballots).toBe(9);
  });

  it('combines the decrypted online tally with the paper totals', async () => {
    expect((await castBallot(call, el, 'voter-1', 'a')).r.status).toBe(200);
    expect((await castBallot(call, el, 'voter-2', 'c')).r.status).toBe(200);
    // the tally waits for every keyed station's poll book (p3 is excluded above)
    for (const station of ['p1', 'p2']) {
      const closing = { electionId: ID, station, checkIns: 0, closedAt: '2026-05-10T17:00:00Z' };
      const signature = signPaperStatement(keys.get(station)!.secretKey, 'poll-book-close', ID, closing);
      const url = `/elections/${ID}/stations/${station}/poll-book/close`;
      expect((await call('POST', url, { closing, signature }, ADMIN)).status).toBe(201);
    }
    await closeAndDecrypt(call, ADMIN, el, 3, 2);
    const { results: online, combined } = await results();
    expect(online.contests[0].selections.map((s: { value: number }) => s.value)).toEqual([1, 0, 1]);
    expect(combined.includesOnline).toBe(true);
    expect(combined.contests[0].selections.map((s: { value: number }) => s.value)).toEqual([2, 3, 5]);
    expect(combined.contests[1].selections.map((s: { value: number }) => s.value)).toEqual([0, 3, 4]);
  });
});
