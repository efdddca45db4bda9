/**
 * PostgreSQL stopped under requests (spec/server-api.md §6.3): the server answers 503
 * `EVD_ERR_UNAVAILABLE` with `Retry-After`, never 500; once PostgreSQL is back, it answers again
 * without a restart. The store throws StoreUnavailableError for a lost connection.
 */
import { expect, it } from 'vitest';
import { buildApp } from '../app.js';
import { freshDatabase } from '../../../../tests/support/pg-cluster.js';
import { describeWithPg } from '../../../../tests/support/pg.js';
import { openStore } from './open-store.js';
import { StoreUnavailableError } from './store.js';

const ADMIN = 'a'.repeat(64);

describeWithPg('PostgreSQL stopped under requests', (server) => {
  it('answers 503 with Retry-After while it is down, and recovers by itself', async (ctx) => {
    if (server().dataDir === undefined) return ctx.skip(); // EVIDENT_PG_URL's server is not ours to stop
    const db = await freshDatabase(server().url);
    const app = await buildApp({ db, adminToken: ADMIN });
    const store = await openStore(db);
    const auth = { authorization: `Bearer ${ADMIN}` };
    const requests = () =>
      Promise.all([
        app.inject({ method: 'GET', url: '/admin/tokens', headers: auth }),
        app.inject({ method: 'GET', url: '/elections/nope/report.json' }),
      ]);
    try {
      const up = await requests();
      expect(up.map((r) => r.statusCode)).toEqual([200, 404]);

      // requests in flight while the server stops, then requests while it is down
      const during = requests();
      server().halt();
      for (const r of [...(await during), ...(await requests())]) {
        if (r.statusCode === 503) {
          expect(r.json().code).toBe('EVD_ERR_UNAVAILABLE');
          expect(Number(r.headers['retry-after'])).toBeGreaterThan(0);
        } else expect([200, 404]).toContain(r.statusCode);
      }
      const down = await requests();
      expect(down.map((r) => r.statusCode)).toEqual([503, 503]);
      expect(down.map((r) => r.json().code)).toEqual(['EVD_ERR_UNAVAILABLE', 'EVD_ERR_UNAVAILABLE']);
      expect(down.every((r) => Number(r.headers['retry-after']) > 0)).toBe(true);
      await expect(store.getElection('x')).rejects.toBeInstanceOf(StoreUnavailableError);
      await expect(store.commit([{ kind: 'meta', key: 'k', value: 'v' }])).rejects.toBeInstanceOf(
        StoreUnavailableError,
      );
      await expect(store.writeBatch(async () => ({ mutations: [], value: 1 }))).rejects.toBeInstanceOf(
        StoreUnavailableError,
      );

      server().start();
      let again = await requests();
      for (let i = 0; i < 50 && again.some((r) => r.statusCode === 503); i++) {
        await new Promise((r) => setTimeout(r, 100));
        again = await requests();
      }
      expect(again.map((r) => r.statusCode)).toEqual([200, 404]);
      expect(await store.getMeta('k')).toBeUndefined();
    } finally {
      await app.close();
      await store.close();
    }
  });
});
