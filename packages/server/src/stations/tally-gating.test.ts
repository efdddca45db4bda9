/**
 * Tally gating (spec/server-api.md §11.6): the online tally waits until every station with a
 * registered key has a `poll-book-close` or a `station-exclusion` — the 409 names every pending
 * station, and only those; a station without a key is not waited for. An exclusion after the
 * station's poll book closed is taken (its sheet will not come), changes nothing of the gate and
 * re-opens no check-ins.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Call, mustCall } from '../testing/local-election.js';
import {
  checkIn,
  setUpStationElection,
  signedClosing,
  treeSize,
  type TestApp,
  type TestStation,
} from '../testing/station-election.js';
import { readStationState } from './station-state.js';

const ADMIN = 'evd_tally-gating-admin';

describe('tally gating', () => {
  let app: TestApp;
  let call: Call;
  let must: ReturnType<typeof mustCall>;
  let st: Map<string, TestStation>;

  const size = () => treeSize(must);
  const tally = () => call('POST', '/elections/e1/tally', undefined, ADMIN);
  const close = (station: string) =>
    call(
      'POST',
      `/elections/e1/stations/${station}/poll-book/close`,
      signedClosing(st.get(station)!, 'e1', 0),
      st.get(station)!.token,
    );
  const exclude = (station: string, reason: string) =>
    call('POST', `/elections/e1/stations/${station}/exclusion`, { reason }, ADMIN);
  /** The stations a refused tally names, from its message. */
  const named = (message: string): string[] => [...message.matchAll(/"([^"]+)"/g)].map((m) => m[1]!);

  beforeAll(async () => {
    ({
      app,
      call,
      must,
      stations: st,
    } = await setUpStationElection(ADMIN, {
      voters: 1,
      stations: ['p1', 'p2', 'p3', 'p4'],
      keyed: ['p1', 'p2', 'p3'], // p4: no key
      roll: [{ voterId: 'voter-1', station: 'p1', name: 'A' }],
    }));
  });
  afterAll(async () => app.close());

  it('names every keyed station that is neither closed nor excluded, nothing written', async () => {
    await must('POST', '/elections/e1/close');
    const before = await size();
    let r = await tally();
    expect([r.status, r.json.code, r.json.field]).toEqual([409, 'EVD_ERR_WRONG_PHASE', 'stations']);
    expect(named(r.json.message)).toEqual(['p1', 'p2', 'p3']);
    expect(r.json.message).toContain('3 station(s)');

    expect((await close('p1')).status).toBe(201);
    r = await tally();
    expect(named(r.json.message)).toEqual(['p2', 'p3']);
    expect((await exclude('p3', 'no staff')).status).toBe(201);
    r = await tally();
    expect([r.status, named(r.json.message)]).toEqual([409, ['p2']]);
    expect(await size()).toBe(before + 2);
  });

  it('takes an exclusion after the poll book closed: the gate and the check-ins are unchanged', async () => {
    const r = await exclude('p1', 'ballots lost after the close: no sheet will come');
    expect(r.status).toBe(201);
    const s = await readStationState(app.evident, 'e1');
    expect([s.closed.has('p1'), s.excluded.has('p1')]).toEqual([true, true]);
    const late = await call(
      'POST',
      '/elections/e1/stations/p1/check-ins',
      { checkIns: [checkIn('voter-1')] },
      st.get('p1')!.token,
    );
    expect(late.json.results[0]).toMatchObject({ status: 'refused', reason: 'poll-book-closed' });
    expect(named((await tally()).json.message)).toEqual(['p2']);
  });

  it('tallies once the last pending station closes (a station without key is not waited for)', async () => {
    expect((await close('p2')).status).toBe(201);
    const r = await tally();
    expect(r.status).toBe(200);
    expect(r.json.castBallots).toBe(0);
    // after the tally, the poll books' end is over
    expect((await exclude('p4', 'late')).status).toBe(409);
  });
});
