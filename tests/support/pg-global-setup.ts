/**
 * vitest `globalSetup` of the `postgres` project (vitest.config.ts): one PostgreSQL server for the
 * whole run (a throwaway cluster, or EVIDENT_PG_URL's server) and one database in it, whose URL
 * the test files get as `inject('evidentPgUrl')`; pg-app-store.ts gives every app a schema of its
 * own in that database. At the end the database is dropped and the cluster removed.
 * @module
 */
import type { TestProject } from 'vitest/node';
import { adminQuery, freshDatabase, startPgServer } from './pg-cluster.js';
import { pgPlan, runsPg } from './pg-plan.js';

declare module 'vitest' {
  export interface ProvidedContext {
    /** The run's database for the server's suite on PostgreSQL. */
    evidentPgUrl: string;
  }
}

export default async function setup(project: TestProject): Promise<(() => Promise<void>) | undefined> {
  const plan = pgPlan();
  if (!runsPg(plan)) return undefined;
  const server = await startPgServer(plan);
  const db = await freshDatabase(server.url, 'evident_suite');
  project.provide('evidentPgUrl', db);
  return async () => {
    if ('url' in plan) {
      const name = new URL(db).pathname.slice(1);
      await adminQuery(server.url, `DROP DATABASE IF EXISTS ${name} WITH (FORCE)`).catch(() => undefined);
    }
    server.stop();
  };
}
