/**
 * A PostgreSQL server for tests (see pg-plan.ts): the one `EVIDENT_PG_URL` names, or a throwaway
 * cluster (packages/load/src/pg-cluster.ts, shared with the benches) with `fsync` off (a test
 * cluster is thrown away; the store's own durability does not depend on it), stopped and removed
 * by {@link PgServer.stop}.
 * @module
 */
import { freePort, startPgCluster } from '@evident/load';
import pg from 'pg';

/** A server the tests may use. */
export interface PgServer {
  /** An administrator's URL (database `postgres`). */
  readonly url: string;
  /** The data folder of a cluster of ours (undefined for `EVIDENT_PG_URL`'s server). */
  readonly dataDir?: string;
  /** Stops the server (a cluster of ours: the data is kept for {@link PgServer.start}). */
  halt(): void;
  /** Starts a halted cluster again on the same port. */
  start(): void;
  /** Stops and removes a cluster of ours; nothing for a given server. */
  stop(): void;
}

/** A free loopback TCP port. */
export { freePort };

/**
 * The server of the plan: the given URL, or a new cluster (fsync off: it is thrown away).
 * @param plan - a plan with `url` or `bin`
 */
export async function startPgServer(
  plan: { readonly url: string } | { readonly bin: string },
): Promise<PgServer> {
  if ('url' in plan) {
    const nothing = (): void => undefined;
    return { url: plan.url, halt: nothing, start: nothing, stop: nothing };
  }
  const c = await startPgCluster({ bin: plan.bin, durable: false });
  return { url: c.url, dataDir: c.dataDir, halt: c.halt, start: c.start, stop: c.stop };
}

/** Runs `sql` as the administrator of `url`. */
export async function adminQuery(url: string, sql: string): Promise<void> {
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  try {
    await c.query(sql);
  } finally {
    await c.end();
  }
}

let counter = 0;
/** A unique name for a database or schema of this process. */
export function freshName(prefix: string): string {
  return `${prefix}_${process.pid}_${Date.now().toString(36)}_${counter++}`;
}

/** A new empty database on the server; its URL. */
export async function freshDatabase(adminUrl: string, prefix = 'evident_t'): Promise<string> {
  const name = freshName(prefix);
  await adminQuery(adminUrl, `CREATE DATABASE ${name}`);
  const u = new URL(adminUrl);
  u.pathname = `/${name}`;
  return u.toString();
}

/** A new empty schema in the database of `url`; the URL whose connections use it. */
export async function freshSchema(url: string, prefix = 'evident_s'): Promise<string> {
  const name = freshName(prefix);
  await adminQuery(url, `CREATE SCHEMA ${name}`);
  const u = new URL(url);
  u.searchParams.set('options', `-c search_path=${name}`);
  return u.toString();
}
