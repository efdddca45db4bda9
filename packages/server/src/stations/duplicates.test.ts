/**
 * A voter checked in at more than one station (spec/server-api.md §11.5–§11.6): the officials'
 * list names the voter ids with every check-in's station, and only those voters; the public sees
 * a count per station in its `poll-book-close` entry — the station's check-ins of a voter also
 * checked in elsewhere when the closing is posted — and never a voter's identity.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Call, mustCall } from '../testing/local-election.js';
import {
  checkIn,
  setUpStationElection,
  signedClosing,
  type BoardEntry as Entry,
  type TestApp,
  type TestStation,
} from '../testing/station-election.js';

const ADMIN = 'evd_duplicates-admin';

describe('double check-ins: named to officials, counted in public', () => {
  let app: TestApp;
  let call: Call;
  let must: ReturnType<typeof mustCall>;
  let observer: string;
  let st: Map<string, TestStation>;

  const post = async (station: string, voters: string[]) => {
    const r = await call(
      'POST',
      `/elections/e1/stations/${station}/check-ins`,
      { checkIns: voters.map((v) => checkIn(v)) },
      st.get(station)!.token,
    );
    expect(r.json.results.map((x: { status: string }) => x.status)).toEqual(voters.map(() => 'accepted'));
  };
  /** The officials' list as [voter id, [stations]]. */
  const listed = async (token: string) => {
    const r = await call('GET', '/elections/e1/stations/duplicates', undefined, token);
    expect(r.status).toBe(200);
    return r.json.duplicates.map((d: { voterId: string; checkIns: { station: string }[] }) => [
      d.voterId,
      d.checkIns.map((c) => c.station),
    ]);
  };
  const close = async (station: string, checkIns: number): Promise<Entry> => {
    const r = await call(
      'POST',
      `/elections/e1/stations/${station}/poll-book/close`,
      signedClosing(st.get(station)!, 'e1', checkIns),
      st.get(station)!.token,
    );
    expect(r.status).toBe(201);
    const { entries } = await must('GET', `/elections/e1/board/entries?start=${r.json.receipt.index}`);
    const [e] = entries as ({ entry: string } | string)[];
    return JSON.parse(typeof e === 'string' ? e : e!.entry) as Entry;
  };

  beforeAll(async () => {
    const on = (voterId: string, stations: string[]) =>
      stations.map((station) => ({ voterId, station, name: `Name of ${voterId}` }));
    ({
      app,
      call,
      must,
      observer,
      stations: st,
    } = await setUpStationElection(ADMIN, {
      voters: 1,
      roll: [...on('dup-tri', ['p1', 'p2', 'p3']), ...on('dup-pair', ['p1', 'p2']), ...on('single', ['p1'])],
    }));
  });
  afterAll(async () => app.close());

  it('lists the voters checked in at two stations, with each station, to officials only', async () => {
    await post('p1', ['dup-tri', 'dup-pair', 'single']);
    expect(await listed(observer)).toEqual([]);
    await post('p2', ['dup-tri']);
    expect(await listed(observer)).toEqual([['dup-tri', ['p1', 'p2']]]);
    expect(await listed(ADMIN)).toEqual([['dup-tri', ['p1', 'p2']]]);
    const full = await must('GET', '/elections/e1/stations/duplicates');
    expect(full.duplicates[0].checkIns[0]).toMatchObject({
      id: expect.any(String),
      station: 'p1',
      checkedBy: 'worker-1',
      document: 'passport …X42Z',
    });

    let r = await call('GET', '/elections/e1/stations/duplicates', undefined, st.get('p1')!.token);
    expect([r.status, r.json.code]).toEqual([403, 'EVD_ERR_FORBIDDEN']);
    r = await call('GET', '/elections/e1/stations/duplicates');
    expect(r.status).toBe(401);
    r = await call('GET', '/elections/nope/stations/duplicates', undefined, observer);
    expect([r.status, r.json.code]).toEqual([404, 'EVD_ERR_NOT_FOUND']);
  });

  it("publishes each station's count in its poll-book-close entry, as of the closing", async () => {
    const p1 = await close('p1', 3);
    expect(p1).toMatchObject({ type: 'poll-book-close', duplicateCheckIns: 1 }); // dup-tri
    await post('p2', ['dup-pair']);
    await post('p3', ['dup-tri']);
    expect(await listed(observer)).toEqual([
      ['dup-pair', ['p1', 'p2']],
      ['dup-tri', ['p1', 'p2', 'p3']],
    ]);
    expect((await close('p2', 2)).duplicateCheckIns).toBe(2);
    expect((await close('p3', 1)).duplicateCheckIns).toBe(1);
    // the count was fixed when p1 closed: dup-pair became a duplicate later, through p2
    expect(p1.duplicateCheckIns).toBe(1);
  });

  it('never puts a voter on the board', async () => {
    const { entries } = await must('GET', '/elections/e1/board/entries?start=0');
    const text = JSON.stringify(entries);
    for (const v of ['dup-tri', 'dup-pair', 'single', 'Name of', 'passport']) expect(text).not.toContain(v);
  });
});
