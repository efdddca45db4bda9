/**
 * The report routes (spec/server-api.md §12.7): 409 before the results, then the report of the
 * server's own export in every format and language — its figures the published results' — public
 * without incidents, with them for an observer; a station's refused sheet is among them.
 */
import { LANGS, formatNumber } from '@evident/i18n';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type ElectionReport, main as evidentReport } from '@evident/report';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../app.js';
import {
  castBallot,
  injectCall,
  mustCall,
  setUpElection,
  type Call,
  type LocalElection,
} from '../testing/local-election.js';
import { closeAndDecrypt } from '../testing/run-election.js';
import { exportRecord } from '../record/export-record.js';
import { registerStation, stationsManifest } from '../testing/station-election.js';

const ADMIN = 'evd_report-admin';
let app: Awaited<ReturnType<typeof buildApp>>;
let call: Call;
let el: LocalElection;
let observer: string;

const get = (path: string, token?: string) =>
  app.inject({ method: 'GET', url: path, headers: token ? { authorization: `Bearer ${token}` } : {} });

beforeAll(async () => {
  app = await buildApp({ adminToken: ADMIN, rateLimit: false });
  call = injectCall(app);
  const must = mustCall(call, ADMIN);
  // the election's name in Arabic, and in French with characters the PDF's font lacks
  const manifest = {
    ...stationsManifest(['p1']),
    name: { en: 'Test election', fr: 'Élection 选举', ar: 'انتخابات تجريبية' },
  };
  el = await setUpElection(call, ADMIN, { voters: 3, open: false, manifest });
  const p1 = await registerStation(must, el.id, 'p1');
  await must('POST', `/elections/${el.id}/open`);
  observer = (await must('POST', '/admin/tokens', { role: 'observer', label: 'press' })).token as string;
  for (const [voter, option] of [
    ['voter-1', 'o1'],
    ['voter-2', 'o2'],
    ['voter-3', 'o2'],
  ] as const)
    expect((await castBallot(call, el, voter, option)).r.status).toBe(200);
  // a sheet refused (it is no sheet): a security event of the election, kind sheet-refused
  const refused = await call(
    'POST',
    `/elections/${el.id}/stations/p1/sheets`,
    { signed: { sheet: {} } },
    p1.token,
  );
  expect(refused.status).toBeGreaterThanOrEqual(400);
  expect((await get(`/elections/${el.id}/report.json`)).statusCode).toBe(409);
  await must('POST', `/elections/${el.id}/stations/p1/exclusion`, { reason: 'the station did not open' });
  await closeAndDecrypt(call, ADMIN, el, 3, 2);
}, 120_000);
afterAll(async () => app.close());

