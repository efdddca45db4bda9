/**
 * `describeOnStores`: a several-node suite (tests/cluster-*.test.ts) on both stores the nodes can
 * share — a temporary SQLite file, and a fresh PostgreSQL database (a throwaway cluster of the
 * file's own, or `EVIDENT_PG_URL`'s server; skipped with the reason, or failing under CI=true,
 * as pg-plan.ts says). The body gets the shared store's `--db` value and a temporary folder.
 * @module
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe } from 'vitest';
import { sharedDb } from '../../packages/server/src/cluster/cluster-nodes.js';
import { compiledCli } from '../../packages/server/src/testing/http.js';
import { adminQuery, freshDatabase, type PgServer } from './pg-cluster.js';
import { describeWithPg } from './pg.js';

/** What a suite body gets: valid inside tests and hooks. */
export interface SharedStore {
  /** The `--db` value every node of the suite shares. */
  readonly db: () => string;
  /** A temporary folder of the suite (records, SQLite file), removed after it. */
  readonly dir: () => string;
  /** The PostgreSQL server (undefined on SQLite). */
  readonly pg: () => PgServer | undefined;
}

/** Runs `body` as a suite on SQLite and as a suite on PostgreSQL (when the CLI is built). */
export function describeOnStores(title: string, body: (s: SharedStore) => void): void {
  const cli = compiledCli();
  describe.skipIf(!cli)(`${title} (SQLite)`, () => {
    // made in a hook: a skipped suite's body runs too, its hooks do not
    let dir: string | undefined;
    beforeAll(() => void (dir = mkdtempSync(join(tmpdir(), 'evident-cluster-'))));
    afterAll(() => dir && rmSync(dir, { recursive: true, force: true }));
    const made = (): string => {
      if (!dir) throw new Error('no folder yet');
      return dir;
    };
    body({ db: () => sharedDb(made()), dir: made, pg: () => undefined });
  });
  if (!cli) return;
  describeWithPg(`${title} (PostgreSQL)`, (server) => {
    let dir: string | undefined;
    let db: string | undefined;
    beforeAll(async () => {
      dir = mkdtempSync(join(tmpdir(), 'evident-cluster-pg-'));
      db = await freshDatabase(server().url, 'evident_cluster');
    });
    afterAll(async () => {
      if (dir) rmSync(dir, { recursive: true, force: true });
      // EVIDENT_PG_URL's server keeps running: drop the database (a cluster of ours is removed)
      if (db && server().dataDir === undefined) {
        const name = new URL(db).pathname.slice(1);
        await adminQuery(server().url, `DROP DATABASE IF EXISTS ${name} WITH (FORCE)`).catch(() => undefined);
      }
    });
    body({
      db: () => {
        if (!db) throw new Error('no PostgreSQL database yet');
        return db;
      },
      dir: () => {
        if (!dir) throw new Error('no folder yet');
        return dir;
      },
      pg: server,
    });
  });
}
