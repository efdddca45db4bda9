import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { browserStation, type BrowserStation } from '../../test/browser-station.js';
import { tempStation } from '../../test/station-fixture.js';
import { createSession } from '../workers/sessions.js';
import { SESSION_COOKIE } from './session-guard.js';
import { buildStationUi } from './station-ui.js';
import { stationPages } from './station-pages.js';

describe('the pages `serve` adds to the station UI', () => {
  let st: BrowserStation;
  beforeAll(async () => {
    st = await browserStation();
  });
  afterAll(async () => st?.close());

  it('none before provisioning', () => {
    const t = tempStation();
    try {
      expect(stationPages(t.sdb, undefined)).toEqual([]);
    } finally {
      t.cleanup();
    }
  });

  it('without the station key: counting, no marking device, and signing a sheet refused with the reason on the page', async () => {
    const app = buildStationUi({ sdb: st.sdb, pages: stationPages(st.sdb, undefined) });
    await app.ready();
    const { token, session } = createSession(st.sdb.db, 'ana', Date.now());
    const headers = {
      cookie: `${SESSION_COOKIE}=${token}`,
      host: 'localhost',
      origin: 'http://localhost',
      'content-type': 'application/x-www-form-urlencoded',
    };
    const post = (path: string, extra = '') =>
      app.inject({ method: 'POST', url: `/count/${path}`, headers, payload: `csrf=${session.csrf}${extra}` });
    expect((await app.inject({ method: 'GET', url: '/bmd' })).statusCode).toBe(404);
    const count = await app.inject({ method: 'GET', url: '/count', headers });
    expect(count.statusCode).toBe(200);
    expect(count.body).toContain('<a href="/count">Counting</a>');
    expect(count.body).not.toContain('Marking device');
    expect((await post('start')).statusCode).toBe(303);
    expect((await post('finish')).statusCode).toBe(303);
    const sign = await post('sheet');
    expect(sign.statusCode).toBe(409);
    expect(sign.body).toContain(
      'the station key is not unlocked: restart `evident-station serve` with --passphrase-file',
    );
    await app.close();
  });

  it('with the station key: the marking device too', async () => {
    const res = await fetch(`${st.url}/bmd`);
    expect(res.status).toBe(200);
    expect(await res.text()).toContain('<legend>');
  });
});
