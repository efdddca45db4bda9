/**
 * `evident-report` on a real record with a polling station (the lying-server harness's election
 * and station p1, tests/support/station-record.ts): every figure of the report — JSON, CSV parsed
 * back, HTML, and the PDF's text read back — equals the record's: the verifier's P9 final result
 * and numbered steps, and the board's counts (4 online ballots counted, 1 superseded by a revote,
 * 1 challenge; 4 paper ballots, 5 check-ins, 3 rejected scans, a reconciliation note) — in
 * English, French and Arabic, the numbers parsed back from each language's format. The incidents
 * come from a server's security events (a stub answering `GET /admin/security-events` in pages);
 * from the record alone the report says they are not available.
 * A folder that is not a record and an unknown format are refused with exit 2, nothing written.
 */
import { cpSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import type { Server } from 'node:http';
import { join } from 'node:path';
import { LANGS, type Lang, formatNumber } from '@evident/i18n';
import { REJECT_REASONS, type TallySheet } from '@evident/record';
import { type ElectionReport, type ReportTable, main, reportTables } from '../packages/report/src/index.js';
import { type VerificationReport, verifyRecord } from '@evident/verifier-cli';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseCsv, parseLocaleNumber, pdfTexts } from '../packages/report/test/read-back.js';
import { type ElectionFixture, closeFixture, electionFixture } from './malicious-server/election-fixture.js';
import { STUB_TOKEN, startStub } from './support/security-events-stub.js';
import { stationRecord } from './support/station-record.js';

/** A free text a spreadsheet would run as a formula, with a comma, a quote and a line break. */
const NOTE = '=HYPERLINK("x") one voter, checked in,\nleft without a ballot';
const REJECTED = { ...Object.fromEntries(REJECT_REASONS.map((r) => [r, 0])), copied: 1, unreadable: 2 };

let fx: ElectionFixture;
let record: string;
let out: string;
let verified: VerificationReport;
/** language → format → the file written */
const written: Record<string, Record<string, string | Buffer>> = {};
let stub: Server;
let stubUrl: string;
const TOKEN = STUB_TOKEN;

const cli = async (args: string[]) => {
  const io = { out: [] as string[], err: [] as string[] };
  const code = await main(args, { out: (l) => io.out.push(l), err: (l) => io.err.push(l) });
  return { code, out: io.out.join('\n'), err: io.err.join('\n') };
};

beforeAll(async () => {
  fx = await electionFixture();
  const sheet: Partial<TallySheet> = {
    checkIns: 5,
    reconciliation: NOTE,
    rejected: REJECTED as TallySheet['rejected'],
  };
  record = stationRecord(fx, 'report-record', { sheet, checkIns: 5 }).dir;
  out = join(fx.root, 'reports');
  mkdirSync(out);
  verified = await verifyRecord(record, { workers: 0 });
  const first = join(out, 'first.json');
  expect((await cli([record, '--format', 'json', '--out', first])).code).toBe(0);
  ({ url: stubUrl, server: stub } = await startStub(
    (JSON.parse(readFileSync(first, 'utf8')) as ElectionReport).electionId,
  ));
  for (const lang of LANGS) {
    written[lang] = {};
    for (const format of ['json', 'csv', 'html', 'pdf']) {
      const file = join(out, `report-${lang}.${format}`);
      const r = await cli([
        record,
        '--format',
        format,
        '--out',
        file,
        '--lang',
        lang,
        '--server',
        stubUrl,
        '--token',
        TOKEN,
      ]);
      expect([r.code, r.err]).toEqual([0, '']);
      written[lang]![format] = format === 'pdf' ? readFileSync(file) : readFileSync(file, 'utf8');
    }
  }
}, 120_000);
afterAll(async () => {
  await new Promise((r) => stub?.close(r));
  await closeFixture();
});

const json = (lang: Lang = 'en'): ElectionReport =>
  JSON.parse(written[lang]!.json as string) as ElectionReport;
/** The sections, as every format must show them (from the JSON document, itself checked below). */
const tables = (lang: Lang = 'en'): ReportTable[] => reportTables(json(lang));
/** Every count of the sections, in reading order. */
const counts = (lang: Lang): number[] =>
  tables(lang).flatMap((t) => t.rows.flatMap((row) => row.filter((c): c is number => typeof c === 'number')));

