/**
 * The tracker page's light check and `evident-track`'s full check decide the same state, from
 * the same definitions (`@evident/record/board`), against one real server with a polling
 * station: a first ballot superseded by its revote, the revote counted, a challenged ballot, a
 * ballot cancelled by a check-in — the page's check (tracker/tracker-check.ts, run here in Node
 * with `fetch`) gives each the very `ballot` (index, type, time, state, supersededBy,
 * cancelledBy, cancelledAt) that `evident-track --json` gives, while asking for a few entries
 * instead of the whole board.
 */
import { fromHex } from '@evident/e2e-crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { castBallot, type Intent } from '../packages/server/src/testing/local-election.js';
import {
  checkIn,
  setUpStationElection,
  type StationElection,
} from '../packages/server/src/testing/station-election.js';
import { trackBallot, type Get } from '../packages/server/src/tracker/tracker-check.js';
import { track } from './support/track-cli.js';

const ADMIN = 'evd_tracker-light-vs-full-admin-token-0123456789';

describe('the light check and the full check agree', () => {
  let s: StationElection;
  let base: string;
  let logKey: string;
  const codes: Record<string, string> = {};
  const asked: string[] = [];

  beforeAll(async () => {
    s = await setUpStationElection(ADMIN, {
      voters: 3,
      keyed: ['p1'],
      roll: ['voter-1', 'voter-2', 'voter-3'].map((v) => ({ voterId: v, station: 'p1', name: v })),
    });
    base = await s.app.listen({ port: 0, host: '127.0.0.1' });
    logKey = (await s.must('GET', '/elections/e1')).logPublicKey as string;
    const steps: [string, string, Intent][] = [
      ['superseded', 'voter-1', 'cast'],
      ['cancelled', 'voter-2', 'cast'],
      ['counted', 'voter-1', 'cast'],
      ['challenged', 'voter-3', 'challenge'],
    ];
    for (const [name, voter, intent] of steps) {
      const { r } = await castBallot(s.call, s.el, voter, 'o1', intent);
      expect(r.status).toBe(200);
      codes[name] = r.json.confirmationCode as string;
    }
    const p1 = s.stations.get('p1')!;
    const r = await s.call(
      'POST',
      '/elections/e1/stations/p1/check-ins',
      { checkIns: [checkIn('voter-2')] },
      p1.token,
    );
    expect(r.json.cancellations).toBe(1);
  });
  afterAll(async () => s.app.close());

  const get: Get = async (path) => {
    asked.push(path);
    const r = await fetch(`${base}${path}`);
    return { status: r.status, json: (await r.json()) as unknown };
  };

  for (const [name, state] of [
    ['superseded', 'superseded'],
    ['counted', 'cast'],
    ['challenged', 'challenged'],
    ['cancelled', 'cancelled'],
  ] as const)
    it(`a ${name} ballot: the same state and details`, async () => {
      const full = await track(
        codes[name]!,
        '--server',
        base,
        '--election',
        'e1',
        '--log-key',
        logKey,
        '--json',
      );
      expect(full.code).toBe(0);
      expect(full.json.ballot.state).toBe(state);
      const light = await trackBallot(get, 'e1', codes[name]!, fromHex(logKey, 'logKey'));
      expect(light).toMatchObject({ kind: 'found', ballot: full.json.ballot });
      expect(light.kind === 'found' && light.ballot).toEqual(full.json.ballot);
    });

  it('the light check read one entry at a time', () => {
    const pages = asked.filter((p) => p.includes('/board/entries'));
    expect(pages.length).toBe(4);
    for (const p of pages) expect(p).toMatch(/limit=1$/);
  });
});
