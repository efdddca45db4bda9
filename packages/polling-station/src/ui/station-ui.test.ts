import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { listActions, type StationDb } from '../store/station-db.js';
import { startFakeServer, type FakeServer } from '../../test/fake-station-server.js';
import { fakeStation, provisionFrom, tempStation } from '../../test/station-fixture.js';
import { addWorker } from '../workers/workers.js';
import { checkInCount } from '../pollbook/check-in.js';
import { buildStationUi, serveStationUi } from './station-ui.js';
import { page } from './html.js';

const A = fakeStation('S-A', 3);
let server: FakeServer;
let sdb: StationDb;
let cleanup: () => void;
let app: FastifyInstance;
const ORIGIN = { host: 'localhost:8080', origin: 'http://localhost:8080' };

beforeAll(async () => {
  server = await startFakeServer({ stations: [A] });
  const t = tempStation();
  sdb = t.sdb;
  cleanup = t.cleanup;
  await provisionFrom(sdb, server.url, server.electionId, A);
  addWorker(sdb.db, { name: 'ana', secret: '246810', by: 'administrator', logN: 10 });
  app = buildStationUi({
    sdb,
    pages: [
      {
        register: (a, ctx) =>
          a.get('/count', async (_r, reply) =>
            reply.type('text/html').send(page({ title: 'Count', nav: ctx.nav }, '')),
          ),
        nav: [{ href: '/count', label: 'Count' }],
      },
    ],
  });
});
afterAll(async () => {
  await app.close();
  cleanup();
  await server.close();
});

const form = (o: Record<string, string>) => new URLSearchParams(o).toString();

/** Ana's sign-in with `secret`, posted from the station's own page. */
const postSignIn = (secret: string) =>
  app.inject({
    method: 'POST',
    url: '/sign-in',
    headers: { ...ORIGIN, 'content-type': 'application/x-www-form-urlencoded' },
    payload: form({ worker: 'ana', secret }),
  });

async function signedIn(): Promise<{ cookie: string; csrf: string }> {
  const r = await postSignIn('246810');
  expect(r.statusCode).toBe(303);
  const cookie = String(r.headers['set-cookie']).split(';')[0]!;
  expect(String(r.headers['set-cookie'])).toMatch(/HttpOnly; SameSite=Strict/);
  const p = await app.inject({ method: 'GET', url: '/check-in?q=S-A-V00000', headers: { cookie } });
  const csrf = /name="csrf" value="([0-9A-F]{64})"/.exec(p.body)![1]!;
  return { cookie, csrf };
}