describe('evident-report on a record with a polling station', () => {
  it('the record verifies, P1–P9 included (the report is of a real, valid record)', () => {
    expect(verified.valid).toBe(true);
    expect(verified.steps.filter((s) => s.id.startsWith('P') && s.status === 'passed')).toHaveLength(9);
  });

  it('JSON: the results are the verifier’s final result, the steps its steps', () => {
    const r = json();
    expect(r.results).toEqual(verified.finalResult);
    // the sheet's ballots: [o1], [o2], [o2], blank
    const paper = r.results!.contests[0]!.options.map((o) => o.paper);
    expect(paper).toEqual([1, 2, ...paper.slice(2).map(() => 0)]);
    expect(r.results!.byStation.map((s) => [s.station, s.district, s.ballots])).toEqual([['p1', 'd1', 4]]);
    expect(r.verification.steps.map((s) => [s.id, s.status, s.checked, s.failures])).toEqual(
      verified.steps.map((s) => [s.id, s.status, s.checked, s.failureCount]),
    );
    expect(r.verification.valid).toBe(true);
  });

  it('JSON: turnout, cancellations, challenges, rejected scans and reconciliation are the board’s', () => {
    const r = json();
    expect(r.turnout).toEqual({
      onlineCounted: 4,
      onlineSuperseded: 1,
      paperBallots: 4,
      checkIns: 5,
      total: 8,
    });
    expect([r.cancellations, r.challenged]).toEqual([0, 1]);
    expect(r.notReported).toEqual([]);
    expect(r.rejected.filter((x) => x.count > 0)).toEqual([
      { station: 'p1', reason: 'copied', count: 1 },
      { station: 'p1', reason: 'unreadable', count: 2 },
    ]);
    expect(r.reconciliation).toEqual([
      { station: 'p1', pollBookCheckIns: 5, sheetCheckIns: 5, ballots: 4, difference: -1, note: NOTE },
    ]);
  });

  it('JSON: the ranked contest is the board’s ranked-count entry (checked by K1–K4)', () => {
    const entries = readFileSync(join(record, 'board', 'log.jsonl'), 'utf8')
      .split('\n')
      .filter((l) => l.includes('"type":"ranked-count"'))
      .map((l) => JSON.parse(l) as { contestId: string; result: { elected: string[]; rounds: unknown[] } });
    expect(entries).toHaveLength(1);
    const [c] = json().ranked;
    expect([c!.contest, c!.elected, c!.rounds]).toEqual([
      entries[0]!.contestId,
      entries[0]!.result.elected,
      entries[0]!.result.rounds,
    ]);
    expect(verified.steps.find((s) => s.id === `K:${c!.contest}`)?.status).toBe('passed');
  });

  it('JSON: the incidents are the server’s events of this election, read through every page; refused sheets by station and code', () => {
    for (const lang of LANGS) {
      const r = json(lang);
      expect(r.language).toBe(lang);
      expect(r.incidents!.map((e) => [e.id, e.kind])).toEqual([
        [1, 'sheet-refused'],
        [2, 'anomaly-refusal-burst'],
        [4, 'sheet-refused'],
      ]);
      expect(r.refusedSheets).toEqual([
        { station: 'p1', code: 'EVD_ERR_SIGNATURE', reason: 'the sheet signature does not verify', count: 2 },
      ]);
    }
  });

  it.each(LANGS)(
    'CSV (%s): a UTF-8 BOM, and every section’s rows parse back to the same figures, counts as plain digits',
    (lang) => {
      const text = written[lang]!.csv as string;
      expect(text.startsWith('\uFEFF')).toBe(true);
      const rows = parseCsv(text.slice(1));
      const cell = (c: unknown) => (c === null ? '' : String(c));
      for (const t of tables(lang)) {
        const got = rows.filter((row) => row[0] === t.id).map((row) => row.slice(1));
        const want = t.rows.map((row) => row.map((c) => (c === NOTE ? `'${NOTE}` : cell(c))));
        expect(got, t.id).toEqual(want);
        expect(rows).toContainEqual([rows[0]![0], ...t.columns]);
      }
      const results = rows.filter((row) => row[0] === 'results');
      expect(results.map((row) => row.slice(1).join('|'))).toEqual(
        verified.finalResult!.contests.flatMap((c) =>
          c.options.map((o) => [c.contest, o.option, o.online, o.paper, o.total].join('|')),
        ),
      );
      const incidents = rows.filter((row) => row[0] === 'incidents');
      expect(incidents.map((row) => [row[2], row[4], row[6]])).toEqual([
        ['sheet-refused', 'EVD_ERR_SIGNATURE', '192.0.2.1'],
        ['anomaly-refusal-burst', 'EVD_ERR_CREDENTIAL', '192.0.2.2'],
        ['sheet-refused', 'EVD_ERR_SIGNATURE', '192.0.2.4'],
      ]);
      expect(
        rows.filter((row) => row[0] === 'refused-sheets').map((row) => [row[1], row[2], row[4]]),
      ).toEqual([['p1', 'EVD_ERR_SIGNATURE', '2']]);
      // no cell a spreadsheet would take for a formula
      expect(rows.flat().filter((c) => /^[=+@]/.test(c) || /^-\D/.test(c))).toEqual([]);
    },
  );

  it.each(LANGS)(
    'HTML (%s): a standalone page in the language’s direction; every count parses back in order',
    (lang) => {
      const html = written[lang]!.html as string;
      expect(html).toMatch(
        new RegExp(`^<!doctype html>\\n<html lang="${lang}" dir="${lang === 'ar' ? 'rtl' : 'ltr'}">`),
      );
      expect(html).not.toMatch(/<script|<link|src=|https?:/);
      const ts = tables(lang);
      expect(html.match(/<caption>/g)).toHaveLength(ts.length);
      expect(html.match(/<h1>/g)).toHaveLength(1);
      for (const t of ts) for (const c of t.columns) expect(html).toContain(`<th scope="col">${c}</th>`);
      const shown = [...html.matchAll(/<t[dh] class="n">([^<]*)<\/t[dh]>/g)].map((m) =>
        parseLocaleNumber(m[1]!),
      );
      expect(shown).toEqual(counts(lang));
      for (const c of verified.finalResult!.contests)
        for (const o of c.options)
          expect(html).toContain(
            `<tr><th scope="row">${c.contest}</th><td>${o.option}</td>` +
              [o.online!, o.paper, o.total]
                .map((n) => `<td class="n">${formatNumber(lang, n)}</td>`)
                .join('') +
              '</tr>',
          );
      expect(html).toContain('=HYPERLINK(&quot;x&quot;) one voter, checked in,\nleft without a ballot');
      expect(html).toContain('the sheet signature does not verify');
      const lead = { en: '3 security events', fr: '3 événements de sécurité', ar: '3 أحداث أمنية' }[lang];
      expect(html).toContain(`<p class="lead">${lead}</p>`);
    },
  );

  it.each(['en', 'fr'] as const)(
    'PDF (%s): its text, read back, holds every row of every section and each contest’s chart figures',
    (lang) => {
      const texts = pdfTexts(written[lang]!.pdf as Buffer);
      // a word wider than its column is cut between characters: compare without the spaces
      const flat = texts.join('').replace(/\s+/g, '');
      for (const t of tables(lang))
        for (const row of t.rows) {
          const shown = row
            .map((c) => (c === null ? '—' : typeof c === 'number' ? formatNumber(lang, c) : c))
            .join('')
            .replace(/\s+/g, '');
          expect(flat, `${t.id}: ${shown}`).toContain(shown);
        }
      const n = (x: number) => formatNumber(lang, x);
      for (const c of verified.finalResult!.contests)
        for (const o of c.options) expect(texts).toContain(`${n(o.online!)} + ${n(o.paper)} = ${n(o.total)}`);
      for (const c of json(lang).ranked) {
        const last = c.rounds.at(-1)!;
        for (const [name, votes] of Object.entries(last.tallies)) {
          expect(texts).toContain(
            lang === 'fr' ? `tour ${last.round} : ${votes}` : `round ${last.round}: ${votes}`,
          );
          expect(texts).toContain(name);
        }
      }
    },
  );

  it('PDF (ar): every count of every section reads back, in order, from the right-to-left pages', () => {
    const texts = pdfTexts(written.ar!.pdf as Buffer);
    const numbers = texts.map(parseLocaleNumber).filter((x) => !Number.isNaN(x));
    // the tables' counts are a subsequence of the numbers shown (the charts' figures come first)
    let i = 0;
    for (const want of counts('ar')) {
      while (i < numbers.length && numbers[i] !== want) i++;
      expect(i, `count ${want}`).toBeLessThan(numbers.length);
      i++;
    }
    for (const c of verified.finalResult!.contests)
      for (const o of c.options) {
        expect(texts).toContain(o.option);
        expect(numbers).toContain(o.total);
      }
  });
});

