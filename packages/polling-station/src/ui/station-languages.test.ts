/**
 * The poll workers' pages in every language (spec/i18n.md): the catalog parses and formats in
 * each; `?lang=` chooses and is remembered in a cookie, else Accept-Language, else English;
 * `lang` and `dir` on the page, the one switcher; bad input refused in the worker's language —
 * a wrong PIN, a cross-site post, a malformed document, a voter already checked in, a voter not
 * on the roll.
 */
import { catalogProblems, LANGS, translator } from '@evident/i18n';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFakeServer, type FakeServer } from '../../test/fake-station-server.js';
import { fakeStation, provisionFrom, tempStation } from '../../test/station-fixture.js';
import { checkInCount } from '../pollbook/check-in.js';
import type { StationDb } from '../store/station-db.js';
import { addWorker } from '../workers/workers.js';
import { LANG_COOKIE } from './station-lang.js';
import { BMD_CATALOG } from '../bmd/bmd-strings.js';
import { COUNT_CATALOG } from '../count/count-strings.js';
import { STATION_CATALOG } from './station-strings.js';
import { buildStationUi } from './station-ui.js';

const A = fakeStation('S-A', 3);
const ORIGIN = { host: 'localhost:8080', origin: 'http://localhost:8080' };
const FORM = { 'content-type': 'application/x-www-form-urlencoded' };
const ar = translator(STATION_CATALOG, 'ar', 'UTC');
let server: FakeServer;
let sdb: StationDb;
let cleanup: () => void;
let app: FastifyInstance;

beforeAll(async () => {
  server = await startFakeServer({ stations: [A] });
  const t = tempStation();
  sdb = t.sdb;
  cleanup = t.cleanup;
  await provisionFrom(sdb, server.url, server.electionId, A);
  addWorker(sdb.db, { name: 'ana', secret: '246810', by: 'administrator', logN: 10 });
  app = buildStationUi({ sdb });
});
afterAll(async () => {
  await app?.close();
  cleanup?.();
  await server?.close();
});

const form = (o: Record<string, string>) => new URLSearchParams(o).toString();
const alertText = (body: string) => /role="alert"[^>]*>([^<]*)</.exec(body)?.[1];

describe('the station UI’s catalog', () => {
  it('parses and formats every message in every language (the UI’s, the counting page’s and the marking device’s)', () => {
    expect(catalogProblems(STATION_CATALOG)).toEqual([]);
    expect(catalogProblems(BMD_CATALOG)).toEqual([]);
    expect(catalogProblems(COUNT_CATALOG)).toEqual([]);
  });
  it('has the bad-input messages in Arabic script, not English', () => {
    for (const key of [
      'errSignIn',
      'errLocked',
      'errCsrf',
      'errDocType',
      'errDocLast',
      'errClosed',
      'errNotOnRoll',
      'errAlready',
    ] as const) {
      const texts = LANGS.map((l) =>
        translator(STATION_CATALOG, l)(key, { voter: 'V', at: new Date(0), by: 'b' }),
      );
      expect(new Set(texts).size, key).toBe(3);
      expect(texts[2], key).toMatch(/[\u0600-\u06ff]{3}/);
    }
  });
});

