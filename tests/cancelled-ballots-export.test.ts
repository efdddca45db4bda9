/**
 * The cancellation rule from the server's board to the record and the verifier: a `cancellation`
 * entry (written here straight into the board, as the check-in intake will) makes every ballot of
 * its credential — cast before it and, by the rule, after it — `cancelled` in the exported record,
 * and the log checks accept that; a record that calls such a ballot `cast` (so that step 8 would
 * aggregate it) fails L3.C. The export runs while voting is open: the store's own bookkeeping of
 * cancellations is the station intake's, compared once the election is closed.
 */
import { mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkBoardLog } from '@evident/verifier-cli';
import { buildApp } from '../packages/server/src/app.js';
import { exportRecord } from '../packages/server/src/record/export-record.js';
import { castBallot, injectCall, setUpElection } from '../packages/server/src/testing/local-election.js';

const ADMIN = 'evd_cancel-admin';

describe('cancelled online ballots in the exported record', () => {
  let root: string;
  let record: string;
  let cancelledCredential: string;
  beforeAll(async () => {
    root = mkdtempSync(join(tmpdir(), 'evident-cancel-'));
    record = join(root, 'record');
    const app = await buildApp({ adminToken: ADMIN, rateLimit: false });
    const call = injectCall(app);
    const el = await setUpElection(call, ADMIN, { voters: 3 });
    await castBallot(call, el, 'voter-1', 'o1');
    const first = await castBallot(call, el, 'voter-2', 'o2');
    await castBallot(call, el, 'voter-2', 'o3'); // a revote: both ballots of voter-2 are cancelled
    cancelledCredential = first.credHex.toUpperCase();
    await app.evident.writer.submit(async (tx) => {
      tx.append(el.id, 'cancellation', {
        credential: cancelledCredential,
        station: 'S1',
        time: app.evident.now(),
      });
    });
    await castBallot(call, el, 'voter-3', 'o1');
    const s = await exportRecord(app.evident.store, el.id, record);
    expect(s.ballots).toEqual({ cast: 2, superseded: 0, cancelled: 2, challenged: 0 });
    await app.close();
  });
  afterAll(() => rmSync(root, { recursive: true, force: true }));

  it('writes state "cancelled" for every ballot of the credential, and L1–L4 pass', async () => {
    const states = readdirSync(join(record, 'ballots')).flatMap((f) =>
      readFileSync(join(record, 'ballots', f), 'utf8')
        .trim()
        .split('\n')
        .map((l) => (JSON.parse(l) as { state: string }).state),
    );
    expect(states.sort()).toEqual(['cancelled', 'cancelled', 'cast', 'cast']);
    expect((await checkBoardLog(record)).map((x) => [x.id, x.status])).toEqual([
      ['L1', 'passed'],
      ['L2', 'passed'],
      ['L3', 'passed'],
      ['L4', 'passed'],
    ]);
  });

  it('a cancelled ballot marked "cast" in the record fails L3.C', async () => {
    const file = join(record, 'ballots', `online-${cancelledCredential.toLowerCase().slice(0, 64)}.jsonl`);
    const original = readFileSync(file, 'utf8');
    try {
      writeFileSync(file, original.replace('"state":"cancelled"', '"state":"cast"'));
      const l3 = (await checkBoardLog(record)).find((x) => x.id === 'L3')!;
      expect(l3.failures.map((f) => [f.check, f.location])).toEqual([
        ['L3.C', `ballots/online-${cancelledCredential.toLowerCase().slice(0, 64)}.jsonl:1 state`],
      ]);
    } finally {
      writeFileSync(file, original);
    }
  });
});