describe('station UI', () => {
  it('sends a visitor without a session to an accessible sign-in page', async () => {
    const r = await app.inject({ method: 'GET', url: '/check-in' });
    expect(r.statusCode).toBe(303);
    expect(r.headers.location).toBe('/sign-in');
    const p = await app.inject({ method: 'GET', url: '/sign-in' });
    expect(p.body).toContain('<html lang="en" dir="ltr">');
    expect(p.body).toMatch(/<label for="worker">[^<]+<\/label><br><input id="worker"/);
    expect(p.body).toMatch(
      /<label for="secret">[^<]+<\/label><br><input id="secret" name="secret" type="password"/,
    );
    expect(p.body).toContain('autofocus');
  });

  it('refuses a wrong PIN with an alert, and a cross-site sign-in', async () => {
    const bad = await postSignIn('000000');
    expect(bad.statusCode).toBe(401);
    expect(bad.body).toMatch(/role="alert"[^>]*>Unknown worker or wrong PIN or passphrase\./);
    const cross = await app.inject({
      method: 'POST',
      url: '/sign-in',
      headers: {
        host: 'localhost:8080',
        origin: 'http://evil.example',
        'content-type': 'application/x-www-form-urlencoded',
      },
      payload: form({ worker: 'ana', secret: '246810' }),
    });
    expect(cross.statusCode).toBe(403);
  });

  it('searches and checks a voter in, in the signed-in worker’s name; a second time is refused with the reason', async () => {
    const { cookie, csrf } = await signedIn();
    const search = await app.inject({
      method: 'GET',
      url: '/check-in?q=voter%20s-a%201',
      headers: { cookie },
    });
    expect(search.body).toContain('Voter S-A 1');
    expect(search.body).toMatch(/<label for="last-S-A-V00001">/);
    const post = (o: Record<string, string>, h: Record<string, string> = ORIGIN) =>
      app.inject({
        method: 'POST',
        url: '/check-in',
        headers: { ...h, cookie, 'content-type': 'application/x-www-form-urlencoded' },
        payload: form(o),
      });
    const ok = await post({ csrf, voterId: 'S-A-V00001', documentType: 'passport', documentLast: '42AB' });
    expect(ok.statusCode).toBe(303);
    expect(ok.headers.location).toBe('/check-in?done=S-A-V00001');
    expect(listActions(sdb.db).at(-1)).toMatchObject({ worker: 'ana', action: 'check-in' });
    const again = await post({ csrf, voterId: 'S-A-V00001', documentType: 'passport', documentLast: '42AB' });
    expect(again.statusCode).toBe(409);
    expect(again.body).toMatch(
      /role="alert"[^>]*>Voter S-A-V00001 \(Voter S-A 1\) was already checked in at this station on .+ by ana: a voter votes once\./,
    );
    const whole = await post({
      csrf,
      voterId: 'S-A-V00002',
      documentType: 'passport',
      documentLast: '123456789',
    });
    expect(whole.statusCode).toBe(400);
    expect(checkInCount(sdb.db)).toBe(1);
  });

  it('refuses a post without the session’s CSRF token or from another origin (CSRF)', async () => {
    const { cookie, csrf } = await signedIn();
    const before = checkInCount(sdb.db);
    const post = (o: Record<string, string>, h: Record<string, string>) =>
      app.inject({
        method: 'POST',
        url: '/check-in',
        headers: { ...h, cookie, 'content-type': 'application/x-www-form-urlencoded' },
        payload: form(o),
      });
    const body = { voterId: 'S-A-V00002', documentType: 'passport', documentLast: '42AB' };
    expect((await post({ ...body, csrf: '00'.repeat(32) }, ORIGIN)).statusCode).toBe(403);
    expect(
      (await post({ ...body, csrf }, { host: 'localhost:8080', origin: 'http://evil.example' })).statusCode,
    ).toBe(403);
    expect((await post({ ...body, csrf }, { host: 'localhost:8080' })).statusCode).toBe(403);
    expect(checkInCount(sdb.db)).toBe(before);
  });

  it('shows the status, and the pages another part registered, in the navigation', async () => {
    const { cookie } = await signedIn();
    const r = await app.inject({ method: 'GET', url: '/status', headers: { cookie } });
    expect(r.statusCode).toBe(200);
    expect(r.body).toMatch(/Waiting to be sent<\/th><td>\d+/);
    expect(r.body).toMatch(/Clock offset \(server − station\)<\/th><td>-?\d+\.\d s, measured/);
    expect(r.body).toContain('<a href="/count">Count</a>');
    expect(r.body).toMatch(/<h2>Recent actions<\/h2>.*<td>ana<\/td><td>sign-in<\/td>/s);
    expect((await app.inject({ method: 'GET', url: '/count' })).statusCode).toBe(200);
  });

  it('listens on 127.0.0.1 only', async () => {
    const ui = buildStationUi({ sdb });
    try {
      const url = await serveStationUi(ui, 0);
      expect(new URL(url).hostname).toBe('127.0.0.1');
      expect(ui.addresses().map((a) => (typeof a === 'string' ? a : a.address))).toEqual(['127.0.0.1']);
    } finally {
      await ui.close();
    }
  });
});
