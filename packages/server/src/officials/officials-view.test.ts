/**
 * The officials' page without a browser: its words in every language (each kind the rules record
 * is named, plurals per language), the rows newest first, and its routes (shell with `lang` and
 * `dir`, CSP, 404 page, script and style sheet).
 */
import { LANGS } from '@evident/i18n';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../app.js';
import { injectCall, setUpElection } from '../testing/local-election.js';
import { OFFICIALS_PAGE_CSP } from './officials-page-html.js';
import { ALERT_KINDS } from './officials-strings.js';
import { alertRows, newAlerts, officialsText } from './officials-view.js';

const ADMIN = 'evd_officials-view-admin';
const alert = (id: number, kind: string, station: string | null = 'p1') => ({
  id,
  time: Date.parse('2026-05-10T15:30:00Z') + id * 1000,
  kind,
  station,
  reason: `reason ${id}`,
  address: id === 1 ? 'server' : '192.0.2.9',
});

describe("the officials' page's words", () => {
  it('names every kind the rules record, in every language, each differently', () => {
    for (const lang of LANGS) {
      const names = Object.keys(ALERT_KINDS).map((k) => alertRows([alert(1, k)], lang)[0]!.kindName);
      expect(new Set(names).size).toBe(names.length);
      for (const n of names) expect(n).not.toMatch(/^anomaly-/);
    }
  });

  it('formats counts with each language’s plurals', () => {
    expect(officialsText('en')('count', { n: 0 })).toBe('No alert so far.');
    expect(officialsText('en')('count', { n: 1 })).toBe('1 alert.');
    expect(officialsText('fr')('count', { n: 2 })).toBe('2 alertes.');
    expect(officialsText('ar')('count', { n: 2 })).toBe('تنبيهان.');
    expect(officialsText('ar')('count', { n: 3 })).toBe(`${new Intl.NumberFormat('ar').format(3)} تنبيهات.`);
  });
});

describe('alert rows', () => {
  it('puts the newest first and names an unknown kind by its code', () => {
    const rows = alertRows(
      [
        alert(1, 'anomaly-station-silent'),
        alert(3, 'anomaly-new-rule', null),
        alert(2, 'anomaly-sheet-corrections'),
      ],
      'en',
    );
    expect(rows.map((r) => r.id)).toEqual([3, 2, 1]);
    expect(rows[0]!.kindName).toBe('anomaly-new-rule');
    expect(rows[0]!.station).toBe('—');
    expect(rows[2]!.kindName).toBe('Station silent past counting time');
    expect(rows[2]!.datetime).toBe('2026-05-10T15:30:01.000Z');
    expect(rows.map((r) => r.address)).toEqual(['192.0.2.9', '192.0.2.9', '—']); // the server's own: a dash
  });

  it('tells the new alerts from those shown', () => {
    expect(newAlerts([alert(1, 'x')], [alert(2, 'y'), alert(1, 'x')]).map((a) => a.id)).toEqual([2]);
  });
});

describe("the officials' page's routes", () => {
  let app: Awaited<ReturnType<typeof buildApp>>;
  beforeAll(async () => {
    app = await buildApp({ adminToken: ADMIN, rateLimit: false });
    await setUpElection(injectCall(app), ADMIN, { id: 'e1', voters: 1 });
  });
  afterAll(async () => app.close());

  it('serves the shell in the language asked, right to left in Arabic, with its CSP', async () => {
    for (const [lang, dir, title] of [
      ['en', 'ltr', 'Security alerts'],
      ['fr', 'ltr', 'Alertes de sécurité'],
      ['ar', 'rtl', 'تنبيهات الأمن'],
    ] as const) {
      const r = await app.inject({ url: `/officials/e1?lang=${lang}` });
      expect(r.statusCode).toBe(200);
      expect(r.headers['content-security-policy']).toBe(OFFICIALS_PAGE_CSP);
      expect(r.body).toContain(`<html lang="${lang}" dir="${dir}">`);
      expect(r.body).toContain(`<h1>${title}</h1>`);
      expect(r.body).not.toContain(ADMIN);
    }
    expect((await app.inject({ url: '/officials/e1?lang=xx' })).body).toContain('<html lang="en" dir="ltr">');
  });

  it('answers a 404 page for an unknown election, and serves its script and style sheet', async () => {
    const r = await app.inject({ url: '/officials/nope?lang=fr' });
    expect(r.statusCode).toBe(404);
    expect(r.body).toContain('Alertes de sécurité');
    const css = await app.inject({ url: '/officials/assets/officials.css' });
    expect(css.statusCode).toBe(200);
    expect(css.body).not.toMatch(/\b(left|right)\s*:/); // logical properties only (right to left)
    const js = await app.inject({ url: '/officials/assets/officials.js' });
    expect(js.statusCode).toBe(200);
    expect(js.headers['content-type']).toContain('text/javascript');
  });
});
