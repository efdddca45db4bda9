/**
 * Check-ins and what follows them (spec/server-api.md §11.5–§11.6): per-item results, idempotent
 * by id; refusals with their reasons; duplicates across stations named to officials only; a
 * `cancellation` entry once per credential (paper wins): the voter's online ballots — before and
 * after — are out of the tally, a later one is refused (409 EVD_ERR_CANCELLED); the signed
 * poll-book closing; station exclusion; the tally refused until every keyed station is closed or
 * excluded; the encrypted tally (board and exported record) is the homomorphic sum of exactly the
 * ballots of credentials not cancelled.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { canonicalJsonString, createTallyAccumulator, indexManifest, type Group } from '@evident/e2e-crypto';
import { checkEntryReceipt, encodeEncryptedTally, ENCRYPTED_TALLY_FILE } from '@evident/record';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { exportRecord } from '../record/export-record.js';
import { submissionCiphertexts } from '../tally/tally-election.js';
import { castBallot, type Call, type LocalElection, type mustCall } from '../testing/local-election.js';
import {
  boardEntries,
  checkIn,
  setUpStationElection,
  signedClosing,
  treeSize,
  type TestApp,
  type TestStation,
} from '../testing/station-election.js';
import type { BallotSubmission } from '../verify/ballot-check.js';

const ADMIN = 'evd_check-ins-admin';

describe('check-ins, cancellations, poll-book closing, tally gating', () => {
  let app: TestApp;
  let call: Call;
  let must: ReturnType<typeof mustCall>;
  let el: LocalElection;
  let p1: TestStation;
  let p2: TestStation;
  let observer: string;
  const cred = new Map<string, string>();

  const entries = () => boardEntries(must);
  const size = () => treeSize(must);
  const post = (station: string, checkIns: object[], token: string) =>
    call('POST', `/elections/e1/stations/${station}/check-ins`, { checkIns }, token);
  const cast = async (voter: string, option: string) => {
    const { r, credHex } = await castBallot(call, el, voter, option);
    cred.set(voter, credHex);
    return r;
  };

  beforeAll(async () => {
    const s = await setUpStationElection(ADMIN, {
      voters: 5,
      keyed: ['p1', 'p2'],
      open: false,
      roll: [
        ...['voter-1', 'voter-2', 'voter-3', 'voter-4', 'paper-only'].map((v) => ({
          voterId: v,
          station: 'p1',
          name: v,
        })),
        { voterId: 'voter-4', station: 'p2', name: 'voter-4' },
        { voterId: 'voter-5', station: 'p2', name: 'voter-5' },
      ],
    });
    ({ app, call, must, el, observer } = s);
    [p1, p2] = [s.stations.get('p1')!, s.stations.get('p2')!];
    // before opening: no check-ins
    const r = await post('p1', [checkIn('voter-1')], p1.token);
    expect([r.status, r.json.code]).toEqual([409, 'EVD_ERR_WRONG_PHASE']);
    await must('POST', '/elections/e1/open');
    expect((await cast('voter-1', 'o1')).status).toBe(200);
    expect((await cast('voter-1', 'o4')).status).toBe(200); // a revote: both are before the check-in
    expect((await cast('voter-2', 'o2')).status).toBe(200);
    expect((await cast('voter-3', 'o3')).status).toBe(200);
    expect((await cast('voter-4', 'o5')).status).toBe(200);
  });
  afterAll(async () => app.close());

  it('refuses whole requests: another station, a station without key, an unknown station, no token', async () => {
    const before = await size();
    let r = await post('p1', [checkIn('voter-1')], p2.token);
    expect([r.status, r.json.code]).toEqual([403, 'EVD_ERR_FORBIDDEN']);
    r = await post('p3', [checkIn('voter-1')], ADMIN);
    expect([r.status, r.json.code, r.json.field]).toEqual([409, 'EVD_ERR_WRONG_PHASE', 'station']);
    r = await post('p9', [checkIn('voter-1')], ADMIN);
    expect([r.status, r.json.code]).toEqual([404, 'EVD_ERR_NOT_FOUND']);
    r = await call('POST', '/elections/e1/stations/p1/check-ins', { checkIns: [checkIn('voter-1')] });
    expect(r.status).toBe(401);
    r = await post('p1', [{ ...checkIn('voter-1'), extra: 1 }], p1.token);
    expect([r.status, r.json.code]).toEqual([400, 'EVD_ERR_VALIDATION']);
    expect(await size()).toBe(before);
  });

  it('accepts a check-in and cancels the credential on the board, naming the credential only', async () => {
    const c = checkIn('voter-1');
    const before = await size();
    const r = await post('p1', [c, checkIn('voter-5')], p1.token);
    expect(r.status).toBe(200);
    expect(r.json).toEqual({
      results: [
        { id: c.id, status: 'accepted' },
        { id: expect.any(String), status: 'refused', reason: 'not-on-roll' },
      ],
      cancellations: 1,
    });
    const board = await entries();
    expect(board.length).toBe(before + 1);
    const cancellation = board.at(-1)!;
    expect(cancellation).toEqual({
      type: 'cancellation',
      credential: cred.get('voter-1'),
      station: 'p1',
      time: expect.any(Number),
    });
    expect(JSON.stringify(board)).not.toContain('voter-1');

    // the same batch again: known, nothing written
    const again = await post('p1', [c], p1.token);
    expect(again.json).toEqual({ results: [{ id: c.id, status: 'known' }], cancellations: 0 });
    // the voter again under another id; the id again for another voter
    const other = await post('p1', [checkIn('voter-1'), { ...checkIn('voter-2'), id: c.id }], p1.token);
    expect(other.json.results.map((x: { reason: string }) => x.reason)).toEqual([
      'already-checked-in',
      'id-conflict',
    ]);
    expect(await size()).toBe(before + 1);
  });

  it("refuses the cancelled credential's later online ballot (409 EVD_ERR_CANCELLED), nothing written", async () => {
    const board = await entries();
    const before = board.length;
    const r = await cast('voter-1', 'o2');
    expect([r.status, r.json.code, r.json.field]).toEqual([409, 'EVD_ERR_CANCELLED', 'credential']);
    // its earlier ballots are tracked as cancelled; another voter's still counted
    const mine = board.filter((e) => e.type === 'ballot' && e.submission.credential === cred.get('voter-1'));
    expect(mine).toHaveLength(2);
    for (const b of mine)
      expect((await must('GET', `/elections/e1/ballots/${b.submission.ballot.code}`)).status).toBe(
        'cancelled',
      );
    const other = board.find((e) => e.type === 'ballot' && e.submission.credential === cred.get('voter-2'))!;
    expect((await must('GET', `/elections/e1/ballots/${other.submission.ballot.code}`)).status).toBe(
      'counted',
    );
    expect(await size()).toBe(before);
    // the election's count leaves out the cancelled voter's ballots: voter-2, -3, -4
    expect((await must('GET', '/elections/e1')).ballots.counted).toBe(3);
  });

  it('accepts a voter without credential with no cancellation, in the same batch as others', async () => {
    const r = await post('p1', [checkIn('paper-only'), checkIn('voter-4')], p1.token);
    expect(r.json.results.map((x: { status: string }) => x.status)).toEqual(['accepted', 'accepted']);
    expect(r.json.cancellations).toBe(1); // voter-4's
  });

  it('accepts a voter checked in at another station as a duplicate, cancelling once; officials only see the list', async () => {
    const before = await size();
    const r = await post('p2', [checkIn('voter-4')], p2.token);
    expect(r.json).toMatchObject({ results: [{ status: 'accepted' }], cancellations: 0 });
    expect(await size()).toBe(before);
    const d = await call('GET', '/elections/e1/stations/duplicates', undefined, observer);
    expect(d.status).toBe(200);
    expect(d.json.duplicates).toHaveLength(1);
    expect(d.json.duplicates[0].voterId).toBe('voter-4');
    expect(d.json.duplicates[0].checkIns.map((x: { station: string }) => x.station)).toEqual(['p1', 'p2']);
    const denied = await call('GET', '/elections/e1/stations/duplicates', undefined, p1.token);
    expect([denied.status, denied.json.code]).toEqual([403, 'EVD_ERR_FORBIDDEN']);
    expect((await call('GET', '/elections/e1/stations/duplicates')).status).toBe(401);
  });

  it('closes a poll book with the signed closing; refuses bad closings; answers a resent one', async () => {
    const before = await size();
    const url = '/elections/e1/stations/p1/poll-book/close';
    // p1 holds voter-1, paper-only, voter-4
    let r = await call('POST', url, signedClosing(p1, 'e1', 2), p1.token);
    expect([r.status, r.json.code, r.json.field]).toEqual([409, 'EVD_ERR_CONFLICT', 'closing.checkIns']);
    r = await call(
      'POST',
      url,
      { ...signedClosing(p1, 'e1', 3), signature: signedClosing(p2, 'e1', 3).signature },
      p1.token,
    );
    expect([r.status, r.json.code]).toEqual([400, 'EVD_ERR_INVALID_SIGNATURE']);
    const tampered = signedClosing(p1, 'e1', 3);
    r = await call(
      'POST',
      url,
      { ...tampered, closing: { ...tampered.closing, closedAt: '2026-05-10T18:00:00Z' } },
      p1.token,
    );
    expect([r.status, r.json.code]).toEqual([400, 'EVD_ERR_INVALID_SIGNATURE']);
    r = await call('POST', url, signedClosing(p2, 'e1', 3), p1.token);
    expect([r.status, r.json.code, r.json.field]).toEqual([400, 'EVD_ERR_VALIDATION', 'closing.station']);
    r = await call('POST', url, signedClosing(p1, 'e1', 3), p2.token);
    expect([r.status, r.json.code]).toEqual([403, 'EVD_ERR_FORBIDDEN']);
    expect(await size()).toBe(before);

    const good = signedClosing(p1, 'e1', 3);
    r = await call('POST', url, good, p1.token);
    expect(r.status).toBe(201);
    const { index } = r.json.receipt;
    const logPublicKey = (await must('GET', '/elections/e1')).logPublicKey as string;
    expect(checkEntryReceipt(r.json.receipt, { logPublicKey, electionId: 'e1' })).toMatchObject({ ok: true });
    expect((await entries())[index]).toEqual({
      type: 'poll-book-close',
      closing: good.closing,
      signature: good.signature,
      duplicateCheckIns: 1,
      time: expect.any(Number),
    });
    r = await call('POST', url, good, p1.token);
    expect([r.status, r.json.receipt.index]).toEqual([200, index]);
    r = await call('POST', url, signedClosing(p1, 'e1', 3, '2026-05-10T17:30:00Z'), p1.token);
    expect([r.status, r.json.code]).toEqual([409, 'EVD_ERR_CONFLICT']);
    // a closed poll book takes no more check-ins
    const late = await post('p1', [checkIn('voter-3')], p1.token);
    expect(late.json.results[0]).toMatchObject({ status: 'refused', reason: 'poll-book-closed' });
    expect(await size()).toBe(index + 1);
  });

  it('refuses the tally while a keyed station is neither closed nor excluded, then tallies after its exclusion', async () => {
    await must('POST', '/elections/e1/close');
    const before = await size();
    let r = await call('POST', '/elections/e1/tally', undefined, ADMIN);
    expect([r.status, r.json.code, r.json.field]).toEqual([409, 'EVD_ERR_WRONG_PHASE', 'stations']);
    expect(r.json.message).toContain('"p2"');
    expect(r.json.message).not.toContain('"p3"'); // no key registered: not waited for
    expect(await size()).toBe(before);

    r = await call('POST', '/elections/e1/stations/p2/exclusion', { reason: 'flooded' }, p2.token);
    expect([r.status, r.json.code]).toEqual([403, 'EVD_ERR_FORBIDDEN']);
    r = await call('POST', '/elections/e1/stations/p9/exclusion', { reason: 'flooded' }, ADMIN);
    expect([r.status, r.json.code]).toEqual([404, 'EVD_ERR_NOT_FOUND']);
    r = await call('POST', '/elections/e1/stations/p2/exclusion', { reason: 'flooded' }, ADMIN);
    expect(r.status).toBe(201);
    expect((await entries())[r.json.receipt.index]).toEqual({
      type: 'station-exclusion',
      station: 'p2',
      reason: 'flooded',
      time: expect.any(Number),
    });
    expect(
      (await call('POST', '/elections/e1/stations/p2/exclusion', { reason: 'flooded' }, ADMIN)).status,
    ).toBe(200);
    r = await call('POST', '/elections/e1/stations/p2/exclusion', { reason: 'other' }, ADMIN);
    expect([r.status, r.json.code]).toEqual([409, 'EVD_ERR_CONFLICT']);
    const late = await post('p2', [checkIn('voter-5')], p2.token);
    expect(late.json.results[0]).toMatchObject({ status: 'refused', reason: 'station-excluded' });

    r = await call('POST', '/elections/e1/tally', undefined, ADMIN);
    expect(r.status).toBe(200);
    expect(r.json.castBallots).toBe(2); // voter-2 and voter-3: voter-1 and voter-4 cancelled
    // after the tally: no more check-ins at all
    r = await post('p2', [checkIn('voter-5')], p2.token);
    expect([r.status, r.json.code]).toEqual([409, 'EVD_ERR_WRONG_PHASE']);
  });

  it('posts (and exports) the homomorphic sum of exactly the ballots of credentials not cancelled', async () => {
    const board = await entries();
    const G = el.client.ctx.G as Group<unknown>;
    const sumOf = (pred: (credential: string) => boolean) => {
      const last = new Map<string, BallotSubmission>();
      for (const e of board)
        if (e.type === 'ballot') last.set(String(e.submission.credential).toUpperCase(), e.submission);
      const acc = createTallyAccumulator(G, indexManifest(el.manifest));
      for (const [c, sub] of last) if (pred(c)) acc.add({ contests: submissionCiphertexts(G, sub) });
      return canonicalJsonString(encodeEncryptedTally(G, acc.result()));
    };
    const cancelled = new Set(board.filter((e) => e.type === 'cancellation').map((e) => e.credential));
    expect([...cancelled].sort()).toEqual([cred.get('voter-1'), cred.get('voter-4')].sort());
    const posted = canonicalJsonString(board.find((e) => e.type === 'encrypted-tally')!.encryptedTally);
    expect(posted).toBe(sumOf((c) => !cancelled.has(c)));
    expect(posted).not.toBe(sumOf(() => true));

    const dir = mkdtempSync(join(tmpdir(), 'evd-cancel-'));
    try {
      await exportRecord(app.evident.store, 'e1', dir);
      expect(canonicalJsonString(JSON.parse(readFileSync(join(dir, ENCRYPTED_TALLY_FILE), 'utf8')))).toBe(
        posted,
      );
      const log = readFileSync(join(dir, 'board/log.jsonl'), 'utf8');
      expect(log).toContain('"type":"cancellation"');
      expect(log).not.toContain('paper-only'); // the roll is never exported
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
