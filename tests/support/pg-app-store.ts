/**
 * Setup file of the `postgres` project (vitest.config.ts): the server's whole suite on
 * PostgreSQL. Every store the tests open by name through `openStore` (which `buildApp` and the
 * export command use) is a PostgreSQL schema in the run's database (pg-global-setup.ts) instead
 * of a SQLite file: `:memory:` a new schema each time, a file path the same schema each time
 * the path is opened again (a restart). Stores the tests open explicitly (`openSqliteStore`,
 * `store:`) are unchanged. Production code has no test branch: this module replaces the function.
 * Tests that start the command in a child process (durability.test.ts) read a database of their
 * own from `EVIDENT_TEST_PG_DB`.
 * @module
 */
import { createHash } from 'node:crypto';
import { inject, vi } from 'vitest';
import { adminQuery, freshName, freshSchema } from './pg-cluster.js';

process.env['EVIDENT_TEST_PG_DB'] = await freshSchema(inject('evidentPgUrl'), 'c');

vi.mock('../../packages/server/src/store/open-store.js', async (importOriginal) => {
  const real = await importOriginal<typeof import('../../packages/server/src/store/open-store.js')>();
  const db = inject('evidentPgUrl');
  const schemaOf = (path: string): string =>
    path === ':memory:'
      ? freshName('m')
      : `f_${createHash('sha256').update(path).digest('hex').slice(0, 24)}`;
  return {
    ...real,
    async openStore(name: string, opts?: Parameters<typeof real.openStore>[1]) {
      if (real.isPostgresUrl(name)) return real.openStore(name, opts);
      const schema = schemaOf(name);
      await adminQuery(db, `CREATE SCHEMA IF NOT EXISTS ${schema}`);
      const url = new URL(db);
      url.searchParams.set('options', `-c search_path=${schema}`);
      return real.openStore(url.toString(), opts);
    },
  };
});
