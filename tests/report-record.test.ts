/**
 * `evident-report` on a real record with a polling station (the lying-server harness's election
 * and station p1, tests/support/station-record.ts): every figure of the report — JSON, CSV parsed
 * back, HTML, and the PDF's text read back — equals the record's: the verifier's P9 final result
 * and numbered steps, and the board's counts (4 online ballots counted, 1 superseded by a revote,
 * 1 challenge; 4 paper ballots, 5 check-ins, 3 rejected scans, a reconciliation note).
 * A folder that is not a record and an unknown format are refused with exit 2, nothing written.
 */
import { cpSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { REJECT_REASONS, type TallySheet } from '@evident/record';
import { type ElectionReport, type ReportTable, main, reportTables } from '../packages/report/src/index.js';
import { type VerificationReport, verifyRecord } from '@evident/verifier-cli';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseCsv, pdfTexts } from '../packages/report/test/read-back.js';
import { type ElectionFixture, closeFixture, electionFixture } from './malicious-server/election-fixture.js';
import { stationRecord } from './support/station-record.js';

/** A free text a spreadsheet would run as a formula, with a comma, a quote and a line break. */
const NOTE = '=HYPERLINK("x") one voter, checked in,\nleft without a ballot';
const REJECTED = { ...Object.fromEntries(REJECT_REASONS.map((r) => [r, 0])), copied: 1, unreadable: 2 };

let fx: ElectionFixture;
let record: string;
let out: string;
let verified: VerificationReport;
const written: Record<string, string | Buffer> = {};

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
  for (const format of ['json', 'csv', 'html', 'pdf']) {
    const file = join(out, `report.${format}`);
    const r = await cli([record, '--format', format, '--out', file]);
    expect([r.code, r.err]).toEqual([0, '']);
    written[format] = format === 'pdf' ? readFileSync(file) : readFileSync(file, 'utf8');
  }
}, 120_000);
afterAll(closeFixture);

const json = (): ElectionReport => JSON.parse(written.json as string) as ElectionReport;
/** The sections, as every format must show them (from the JSON document, itself checked below). */
const tables = (): ReportTable[] => reportTables(json());

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
    expect([r.cancellations, r.challenged, r.refusedSheets]).toEqual([0, 1, null]);
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

  it('CSV: a UTF-8 BOM, and every section’s rows parse back to the same figures', () => {
    const text = written.csv as string;
    expect(text.startsWith('\uFEFF')).toBe(true);
    const rows = parseCsv(text.slice(1));
    const cell = (c: unknown) => (c === null ? '' : String(c));
    for (const t of tables()) {
      const got = rows.filter((row) => row[0] === t.id).map((row) => row.slice(1));
      const want = t.rows.map((row) => row.map((c) => (c === NOTE ? `'${NOTE}` : cell(c))));
      expect(got, t.id).toEqual(want);
    }
    const results = rows.filter((row) => row[0] === 'results');
    expect(results.map((row) => row.slice(1).join('|'))).toEqual(
      verified.finalResult!.contests.flatMap((c) =>
        c.options.map((o) => [c.contest, o.option, o.online, o.paper, o.total].join('|')),
      ),
    );
    // no cell a spreadsheet would take for a formula
    expect(rows.flat().filter((c) => /^[=+@]/.test(c) || /^-\D/.test(c))).toEqual([]);
  });

  it('HTML: a standalone accessible page showing every figure of every section', () => {
    const html = written.html as string;
    expect(html).toMatch(/^<!doctype html>\n<html lang="en">/);
    expect(html).not.toMatch(/<script|<link|src=|https?:/);
    const ts = tables();
    expect(html.match(/<caption>/g)).toHaveLength(ts.length);
    expect(html.match(/<h1>/g)).toHaveLength(1);
    for (const t of ts) {
      for (const c of t.columns) expect(html).toContain(`<th scope="col">${c}</th>`);
      for (const row of t.rows)
        for (const c of row)
          if (typeof c === 'number') expect(html, `${t.id} ${String(row)}`).toContain(`>${c}</t`);
    }
    for (const c of verified.finalResult!.contests)
      for (const o of c.options)
        expect(html).toContain(
          `<tr><th scope="row">${c.contest}</th><td>${o.option}</td>` +
            [o.online, o.paper, o.total].map((n) => `<td class="n">${n}</td>`).join('') +
            '</tr>',
        );
    expect(html).toContain('=HYPERLINK(&quot;x&quot;) one voter, checked in,\nleft without a ballot');
  });

  it('PDF: its text, read back, holds every row of every section and each contest’s chart figures', () => {
    const texts = pdfTexts(written.pdf as Buffer);
    const flat = ` ${texts.join(' ').replace(/\s+/g, ' ')} `;
    for (const t of tables())
      for (const row of t.rows) {
        const shown = row
          .map((c) => (c === null ? '—' : String(c)))
          .join(' ')
          .replace(/\s+/g, ' ');
        expect(flat, `${t.id}: ${shown}`).toContain(` ${shown} `);
      }
    for (const c of verified.finalResult!.contests)
      for (const o of c.options) {
        expect(flat).toContain(` ${c.contest} ${o.option} ${o.online} ${o.paper} ${o.total} `);
        expect(texts).toContain(`${o.online} + ${o.paper} = ${o.total}`);
      }
    for (const c of json().ranked) {
      const last = c.rounds.at(-1)!;
      for (const [name, votes] of Object.entries(last.tallies)) {
        expect(texts).toContain(`round ${last.round}: ${votes}`);
        expect(texts).toContain(name);
      }
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

  it('a PDF of a text its standard fonts cannot show: exit 2, naming the text, nothing written; HTML is made', async () => {
    const sheet: Partial<TallySheet> = { checkIns: 5, reconciliation: 'Łukasz left without a ballot' };
    const other = stationRecord(fx, 'report-polish', { sheet, checkIns: 5 }).dir;
    const file = join(out, 'polish.pdf');
    const r = await cli([other, '--format', 'pdf', '--out', file]);
    expect(r.code).toBe(2);
    expect(r.err).toContain("'Łukasz left without a ballot' holds 'Ł'");
    expect(existsSync(file)).toBe(false);
    const html = join(out, 'polish.html');
    expect((await cli([other, '--format', 'html', '--out', html])).code).toBe(0);
    expect(readFileSync(html, 'utf8')).toContain('Łukasz left without a ballot');
  });

  it('an unknown format: exit 2, naming it, nothing written', async () => {
    const file = join(out, 'report.docx');
    const r = await cli([record, '--format', 'docx', '--out', file]);
    expect(r.code).toBe(2);
    expect(r.err).toContain("unknown format 'docx'");
    expect(existsSync(file)).toBe(false);
  });
});