describe('evident-report on a record that does not verify', () => {
  it('writes the report, says NOT VALID with the failed steps, and exits 1', async () => {
    const changed = join(fx.root, 'report-changed');
    cpSync(record, changed, { recursive: true });
    // one decrypted count raised by one: tally.json no longer matches the board's decryption
    const tally = join(changed, 'tally.json');
    const text = readFileSync(tally, 'utf8');
    const edited = text.replace(
      /("value"\s*:\s*)(\d+)/,
      (_m, k: string, v: string) => `${k}${Number(v) + 1}`,
    );
    expect(edited).not.toBe(text);
    writeFileSync(tally, edited);
    const file = join(out, 'changed.json');
    const r = await cli([changed, '--format', 'json', '--out', file]);
    expect(r.code).toBe(1);
    expect(r.out).toContain('does NOT verify');
    const report = JSON.parse(readFileSync(file, 'utf8')) as ElectionReport;
    expect(report.verification.valid).toBe(false);
    const failed = report.verification.steps.filter((s) => s.status === 'failed');
    expect(failed.length).toBeGreaterThan(0);
    expect(failed.every((s) => s.failures > 0)).toBe(true);
    const html = join(out, 'changed.html');
    expect((await cli([changed, '--format', 'html', '--out', html])).code).toBe(1);
    expect(readFileSync(html, 'utf8')).toContain('does NOT verify');
  });
});

