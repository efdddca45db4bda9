/**
 * `GET /elections/{id}/board/credential/{credential}` (spec/server-api.md §6.6): for a voter who
 * revoted, one checked in at a station and one who challenged, the answer holds exactly the
 * entries of the whole board that concern the credential (and `open`), each with an inclusion
 * proof to the signed head, and they give each ballot the state the whole board gives it; at an
 * earlier tree size, only the entries before it; bad input a coded 4xx.
 */
import {
  verifyInclusion,
  decodeLogHash,
  leafHash,
  utf8Bytes,
  type SignedTreeHead,
} from '@evident/e2e-crypto';
import {
  assumedPublication,
  ballotState,
  concernsCredential,
  credentialNamed,
  type BoardEntry,
} from '@evident/record/board';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { castBallot } from '../testing/local-election.js';
import { checkIn, setUpStationElection, type StationElection } from '../testing/station-election.js';

const ADMIN = 'evd_board-credential-test-admin-token-0123456789';

describe('GET …/board/credential/{credential}', () => {
  let s: StationElection;
  let board: BoardEntry[];
  let head: SignedTreeHead;
  const creds = { revoted: '', cancelled: '', challenged: '' };

  beforeAll(async () => {
    s = await setUpStationElection(ADMIN, {
      voters: 3,
      keyed: ['p1'],
      roll: ['voter-1', 'voter-2', 'voter-3'].map((v) => ({ voterId: v, station: 'p1', name: v })),
    });
    for (const [voter, intent] of [
      ['voter-1', 'cast'],
      ['voter-2', 'cast'],
      ['voter-1', 'cast'],
      ['voter-3', 'challenge'],
    ] as const)
      expect((await castBallot(s.call, s.el, voter, 'o1', intent)).r.status).toBe(200);
    const p1 = s.stations.get('p1')!;
    const r = await s.call(
      'POST',
      '/elections/e1/stations/p1/check-ins',
      { checkIns: [checkIn('voter-2')] },
      p1.token,
    );
    expect(r.json.cancellations).toBe(1);
    const page = await s.must('GET', '/elections/e1/board/entries?start=0&limit=1000');
    board = (page.entries as { index: number; type: string; entry: string }[]).map((e) => ({
      index: e.index,
      type: e.type,
      e: JSON.parse(e.entry) as Record<string, unknown>,
    }));
    head = (await s.must('GET', '/elections/e1/board/tree-head')).treeHead as SignedTreeHead;
    const ballots = board.filter((e) => e.type === 'ballot' || e.type === 'challenged-ballot');
    const named = ballots.map((e) => credentialNamed(e.type, e.e)!);
    [creds.revoted, creds.cancelled, creds.challenged] = [named[0]!, named[1]!, named[3]!];
  });
  afterAll(async () => s.app.close());

  const answer = async (cred: string, q = '') => {
    const r = await s.call('GET', `/elections/e1/board/credential/${cred}${q}`);
    return r;
  };

  it('holds exactly the credential’s entries and open, each proved, giving the whole board’s states', async () => {
    for (const cred of Object.values(creds)) {
      const r = await answer(cred.toLowerCase());
      expect(r.status).toBe(200);
      const got = r.json.entries as { index: number; entry: string; proof: string[] }[];
      const want = board.filter((e) => concernsCredential(e.type, e.e, cred));
      expect(got.map((e) => e.index)).toEqual(want.map((e) => e.index));
      expect(r.json.treeSize).toBe(head.treeSize);
      for (const e of got)
        expect(
          verifyInclusion(
            leafHash(utf8Bytes(e.entry)),
            e.index,
            head.treeSize,
            e.proof.map((h, i) => decodeLogHash(h, `p${i}`)),
            decodeLogHash(head.rootHash, 'root'),
          ),
        ).toBe(true);
      const light = [assumedPublication(cred), ...want];
      for (const b of want.filter((e) => e.type.endsWith('ballot')))
        expect(ballotState({ entries: light }, b)).toEqual(ballotState({ entries: board }, b));
    }
    const types = (cred: string) =>
      board.filter((e) => concernsCredential(e.type, e.e, cred)).map((e) => e.type);
    expect(types(creds.revoted)).toEqual(['open', 'ballot', 'ballot', 'supersession']);
    expect(types(creds.cancelled)).toEqual(['open', 'ballot', 'cancellation']);
    expect(types(creds.challenged)).toEqual(['open', 'challenged-ballot']);
  });

  it('at an earlier tree size: only the entries before it, proved in that tree', async () => {
    const supersession = board.find((e) => e.type === 'supersession')!.index;
    const r = await answer(creds.revoted, `?treeSize=${supersession}`);
    expect(r.status).toBe(200);
    expect(r.json.treeSize).toBe(supersession);
    expect((r.json.entries as { index: number }[]).every((e) => e.index < supersession)).toBe(true);
    expect((r.json.entries as unknown[]).length).toBe(3);
  });

  it('an unknown credential: only open; bad input: a coded 4xx', async () => {
    expect(
      (await answer('AB'.repeat(32))).json.entries.map((e: { entry: string }) => JSON.parse(e.entry).type),
    ).toEqual(['open']);
    expect((await answer(creds.revoted, `?treeSize=${head.treeSize + 1}`)).json).toMatchObject({
      code: 'EVD_ERR_VALIDATION',
      field: 'treeSize',
    });
    expect((await answer('not-hex')).json.code).toBe('EVD_ERR_VALIDATION');
    expect((await s.call('GET', `/elections/nope/board/credential/${creds.revoted}`)).json.code).toBe(
      'EVD_ERR_NOT_FOUND',
    );
  });
});
