/**
 * Bad station input (spec/server-api.md §11, §12.4): every refusal — of a check-in item, of a whole
 * check-in request, of a key, a bundle request, a poll-book closing, an exclusion, CVRs — answers
 * with its reason, records one security event that officials can list (with the station, the code
 * and the reason; for a check-in, its id and never the voter's id, name or document), and changes
 * nothing else: the board, the station state, the check-ins and the roll are as they were.
 */
import { generatePaperKey, toHex } from '@evident/e2e-crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mustCall, type Call } from '../testing/local-election.js';
import {
  checkIn,
  setUpStationElection,
  signedClosing,
  type TestApp,
  type TestStation,
} from '../testing/station-election.js';
import { readStationState } from './station-state.js';

const ADMIN = 'evd_station-refusals-admin';

interface Event {
  id: number;
  kind: string;
  electionId: string | null;
  station: string | null;
  code: string;
  reason: string;
  field: string | null;
  role: string | null;
}

describe('refusals of station input: a reason, a security event, nothing else changed', () => {
  let app: TestApp;
  let call: Call;
  let must: ReturnType<typeof mustCall>;
  let p1: TestStation;
  let p2: TestStation;
  let observer: string;

  /** Everything a refusal must leave as it was. */
  const snapshot = async () => {
    const s = await readStationState(app.evident, 'e1');
    const store = app.evident.store;
    return {
      treeSize: (await must('GET', '/elections/e1')).treeSize,
      keys: [...s.keys],
      closed: [...s.closed],
      excluded: [...s.excluded],
      printingKey: s.printingKey,
      checkIns: await Promise.all(['p1', 'p2', 'p3'].map((st) => store.stationCheckInCounts('e1', st))),
      roll: await store.rollSize('e1'),
    };
  };
  const events = async (limit: number): Promise<Event[]> =>
    (await mustCall(call, observer)('GET', `/admin/security-events?limit=${limit}`)).events;
  /** The messages of the whole-request refusals answered in {@link refused}. */
  let messages: string[] = [];
  const refusal = (r: Awaited<ReturnType<Call>>, expected: [number, string]): void => {
    expect([r.status, r.json.code]).toEqual(expected);
    messages.push(r.json.message);
  };
  /**
   * Runs `refuse`, checks nothing changed, and returns the events it recorded (oldest first):
   * each whole-request refusal's event has the message answered as its reason.
   */
  const refused = async (refuse: () => Promise<void>): Promise<Event[]> => {
    const before = await snapshot();
    const [last] = await events(1);
    messages = [];
    await refuse();
    expect(await snapshot()).toEqual(before);
    const list = (await events(100)).filter((e) => e.id > (last?.id ?? 0)).reverse();
    expect(list.filter((e) => e.kind !== 'check-in-refused').map((e) => e.reason)).toEqual(messages);
    return list;
  };
  const checkIns = (station: string, list: object[], token: string) =>
    call('POST', `/elections/e1/stations/${station}/check-ins`, { checkIns: list }, token);

  beforeAll(async () => {
    const s = await setUpStationElection(ADMIN, {
      voters: 2,
      keyed: ['p1', 'p2'],
      roll: [
        { voterId: 'voter-1', station: 'p1', name: 'Ada Voter' },
        { voterId: 'voter-2', station: 'p1', name: 'Bo Voter' },
        { voterId: 'voter-2', station: 'p2', name: 'Bo Voter' },
      ],
    });
    ({ app, call, must, observer } = s);
    [p1, p2] = [s.stations.get('p1')!, s.stations.get('p2')!];
  });
  afterAll(async () => app.close());

  it('records each refused check-in item: station, item id, reason code — never the voter', async () => {
    const first = checkIn('voter-1');
    expect((await checkIns('p1', [first], p1.token)).json.results[0].status).toBe('accepted');
    const bad = [checkIn('voter-9'), checkIn('voter-1'), { ...checkIn('voter-2'), id: first.id }];
    let answer: { results: { status: string; reason?: string }[] } | undefined;
    const recorded = await refused(async () => {
      const r = await checkIns('p1', bad, p1.token);
      expect(r.status).toBe(200);
      answer = r.json;
    });
    expect(answer!.results.map((x) => [x.status, x.reason])).toEqual([
      ['refused', 'not-on-roll'],
      ['refused', 'already-checked-in'],
      ['refused', 'id-conflict'],
    ]);
    expect(recorded.map((e) => [e.kind, e.electionId, e.station, e.code, e.field, e.role])).toEqual([
      ['check-in-refused', 'e1', 'p1', 'not-on-roll', 'checkIns[0]', 'station'],
      ['check-in-refused', 'e1', 'p1', 'already-checked-in', 'checkIns[1]', 'station'],
      ['check-in-refused', 'e1', 'p1', 'id-conflict', 'checkIns[2]', 'station'],
    ]);
    recorded.forEach((e, i) => {
      expect(e.reason).toContain(bad[i]!.id);
      for (const secret of ['voter-', 'Voter', 'passport']) expect(e.reason).not.toContain(secret);
    });
  });

  it('records refused items beside accepted ones, in the same answer', async () => {
    const ok = checkIn('voter-2');
    const [before] = await events(1);
    const r = await checkIns('p2', [ok, checkIn('voter-1')], p2.token);
    expect(r.json.results.map((x: { status: string }) => x.status)).toEqual(['accepted', 'refused']);
    const after = (await events(10)).filter((e) => e.id > before!.id);
    expect(after.map((e) => [e.kind, e.station, e.code, e.field])).toEqual([
      ['check-in-refused', 'p2', 'not-on-roll', 'checkIns[1]'],
    ]);
  });

  it('records whole check-in requests refused: another station, a station without key', async () => {
    const recorded = await refused(async () => {
      let r = await checkIns('p1', [checkIn('voter-1')], p2.token);
      refusal(r, [403, 'EVD_ERR_FORBIDDEN']);
      r = await checkIns('p3', [checkIn('voter-1')], ADMIN);
      refusal(r, [409, 'EVD_ERR_WRONG_PHASE']);
      r = await checkIns('p1', [{ ...checkIn('voter-1'), extra: 1 }], p1.token);
      refusal(r, [400, 'EVD_ERR_VALIDATION']);
      // refused before authentication: not recorded (an anonymous flood writes nothing)
      r = await call('POST', '/elections/e1/stations/p1/check-ins', { checkIns: [] });
      expect(r.status).toBe(401);
    });
    expect(recorded.map((e) => [e.kind, e.station, e.code, e.field])).toEqual([
      ['check-ins-refused', 'p1', 'EVD_ERR_FORBIDDEN', 'station'],
      ['check-ins-refused', 'p3', 'EVD_ERR_WRONG_PHASE', 'station'],
      ['check-ins-refused', 'p1', 'EVD_ERR_VALIDATION', null],
    ]);
    expect(recorded[1]!.reason).toContain('no registered station key');
  });

  it('records keys refused after opening and a bundle asked with another station token', async () => {
    const publicKey = toHex(generatePaperKey().publicKey);
    const recorded = await refused(async () => {
      let r = await call('PUT', '/elections/e1/stations/p3/key', { publicKey }, ADMIN);
      refusal(r, [409, 'EVD_ERR_WRONG_PHASE']);
      r = await call('PUT', '/elections/e1/printing-key', { publicKey }, ADMIN);
      refusal(r, [409, 'EVD_ERR_WRONG_PHASE']);
      r = await call('GET', '/elections/e1/stations/p1/bundle', undefined, p2.token);
      refusal(r, [403, 'EVD_ERR_FORBIDDEN']);
      r = await call(
        'POST',
        '/elections/e1/roll',
        { voters: [{ voterId: 'x', station: 'p1', name: 'x' }] },
        ADMIN,
      );
      refusal(r, [409, 'EVD_ERR_WRONG_PHASE']);
    });
    expect(recorded.map((e) => [e.kind, e.station, e.code, e.role])).toEqual([
      ['station-key-refused', 'p3', 'EVD_ERR_WRONG_PHASE', 'administrator'],
      ['printing-key-refused', null, 'EVD_ERR_WRONG_PHASE', 'administrator'],
      ['bundle-refused', 'p1', 'EVD_ERR_FORBIDDEN', 'station'],
      ['roll-refused', null, 'EVD_ERR_WRONG_PHASE', 'administrator'],
    ]);
    expect(recorded[0]!.reason).toContain('before opening');
  });

  it('records poll-book closings refused: count mismatch, bad signature, another station', async () => {
    const url = '/elections/e1/stations/p1/poll-book/close';
    const recorded = await refused(async () => {
      let r = await call('POST', url, signedClosing(p1, 'e1', 5), p1.token);
      refusal(r, [409, 'EVD_ERR_CONFLICT']);
      const good = signedClosing(p1, 'e1', 1);
      r = await call('POST', url, { ...good, signature: signedClosing(p2, 'e1', 1).signature }, p1.token);
      refusal(r, [400, 'EVD_ERR_INVALID_SIGNATURE']);
      r = await call('POST', url, signedClosing(p2, 'e1', 1), p1.token);
      refusal(r, [400, 'EVD_ERR_VALIDATION']);
    });
    expect(recorded.map((e) => [e.kind, e.station, e.code, e.field])).toEqual([
      ['poll-book-close-refused', 'p1', 'EVD_ERR_CONFLICT', 'closing.checkIns'],
      ['poll-book-close-refused', 'p1', 'EVD_ERR_INVALID_SIGNATURE', 'signature'],
      ['poll-book-close-refused', 'p1', 'EVD_ERR_VALIDATION', 'closing.station'],
    ]);
    expect(recorded[0]!.reason).toContain('sync the check-ins first');
  });

  it('records refused exclusions and check-ins of closed and excluded stations', async () => {
    expect(
      (await call('POST', '/elections/e1/stations/p1/poll-book/close', signedClosing(p1, 'e1', 1), p1.token))
        .status,
    ).toBe(201);
    await must('POST', '/elections/e1/stations/p2/exclusion', { reason: 'flooded' });
    const recorded = await refused(async () => {
      let r = await call('POST', '/elections/e1/stations/p9/exclusion', { reason: 'fire' }, ADMIN);
      refusal(r, [404, 'EVD_ERR_NOT_FOUND']);
      r = await call('POST', '/elections/e1/stations/p2/exclusion', { reason: 'fire' }, ADMIN);
      refusal(r, [409, 'EVD_ERR_CONFLICT']);
      r = await checkIns('p1', [checkIn('voter-2')], p1.token);
      expect(r.json.results[0].reason).toBe('poll-book-closed');
      r = await checkIns('p2', [checkIn('voter-1')], p2.token);
      expect(r.json.results[0].reason).toBe('station-excluded');
    });
    expect(recorded.map((e) => [e.kind, e.station, e.code])).toEqual([
      ['exclusion-refused', 'p9', 'EVD_ERR_NOT_FOUND'],
      ['exclusion-refused', 'p2', 'EVD_ERR_CONFLICT'],
      ['check-in-refused', 'p1', 'poll-book-closed'],
      ['check-in-refused', 'p2', 'station-excluded'],
    ]);
  });

  it('records CVRs refused for a sheet the station never had accepted', async () => {
    const recorded = await refused(async () => {
      const r = await call(
        'POST',
        `/elections/e1/stations/p1/sheets/${'AB'.repeat(32)}/cvrs`,
        { cvrs: { contests: [] } },
        p1.token,
      );
      expect(r.json.field).toBe('sheetHash');
      refusal(r, [404, 'EVD_ERR_NOT_FOUND']);
    });
    expect(recorded.map((e) => [e.kind, e.station, e.code, e.field])).toEqual([
      ['cvrs-refused', 'p1', 'EVD_ERR_NOT_FOUND', 'sheetHash'],
    ]);
  });
});
