/**
 * Migrations are additive (spec/server-api.md §6.2, §11.8): a database of schema version 2 — made
 * by the migrations of the released server — opens with the current one, keeping its tokens, and
 * takes the paper channel's rows.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { hashToken, tokenRow } from '../auth/tokens.js';
import { MIGRATIONS } from './migrations.js';
import { openSqliteStore } from './sqlite-store.js';

const dir = mkdtempSync(join(tmpdir(), 'evd-migrate-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('migration 3 (paper channel)', () => {
  it('upgrades a version-2 database, keeping its tokens; station tokens, roll, check-ins and cancellations work', async () => {
    const path = join(dir, 'v2.db');
    const old = new Database(path);
    for (const m of MIGRATIONS.slice(0, 2)) old.exec(m);
    old.pragma('user_version = 2');
    old
      .prepare(
        "INSERT INTO tokens (id, token_hash, role, label, created_at, revoked, guardian) VALUES ('t1', ?, 'trustee', 'g1', 1, 0, 1)",
      )
      .run(hashToken('evd_old'));
    old.close();

    const store = openSqliteStore({ path });
    try {
      expect(await store.findToken(hashToken('evd_old'))).toMatchObject({ role: 'trustee', guardian: 1 });
      expect((await store.findToken(hashToken('evd_old')))!.station).toBeUndefined();
      const row = { ...tokenRow('evd_station', 'station', 'p1 laptop', 2), station: 'p1' };
      await store.commit([
        { kind: 'token', row },
        { kind: 'roll-voter', row: { electionId: 'e1', voterId: 'v1', station: 'p1', name: 'A' } },
        { kind: 'roll-voter', row: { electionId: 'e1', voterId: 'v1', station: 'p2', name: 'A' } },
        {
          kind: 'check-in',
          row: {
            electionId: 'e1',
            id: 'c1',
            voterId: 'v1',
            station: 'p1',
            checkedBy: 'w',
            document: 'id',
            at: '1',
            receivedAt: 3,
          },
        },
        {
          kind: 'check-in',
          row: {
            electionId: 'e1',
            id: 'c2',
            voterId: 'v1',
            station: 'p2',
            checkedBy: 'w',
            document: 'id',
            at: '2',
            receivedAt: 4,
          },
        },
        { kind: 'cancel-credential', electionId: 'e1', credential: 'AB', station: 'p1', logIndex: 9 },
      ]);
      expect((await store.findToken(hashToken('evd_station')))!.station).toBe('p1');
      expect((await store.rollEntries('e1', 'v1')).map((r) => r.station)).toEqual(['p1', 'p2']);
      expect(await store.stationCheckInCounts('e1', 'p1')).toEqual({ checkIns: 1, duplicates: 1 });
      expect(await store.stationCheckInCounts('e1', 'p3')).toEqual({ checkIns: 0, duplicates: 0 });
      expect((await store.duplicateCheckIns('e1')).map((c) => c.id)).toEqual(['c1', 'c2']);
      expect([await store.isCancelled('e1', 'AB'), await store.isCancelled('e1', 'CD')]).toEqual([
        true,
        false,
      ]);
    } finally {
      await store.close();
    }
    const again = new Database(path);
    expect(again.pragma('user_version', { simple: true })).toBe(MIGRATIONS.length);
    again.close();
  });
});
