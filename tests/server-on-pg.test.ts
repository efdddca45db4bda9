/**
 * The `postgres` project runs the server's suite on PostgreSQL (vitest.config.ts,
 * support/pg-app-store.ts): this file checks that it does (an app built with no store is on
 * PostgreSQL, each on a schema of its own, a path reopened is the same store), and is the one
 * suite skipped, with the reason, when there is no PostgreSQL.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../packages/server/src/app.js';
import { PG_NOT_RUN_MARK, pgPlan } from './support/pg-plan.js';

const TITLE = 'the server’s suite on PostgreSQL';
const plan = pgPlan();
const describeOnPg = (body: () => void) =>
  'skip' in plan ? describe.skip(`${TITLE} (${PG_NOT_RUN_MARK}${plan.skip})`, body) : describe(TITLE, body);

describeOnPg(() => {
  if ('fail' in plan)
    beforeAll(() => {
      throw new Error(plan.fail);
    });
  it('gives each app a PostgreSQL store of its own, and the same one for a path opened again', async () => {
    const [a, b] = [await buildApp(), await buildApp()];
    expect(a.evident.store.kind).toBe('postgres');
    await a.evident.store.commit([{ kind: 'meta', key: 'only-in-a', value: '1' }]);
    expect(await b.evident.store.getMeta('only-in-a')).toBeUndefined();
    await Promise.all([a.close(), b.close()]);
    const path = `/nonexistent/${Date.now()}.db`;
    const c = await buildApp({ dbPath: path });
    await c.evident.store.commit([{ kind: 'meta', key: 'kept', value: '2' }]);
    await c.close();
    const d = await buildApp({ dbPath: path });
    expect(await d.evident.store.getMeta('kept')).toBe('2');
    await d.close();
  });
});
