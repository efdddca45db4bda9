/**
 * Several `evident-server` processes on one store, for the tests of spec/server-api.md §6.6:
 * {@link sharedDb} names a SQLite store (a temporary file, or `EVIDENT_CLUSTER_DB` when set; the
 * tests also run every suite on a fresh PostgreSQL database, tests/support/cluster-stores.ts),
 * {@link startNode} starts a node on a store.
 * @module
 */
import { join } from 'node:path';
import { compiledCli, startServer, type ServerProcess } from '../testing/http.js';

/** The administrator token every node of the test cluster is started with (≥ 32 characters). */
export const CLUSTER_ADMIN = 'evd_cluster-admin-0123456789abcdef01';

/**
 * The `--db` value of a SQLite store the nodes share: `EVIDENT_CLUSTER_DB` when set (any `--db`
 * value, e.g. `postgres://…`), else a SQLite file in `dir`.
 */
export function sharedDb(dir: string, name = 'shared.db'): string {
  return process.env['EVIDENT_CLUSTER_DB'] ?? join(dir, name);
}

/** Options of {@link startNode}. */
export interface NodeOptions {
  /** Verification worker threads (default 1: two nodes share the machine's cores). */
  readonly workers?: number;
  /** Extra environment. */
  readonly env?: Record<string, string>;
  /** Extra command-line arguments (e.g. `--db-read URL`). */
  readonly args?: readonly string[];
}

/**
 * Starts one node (the real CLI, `--port 0`) on store `db`.
 * @throws {Error} when the CLI is not built, or the node does not start
 */
export function startNode(db: string, o: NodeOptions = {}): Promise<ServerProcess> {
  const cli = compiledCli();
  if (!cli) throw new Error('packages/server/dist/cli.js missing: run `npx tsc -b` first');
  const args = ['--db', db, '--host', '127.0.0.1', '--port', '0', '--workers', String(o.workers ?? 1)];
  return startServer(cli, [...args, '--rate-limit', '0', ...(o.args ?? [])], {
    EVIDENT_ADMIN_TOKEN: CLUSTER_ADMIN,
    ...o.env,
  });
}
