import { describe, expect, it } from 'vitest';
import Database from 'better-sqlite3';
import { testStation } from '../../test/count-fixture.js';
import { rejectionCounts } from './scan-ballot.js';
import { stationSheets } from './tally-sheet-make.js';
import { ensureCountTables } from './count-tables.js';

describe('the counting tables', () => {
  it('are created once, idempotently, beside other tables', () => {
    const db = new Database(':memory:');
    db.exec('CREATE TABLE other (x)');
    ensureCountTables(db);
    ensureCountTables(db);
    const names = (
      db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name").all() as {
        name: string;
      }[]
    ).map((r) => r.name);
    expect(names).toEqual([
      'count_choices',
      'count_pending',
      'count_rejections',
      'count_serials',
      'count_session',
      'count_sheets',
      'other',
    ]);
  });

  it('reading a fresh station needs no prior step', () => {
    const t = testStation();
    expect(stationSheets(t.env)).toEqual([]);
    expect(Object.values(rejectionCounts(t.env))).toEqual([0, 0, 0, 0, 0, 0]);
  });
});
