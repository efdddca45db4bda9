/**
 * `--db-read` (spec/server-api.md §6.7) with a store that cannot have a replica: refused before
 * anything is opened, naming the flag. (The replica itself: tests/cluster-pg-replica.test.ts.)
 */
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { openStore, StoreOpenError } from './open-store.js';

describe('--db-read', () => {
  it('is refused with a SQLite --db, or a replica that is not a PostgreSQL URL, creating no file', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'evident-db-read-'));
    try {
      for (const [db, readDb] of [
        [join(dir, 'a.db'), 'postgres://127.0.0.1:1/x'],
        ['postgres://127.0.0.1:1/x', join(dir, 'b.db')],
      ] as const) {
        const opening = openStore(db, { readDb });
        await expect(opening).rejects.toBeInstanceOf(StoreOpenError);
        await expect(opening).rejects.toThrow(/^--db-read: a PostgreSQL replica .*both postgres:\/\//);
      }
      expect(readdirSync(dir)).toEqual([]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