describe('the station UI’s language', () => {
  it('takes ?lang= and keeps it in a cookie; else Accept-Language; else English', async () => {
    const chosen = await app.inject({
      method: 'GET',
      url: '/sign-in?lang=ar',
      headers: { 'accept-language': 'fr' },
    });
    expect(chosen.body).toContain('<html lang="ar" dir="rtl">');
    expect(String(chosen.headers['set-cookie'])).toContain(`${LANG_COOKIE}=ar; Path=/; SameSite=Strict`);
    const kept = await app.inject({
      method: 'GET',
      url: '/sign-in',
      headers: { cookie: `${LANG_COOKIE}=ar`, 'accept-language': 'fr' },
    });
    expect(kept.body).toContain('<html lang="ar" dir="rtl">');
    expect(kept.body).toContain(`<label for="worker">${ar('workerName')}</label>`);
    const byHeader = await app.inject({
      method: 'GET',
      url: '/sign-in',
      headers: { 'accept-language': 'fr-BE, en;q=0.5' },
    });
    expect(byHeader.body).toContain('<html lang="fr" dir="ltr">');
    expect(byHeader.body).toContain('Votre nom (assesseur)');
    const none = await app.inject({ method: 'GET', url: '/sign-in', headers: { 'accept-language': 'de' } });
    expect(none.body).toContain('<html lang="en" dir="ltr">');
  });

  it('has one switcher, each language named in itself, links back to the same page', async () => {
    const r = await app.inject({ method: 'GET', url: '/sign-in?lang=fr' });
    expect(r.body.match(/<nav class="langs"/g)).toHaveLength(1);
    expect(r.body).toContain('<a href="/sign-in?lang=ar" hreflang="ar" lang="ar" dir="rtl">العربية</a>');
    expect(r.body).toContain('aria-current="true">Français</a>');
  });

  it('refuses bad input in the worker’s language, changing nothing', async () => {
    const cookieAr = `${LANG_COOKIE}=ar`;
    const wrong = await app.inject({
      method: 'POST',
      url: '/sign-in',
      headers: { ...ORIGIN, ...FORM, cookie: cookieAr },
      payload: form({ worker: 'ana', secret: '000000' }),
    });
    expect(wrong.statusCode).toBe(401);
    expect(alertText(wrong.body)).toBe(ar('errSignIn'));
    const cross = await app.inject({
      method: 'POST',
      url: '/sign-in',
      headers: { host: 'localhost:8080', origin: 'http://evil.example', ...FORM, cookie: cookieAr },
      payload: form({ worker: 'ana', secret: '246810' }),
    });
    expect(cross.statusCode).toBe(403);
    expect(cross.body).toBe(ar('errCsrfSignIn'));

    const signed = await app.inject({
      method: 'POST',
      url: '/sign-in',
      headers: { ...ORIGIN, ...FORM },
      payload: form({ worker: 'ana', secret: '246810' }),
    });
    const session = String(signed.headers['set-cookie']).split(';')[0]!;
    const cookie = `${session}; ${cookieAr}`;
    const page = await app.inject({ method: 'GET', url: '/check-in?q=S-A-V00000', headers: { cookie } });
    expect(page.body).toContain('<html lang="ar" dir="rtl">');
    expect(page.body).toContain('<td><bdi dir="ltr">S-A-V00000</bdi></td>');
    const csrf = /name="csrf" value="([0-9A-F]{64})"/.exec(page.body)![1]!;
    const post = (o: Record<string, string>) =>
      app.inject({
        method: 'POST',
        url: '/check-in',
        headers: { ...ORIGIN, ...FORM, cookie },
        payload: form({ csrf, ...o }),
      });
    const before = checkInCount(sdb.db);
    const badType = await post({ voterId: 'S-A-V00000', documentType: 'library-card', documentLast: '42AB' });
    expect([badType.statusCode, alertText(badType.body)]).toEqual([400, ar('errDocType')]);
    const whole = await post({ voterId: 'S-A-V00000', documentType: 'passport', documentLast: '123456789' });
    expect([whole.statusCode, alertText(whole.body)]).toEqual([400, ar('errDocLast')]);
    const stranger = await post({ voterId: 'Z-9', documentType: 'passport', documentLast: '42AB' });
    expect([stranger.statusCode, alertText(stranger.body)]).toEqual([
      409,
      ar('errNotOnRoll', { voter: 'Z-9' }),
    ]);
    expect(checkInCount(sdb.db)).toBe(before);
    expect(
      (await post({ voterId: 'S-A-V00000', documentType: 'passport', documentLast: '42AB' })).statusCode,
    ).toBe(303);
    const again = await post({ voterId: 'S-A-V00000', documentType: 'passport', documentLast: '42AB' });
    expect(again.statusCode).toBe(409);
    expect(alertText(again.body)).toMatch(
      /^سبق تسجيل حضور الناخب S-A-V00000 .* بواسطة ana: يصوّت الناخب مرة واحدة\.$/,
    );
    const forged = await post({
      csrf: '00'.repeat(32),
      voterId: 'S-A-V00001',
      documentType: 'passport',
      documentLast: '42AB',
    });
    expect([forged.statusCode, forged.body]).toEqual([403, ar('errCsrf')]);
    expect(checkInCount(sdb.db)).toBe(before + 1);
    const status = await app.inject({ method: 'GET', url: '/status', headers: { cookie } });
    expect(status.body).toContain(`<th scope="row">${ar('rowCheckIns')}</th>`);
  });
});
