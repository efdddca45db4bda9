/**
 * `evident-track` on a ballot cancelled by a check-in, against a real `evident-server` with
 * polling stations (a real socket): voter-1 casts online, then is checked in at station p1; the
 * server publishes a `cancellation` of the credential, and the tracker shows the ballot
 * `cancelled` (exit 0: the board is regular, the ballot proved), naming that entry and its
 * station; voter-2's ballot, not checked in, stays `cast`.
 */
import { track } from './support/track-cli.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { castBallot } from '../packages/server/src/testing/local-election.js';
import {
  boardEntries,
  checkIn,
  setUpStationElection,
  type StationElection,
} from '../packages/server/src/testing/station-election.js';

const ADMIN = 'evd_tracker-cancelled-test-admin-token-0123456789';

describe('evident-track on a ballot cancelled by a check-in at a station', () => {
  let s: StationElection;
  let base: string;
  let logKey: string;
  const codes: Record<string, string> = {};
  let cancellationIndex = -1;

  beforeAll(async () => {
    s = await setUpStationElection(ADMIN, {
      voters: 2,
      keyed: ['p1'],
      roll: [
        { voterId: 'voter-1', station: 'p1', name: 'voter-1' },
        { voterId: 'voter-2', station: 'p1', name: 'voter-2' },
      ],
    });
    base = await s.app.listen({ port: 0, host: '127.0.0.1' });
    logKey = (await s.must('GET', '/elections/e1')).logPublicKey as string;
    for (const voter of ['voter-1', 'voter-2']) {
      const { r } = await castBallot(s.call, s.el, voter, 'o1');
      expect(r.status).toBe(200);
      codes[voter] = r.json.confirmationCode as string;
    }
    const p1 = s.stations.get('p1')!;
    const r = await s.call(
      'POST',
      '/elections/e1/stations/p1/check-ins',
      { checkIns: [checkIn('voter-1')] },
      p1.token,
    );
    expect(r.json.cancellations).toBe(1);
    cancellationIndex = (await boardEntries(s.must)).findIndex((e) => e.type === 'cancellation');
    expect(cancellationIndex).toBeGreaterThan(0);
  });
  afterAll(async () => s.app.close());

  it('the checked-in voter’s online ballot: cancelled, exit 0, naming the cancellation entry', async () => {
    const r = await track(
      codes['voter-1']!,
      '--server',
      base,
      '--election',
      'e1',
      '--log-key',
      logKey,
      '--json',
    );
    expect(r.code).toBe(0);
    expect(r.json).toMatchObject({
      ok: true,
      keySource: 'log-key',
      ballot: { type: 'ballot', state: 'cancelled', cancelledBy: cancellationIndex, cancelledAt: 'p1' },
      serverStatus: 'cancelled',
    });
    const text = await track(codes['voter-1']!, '--server', base, '--election', 'e1', '--log-key', logKey);
    expect(text.code).toBe(0);
    expect(text.stdout).toContain('state        cancelled');
    expect(text.stdout).toContain(`cancelled by entry ${cancellationIndex} (cancellation, station p1)`);
  });

  it('a voter not checked in: cast', async () => {
    const r = await track(
      codes['voter-2']!,
      '--server',
      base,
      '--election',
      'e1',
      '--log-key',
      logKey,
      '--json',
    );
    expect(r.code).toBe(0);
    expect(r.json.ballot.state).toBe('cast');
    expect(r.json.ballot.cancelledBy).toBeUndefined();
  });
});