describe('GET /elections/{id}/report.{format}', () => {
  it('answers 409 before the results (above), 404 for an unknown election, 400 for an unknown format', async () => {
    expect((await get('/elections/nope/report.json')).json().code).toBe('EVD_ERR_NOT_FOUND');
    expect((await get(`/elections/${el.id}/report.docx`)).statusCode).toBe(400);
  });

  it('the public JSON report: the published result, verified, incidents not included', async () => {
    const r = (await get(`/elections/${el.id}/report.json`)).json() as ElectionReport;
    const results = (await get(`/elections/${el.id}/results`)).json() as {
      results: { contests: { label: string; selections: { label: string; value: number }[] }[] };
    };
    expect(r.verification.valid).toBe(true);
    expect([r.incidents, r.refusedSheets]).toEqual([null, null]);
    const online = r.results!.contests.flatMap((c) => c.options.map((o) => [c.contest, o.option, o.online]));
    expect(online).toEqual(
      results.results.contests.flatMap((c) => c.selections.map((s) => [c.label, s.label, s.value])),
    );
    expect(r.turnout.onlineCounted).toBe(3);
    expect(r.exclusions).toEqual([{ station: 'p1', reason: 'the station did not open' }]);
  });

  it('with an observer token: the incidents, the refused sheet among them; another role is refused', async () => {
    const res = await get(`/elections/${el.id}/report.json`, observer);
    expect(res.headers['cache-control']).toContain('no-store');
    const r = res.json() as ElectionReport;
    expect(r.incidents!.some((e) => e.kind === 'sheet-refused' && e.station === 'p1')).toBe(true);
    expect(r.refusedSheets!.map((x) => [x.station, x.count])).toEqual([['p1', 1]]);
    expect((await get(`/elections/${el.id}/report.json`, 'evd_unknown')).statusCode).toBe(401);
    const trustee = (
      await mustCall(call, ADMIN)('POST', '/admin/tokens', { role: 'trustee', label: 't', guardian: 1 })
    ).token as string;
    expect((await get(`/elections/${el.id}/report.json`, trustee)).statusCode).toBe(403);
  });

  it('a PDF whose name the font cannot show: 409 naming the character; the HTML shows it', async () => {
    const pdf = await get(`/elections/${el.id}/report.pdf?lang=fr`);
    expect(pdf.statusCode).toBe(409);
    expect(pdf.json()).toMatchObject({ code: 'EVD_ERR_NOT_RENDERABLE', field: 'format' });
    expect(pdf.json().message).toContain("'Élection 选举' holds '选'");
    expect((await get(`/elections/${el.id}/report.html?lang=fr`)).body).toContain(
      '<h1>Rapport de l’élection — Élection 选举</h1>',
    );
  });

  it.each(LANGS)('HTML, CSV and PDF in %s: the language asked for, the figures in it', async (lang) => {
    const html = await get(`/elections/${el.id}/report.html?lang=${lang}`);
    expect(html.headers['content-type']).toContain('text/html');
    expect(html.headers['content-security-policy']).toContain("default-src 'none'");
    expect(html.body).toContain(`<html lang="${lang}" dir="${lang === 'ar' ? 'rtl' : 'ltr'}">`);
    expect(html.body).toContain(`<td class="n">${formatNumber(lang, 3)}</td>`);
    if (lang === 'ar') expect(html.body).toContain('<h1>تقرير الانتخابات — انتخابات تجريبية</h1>');
    // the language switcher and the other forms, relative to the page
    for (const other of LANGS)
      expect(html.body).toContain(`href="report.html?lang=${other}" lang="${other}"`);
    expect(html.body).toContain(`href="report.pdf?lang=${lang}"`);
    const csv = await get(`/elections/${el.id}/report.csv?lang=${lang}`);
    expect(csv.headers['content-type']).toContain('text/csv');
    expect(csv.body).toMatch(/\r\nturnout,[^\r]*,3\r\n/);
    if (lang === 'fr') return; // its name is refused in PDF (above)
    const pdf = await get(`/elections/${el.id}/report.pdf?lang=${lang}`);
    expect(pdf.headers['content-type']).toBe('application/pdf');
    expect(pdf.rawPayload.subarray(0, 5).toString()).toBe('%PDF-');
  });

  it('chooses the language from Accept-Language without ?lang=, and answers the same report again', async () => {
    const fr = await app.inject({
      method: 'GET',
      url: `/elections/${el.id}/report.json`,
      headers: { 'accept-language': 'fr-FR' },
    });
    expect(fr.headers['content-language']).toBe('fr');
    expect((fr.json() as ElectionReport).language).toBe('fr');
    const again = await app.inject({
      method: 'GET',
      url: `/elections/${el.id}/report.json`,
      headers: { 'accept-language': 'fr-FR' },
    });
    expect(again.body).toBe(fr.body);
  });

  it('is the report evident-report makes of the server’s exported record, byte for byte (one renderer)', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'evident-report-same-'));
    try {
      // the export `evident-server export` writes, then the command on it
      const record = join(dir, 'record');
      await exportRecord(app.evident.store, el.id, record);
      for (const format of ['csv', 'html'] as const) {
        const file = join(dir, `report.${format}`);
        const quiet = { out: () => undefined, err: () => undefined };
        expect(await evidentReport([record, '--format', format, '--out', file, '--lang', 'ar'], quiet)).toBe(
          0,
        );
        const served = await get(`/elections/${el.id}/report.${format}?lang=ar`);
        const strip = (s: string) => s.replace(/<header>[^]*?<\/header>\n/, '');
        expect(strip(served.body)).toBe(readFileSync(file, 'utf8'));
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