describe('evident-report refuses', () => {
  it('a folder that is not a record: exit 2, naming the folder, nothing written', async () => {
    const file = join(out, 'none.json');
    const r = await cli([out, '--format', 'json', '--out', file]);
    expect(r.code).toBe(2);
    expect(r.err).toContain(out);
    expect(existsSync(file)).toBe(false);
  });

  it('a PDF of a text its font cannot show: exit 2, naming the text, nothing written; HTML is made', async () => {
    const sheet: Partial<TallySheet> = { checkIns: 5, reconciliation: '投票 left without a ballot' };
    const other = stationRecord(fx, 'report-cjk', { sheet, checkIns: 5 }).dir;
    const file = join(out, 'cjk.pdf');
    const r = await cli([other, '--format', 'pdf', '--out', file]);
    expect(r.code).toBe(2);
    expect(r.err).toContain("'投票 left without a ballot' holds '投'");
    expect(existsSync(file)).toBe(false);
    const html = join(out, 'cjk.html');
    expect((await cli([other, '--format', 'html', '--out', html])).code).toBe(0);
    expect(readFileSync(html, 'utf8')).toContain('投票 left without a ballot');
  });

  it('without a server, the incidents are said to be not available (null in JSON, a row in CSV)', async () => {
    const file = join(out, 'alone.json');
    expect((await cli([record, '--format', 'json', '--out', file])).code).toBe(0);
    const r = JSON.parse(readFileSync(file, 'utf8')) as ElectionReport;
    expect([r.incidents, r.refusedSheets]).toEqual([null, null]);
    const csv = join(out, 'alone.csv');
    expect((await cli([record, '--format', 'csv', '--out', csv, '--lang', 'fr'])).code).toBe(0);
    const rows = parseCsv(readFileSync(csv, 'utf8').slice(1));
    expect(rows.filter((row) => row[0] === 'incidents')).toEqual([
      ['incidents', expect.stringMatching(/^non disponible/)],
    ]);
  });

  it('a server that refuses the token, or --server without --token: exit 2, nothing written, no token in the message', async () => {
    const file = join(out, 'refused.json');
    const r = await cli([
      record,
      '--format',
      'json',
      '--out',
      file,
      '--server',
      stubUrl,
      '--token',
      'wrong-secret',
    ]);
    expect(r.code).toBe(2);
    expect(r.err).toContain('HTTP 401');
    expect(r.err).not.toContain('wrong-secret');
    expect(existsSync(file)).toBe(false);
    const alone = await cli([record, '--format', 'json', '--out', file, '--server', stubUrl]);
    expect([alone.code, alone.err]).toEqual([2, expect.stringContaining('--token')]);
    // a token from a file (not in the process list) works as --token does
    const tokenFile = join(out, 'observer.token');
    writeFileSync(tokenFile, `${TOKEN}\n`);
    const viaFile = join(out, 'via-file.json');
    const r2 = await cli([
      record,
      '--format',
      'json',
      '--out',
      viaFile,
      '--server',
      stubUrl,
      '--token-file',
      tokenFile,
    ]);
    expect([r2.code, r2.err]).toEqual([0, '']);
    expect((JSON.parse(readFileSync(viaFile, 'utf8')) as ElectionReport).incidents).toHaveLength(3);
    const lang = await cli([record, '--format', 'json', '--out', file, '--lang', 'de']);
    expect([lang.code, lang.err]).toEqual([2, expect.stringContaining("unknown language 'de'")]);
    expect(existsSync(file)).toBe(false);
  });

  it('an unknown format: exit 2, naming it, nothing written', async () => {
    const file = join(out, 'report.docx');
    const r = await cli([record, '--format', 'docx', '--out', file]);
    expect(r.code).toBe(2);
    expect(r.err).toContain("unknown format 'docx'");
    expect(existsSync(file)).toBe(false);
  });
});
