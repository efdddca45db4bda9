import { describe, expect, it } from 'vitest';
import Database from 'better-sqlite3';
import { join } from 'node:path';
import { listActions, openStationDb, recordAction, STATION_DB_VERSION } from './station-db.js';
import { tempStation } from '../../test/station-fixture.js';

describe('openStationDb', () => {
  it('creates the schema in WAL mode at the current version, and reopens without migrating again', () => {
    const t = tempStation();
    try {
      expect(t.sdb.db.pragma('journal_mode', { simple: true })).toBe('wal');
      expect(t.sdb.db.pragma('user_version', { simple: true })).toBe(STATION_DB_VERSION);
      recordAction(
        t.sdb.db,
        { worker: 'ana', action: 'check-in', detail: { voterId: 'V1' } },
        Date.UTC(2026, 5, 7, 9),
      );
      t.sdb.close();
      const again = openStationDb(t.dir);
      expect(listActions(again.db)).toEqual([
        {
          seq: 1,
          at: '2026-06-07T09:00:00.000Z',
          worker: 'ana',
          action: 'check-in',
          detail: { voterId: 'V1' },
        },
      ]);
      again.close();
    } finally {
      t.cleanup();
    }
  });

  it('refuses a database written by a newer version, naming the file', () => {
    const t = tempStation();
    t.sdb.close();
    const raw = new Database(join(t.dir, 'station.db'));
    raw.pragma(`user_version = ${STATION_DB_VERSION + 1}`);
    raw.close();
    expect(() => openStationDb(t.dir)).toThrow(/station\.db: schema version/);
    t.cleanup();
  });
});

describe('recordAction', () => {
  it('refuses an action without a worker, and a detail field named like a secret', () => {
    const t = tempStation();
    try {
      expect(() => recordAction(t.sdb.db, { worker: '', action: 'x' })).toThrow(/worker/);
      expect(() => recordAction(t.sdb.db, { worker: 'ana', action: 'x', detail: { pin: '123456' } })).toThrow(
        /detail\.pin/,
      );
      expect(() =>
        recordAction(t.sdb.db, { worker: 'ana', action: 'x', detail: { a: { passphrase: 'p' } } }),
      ).toThrow(/detail\.a\.passphrase/);
      expect(listActions(t.sdb.db)).toEqual([]);
    } finally {
      t.cleanup();
    }
  });

  it('lists the last lines in order', () => {
    const t = tempStation();
    try {
      for (const a of ['one', 'two', 'three']) recordAction(t.sdb.db, { worker: 'ana', action: a });
      expect(listActions(t.sdb.db, 2).map((a) => a.action)).toEqual(['two', 'three']);
    } finally {
      t.cleanup();
    }
  });
});
