/**
 * `describeWithPg`: the `describe` of every suite that needs a PostgreSQL server (pg-plan.ts says
 * when it runs, is skipped or fails). The suite gets a server of its own for its file: a
 * throwaway cluster started in `beforeAll` and removed in `afterAll`, or the server of
 * `EVIDENT_PG_URL`.
 * @module
 */
import { afterAll, beforeAll, describe } from 'vitest';
import { PG_NOT_RUN_MARK, pgPlan } from './pg-plan.js';
import { startPgServer, type PgServer } from './pg-cluster.js';

/**
 * `describe` for a suite that needs PostgreSQL: `body` gets a function that returns the server
 * (valid inside tests and hooks). Skipped, with the reason in its title, or failing in its first
 * hook, as {@link pgPlan} says.
 */
export function describeWithPg(title: string, body: (server: () => PgServer) => void): void {
  const plan = pgPlan();
  if ('skip' in plan) {
    describe.skip(`${title} (${PG_NOT_RUN_MARK}${plan.skip})`, () => body(() => undefined as never));
    return;
  }
  describe(title, () => {
    let server: PgServer | undefined;
    beforeAll(async () => {
      if ('fail' in plan) throw new Error(plan.fail);
      server = await startPgServer(plan);
    });
    afterAll(() => server?.stop());
    body(() => {
      if (!server) throw new Error('no PostgreSQL server');
      return server;
    });
  });
}
