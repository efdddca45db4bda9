/**
 * Casts whose commit fails as the database goes down (spec/server-api.md §6.6, a commit whose
 * outcome is unknown), two nodes (apps) on one store, on both stores: the voter is answered 503
 * `EVD_ERR_UNAVAILABLE` with `Retry-After`, never 500. A commit that was durable: the same ballot
 * sent again to the other node, then to the first, gets the receipt of the ballot on the board
 * (its index, its confirmation code). A commit rolled back: once the database is back, ballots
 * sent to either node are logged one after the other. Either way the log has no gap.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { freshDatabase } from '../../../../tests/support/pg-cluster.js';
import { describeWithPg } from '../../../../tests/support/pg.js';
import { buildApp } from '../app.js';
import { openStore } from '../store/open-store.js';
import type { Store } from '../store/store.js';
import { faultyStore } from '../testing/faulty-store.js';
import { prepareBallots } from '../testing/load-generator.js';
import { injectCall, setUpElection } from '../testing/local-election.js';

const ADMIN = 'a'.repeat(64);
const dir = mkdtempSync(join(tmpdir(), 'evident-unknown-outcome-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function contract(open: () => Promise<[Store, Store]>): void {
  it('503 with Retry-After, then the same receipt from either node; the log goes on without a gap', async () => {
    const [s1, s2] = await open();
    const { store, faults } = faultyStore(s1);
    const a = await buildApp({ store, adminToken: ADMIN, rateLimit: false });
    const b = await buildApp({ store: s2, adminToken: ADMIN, rateLimit: false });
    try {
      const el = await setUpElection(injectCall(a), ADMIN, { voters: 2 });
      const [first, second] = prepareBallots(el, 2).map((ballot) => ({ ballot }));
      const cast = (app: typeof a, payload: unknown) =>
        app.inject({ method: 'POST', url: `/elections/${el.id}/ballots`, payload: payload as object });

      faults.commit = 'unacknowledged'; // durable, and the database goes down
      const lost = await cast(a, first);
      expect(lost.statusCode).toBe(503);
      expect(lost.json().code).toBe('EVD_ERR_UNAVAILABLE');
      expect(Number(lost.headers['retry-after'])).toBeGreaterThan(0);
      Object.assign(faults, { commit: 'ok', readsDown: false });

      const onB = await cast(b, first);
      expect(onB.statusCode).toBe(200);
      const stored = (await s2.logEntries(el.id, 0, 1000)).filter((e) => e.type === 'ballot');
      expect(stored.map((e) => e.index)).toEqual([onB.json().logIndex]);
      const onA = await cast(a, first);
      expect(onA.statusCode).toBe(200);
      expect([onA.json().logIndex, onA.json().confirmationCode]).toEqual([
        onB.json().logIndex,
        onB.json().confirmationCode,
      ]);
      const next = await cast(a, second);
      expect(next.statusCode).toBe(200);
      expect(next.json().logIndex).toBe(onB.json().logIndex + 1);
      const all = await s2.logEntries(el.id, 0, 1000);
      expect(all.map((e) => e.index)).toEqual(all.map((_, i) => i));
    } finally {
      await a.close();
      await b.close();
    }
  });

  it('a commit rolled back: 503 with Retry-After, then both nodes log the next ballots one after the other', async () => {
    const [s1, s2] = await open();
    const { store, faults } = faultyStore(s1);
    const a = await buildApp({ store, adminToken: ADMIN, rateLimit: false });
    const b = await buildApp({ store: s2, adminToken: ADMIN, rateLimit: false });
    try {
      const el = await setUpElection(injectCall(a), ADMIN, { voters: 3 });
      const ballots = prepareBallots(el, 3).map((ballot) => ({ ballot }));
      const cast = (app: typeof a, payload: unknown) =>
        app.inject({ method: 'POST', url: `/elections/${el.id}/ballots`, payload: payload as object });
      const size = (await s2.logEntries(el.id, 0, 1000)).length;

      faults.commit = 'refused'; // rolled back, and the database goes down
      const refused = await cast(a, ballots[0]);
      expect(refused.statusCode).toBe(503);
      expect(refused.json().code).toBe('EVD_ERR_UNAVAILABLE');
      expect(Number(refused.headers['retry-after'])).toBeGreaterThan(0);
      Object.assign(faults, { commit: 'ok', readsDown: false });

      const answers = [await cast(a, ballots[0]), await cast(b, ballots[1]), await cast(a, ballots[2])];
      expect(answers.map((r) => r.statusCode)).toEqual([200, 200, 200]);
      expect(answers.map((r) => r.json().logIndex)).toEqual([size, size + 1, size + 2]);
      const all = await s2.logEntries(el.id, 0, 1000);
      expect(all.map((e) => e.index)).toEqual(all.map((_, i) => i));
    } finally {
      await a.close();
      await b.close();
    }
  });
}

describe('casts whose commit fails as the database goes down, SQLite', () => {
  let n = 0;
  contract(async () => {
    const path = join(dir, `two-${n++}.db`);
    return [await openStore(path), await openStore(path)];
  });
});

describeWithPg('casts whose commit fails as the database goes down, PostgreSQL', (server) => {
  contract(async () => {
    const url = await freshDatabase(server().url);
    return [await openStore(url), await openStore(url)];
  });
});
