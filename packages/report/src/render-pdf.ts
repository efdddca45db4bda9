/**
 * The PDF form (spec/reports.md §7), drawn with pdfkit: the verdict, a bar chart per contest
 * (online and paper votes stacked per option, drawn as vector rectangles, each bar labelled with
 * its figures), then every section's table. Text in an embedded font that covers Latin and
 * Arabic (`pdf-fonts.ts`: opened once per process, shared by every document), Arabic shaped by
 * fontkit and laid out right to left (`pdf-write.ts`): in an Arabic report the columns run from
 * the right. Cells wrap rather than truncate, so no figure is ever cut; numbers are in the
 * report language's format.
 * @module
 */
import { type Lang, type Translate, formatNumber, langDir, translator } from '@evident/i18n';
import PDFDocument from 'pdfkit';
import type { ElectionReport } from './election-report.js';
import { barChart, barChartHeight } from './pdf-bar-chart.js';
import { registerPdfFonts } from './pdf-fonts.js';
import { checkPdfTexts } from './pdf-text.js';
import { drawText, textHeight } from './pdf-write.js';
import { type ReportKey, REPORT_STRINGS } from './report-strings.js';
import { type Cell, type ReportTable, reportTables } from './report-tables.js';

const MARGIN = 40;
const ONLINE = '#1f4e99';
const PAPER = '#d9822b';

type Doc = PDFKit.PDFDocument;

/** What every drawing function needs besides the document. */
interface Ctx {
  readonly doc: Doc;
  readonly lang: Lang;
  readonly dir: 'ltr' | 'rtl';
  readonly t: Translate<ReportKey>;
}

const usable = (doc: Doc): number => doc.page.width - 2 * MARGIN;
const bottom = (doc: Doc): number => doc.page.height - MARGIN;

/** Starts a new page when `height` does not fit below the cursor. */
function room(doc: Doc, height: number): void {
  if (doc.y + height > bottom(doc)) doc.addPage();
}

/** A paragraph across the page at the cursor; moves the cursor below it. */
function paragraph(c: Ctx, text: string, font: 'body' | 'bold', size: number, color = 'black'): void {
  const { doc } = c;
  doc.font(font).fontSize(size).fillColor(color);
  const h = textHeight(doc, text, usable(doc));
  room(doc, h);
  doc.y += drawText(doc, text, doc.y, { x: MARGIN, width: usable(doc), align: 'start', dir: c.dir });
}

function heading(c: Ctx, text: string, size: number): void {
  room(c.doc, size * 3);
  c.doc.y += size * 0.6;
  paragraph(c, text, 'bold', size);
  c.doc.y += size * 0.3;
}

type Contest = NonNullable<ElectionReport['results']>['contests'][number];
type Ranked = ElectionReport['ranked'][number];

const frame = (c: Ctx) => ({ left: MARGIN, width: usable(c.doc), dir: c.dir, font: 'body' });

/** A plurality or approval contest's chart: per option its online votes, then its paper votes. */
function contestChart(c: Ctx, contest: Contest): void {
  heading(c, c.t('chartContest', { contest: contest.contest }), 12);
  room(c.doc, barChartHeight(contest.options.length));
  const bars = contest.options.map((o) => ({
    label: o.option,
    segments: [
      { value: o.online ?? 0, color: ONLINE },
      { value: o.paper, color: PAPER },
    ],
    figures:
      o.online === null
        ? c.t('chartFiguresPaper', { paper: o.paper, total: o.total })
        : c.t('chartFigures', { online: o.online, paper: o.paper, total: o.total }),
  }));
  barChart(c.doc, frame(c), bars, [
    { label: c.t('legendOnline'), color: ONLINE },
    { label: c.t('legendPaper'), color: PAPER },
  ]);
}

/** A ranked contest's chart: its last round's votes per candidate (online only). */
function rankedChart(c: Ctx, x: Ranked): void {
  const last = x.rounds.at(-1);
  heading(c, c.t('chartRanked', { contest: x.contest, elected: x.elected.join(', ') }), 12);
  if (!last) return;
  const names = Object.keys(last.tallies);
  room(c.doc, barChartHeight(names.length));
  const bars = names.map((name) => ({
    label: name,
    segments: [{ value: Number(last.tallies[name]), color: ONLINE }],
    figures: c.t('chartRound', { round: last.round, votes: last.tallies[name]! }),
  }));
  barChart(c.doc, frame(c), bars, [{ label: c.t('legendOnline'), color: ONLINE }]);
}

const show = (lang: Lang, c: Cell): string =>
  c === null ? '—' : typeof c === 'number' ? formatNumber(lang, c) : c;

/** Column widths in proportion to their longest text, never narrower than their longest word. */
function widths(c: Ctx, t: ReportTable): number[] {
  const weight = t.columns.map((col, i) => {
    const texts = [col, ...t.rows.map((r) => show(c.lang, r[i] ?? null))];
    const word = Math.max(...texts.flatMap((x) => x.split(/\s+/).map((w) => w.length)));
    return Math.min(40, Math.max(8, word + 2, ...texts.map((x) => x.length)));
  });
  const sum = weight.reduce((a, b) => a + b, 0);
  return weight.map((w) => (usable(c.doc) * w) / sum);
}

/**
 * One table: a bold heading row, then the rows, each as tall as its tallest wrapped cell;
 * counts aligned to the end of their cell; columns from the start side (the right in Arabic).
 */
function table(c: Ctx, t: ReportTable): void {
  const { doc } = c;
  heading(c, t.title, 12);
  if (t.lead !== undefined) paragraph(c, t.lead, 'body', 9);
  const ws = widths(c, t);
  const starts = ws.map((_, i) => ws.slice(0, i).reduce((a, b) => a + b, 0));
  const numeric = t.columns.map((_, i) => t.rows.length > 0 && t.rows.every((r) => typeof r[i] === 'number'));
  const row = (cells: readonly Cell[], bold: boolean): void => {
    doc.font(bold ? 'bold' : 'body').fontSize(8);
    const width = (i: number): number => (cells.length === 1 ? usable(doc) : ws[i]!) - 6;
    const x = (i: number): number =>
      c.dir === 'ltr' ? MARGIN + starts[i]! : MARGIN + usable(doc) - starts[i]! - width(i);
    const h = Math.max(...cells.map((v, i) => textHeight(doc, show(c.lang, v), width(i)))) + 3;
    room(doc, h);
    const y = doc.y;
    cells.forEach((v, i) => {
      doc.fillColor('black');
      const align = typeof v === 'number' || (bold && numeric[i]) ? 'end' : 'start';
      const textDir = typeof v === 'number' ? 'ltr' : c.dir;
      drawText(doc, show(c.lang, v), y, { x: x(i), width: width(i), align, dir: c.dir, textDir });
    });
    doc
      .moveTo(MARGIN, y + h - 1)
      .lineTo(MARGIN + usable(doc), y + h - 1)
      .lineWidth(0.2)
      .stroke('#aaa');
    doc.x = MARGIN;
    doc.y = y + h;
  };
  row(t.columns, true);
  if (t.rows.length === 0) row([t.unavailable ?? c.t('empty')], false);
  for (const r of t.rows) row(r, false);
}

/** Options of {@link renderPdf}. */
export interface PdfOptions {
  /** compress the content streams (default true; tests read the text back either way) */
  readonly compress?: boolean;
}

/** Every text of the report the PDF shows, with its section (the charts show a subset of the tables). */
function* texts(r: ElectionReport, tables: readonly ReportTable[]): Iterable<readonly [string, string]> {
  yield ['election name', r.electionName];
  for (const t of tables)
    for (const row of t.rows) for (const c of row) if (typeof c === 'string') yield [t.id, c];
}

/**
 * The report as a PDF file.
 * @returns the PDF file's bytes
 * @throws {PdfTextError} when a text of the record holds a character the font cannot show
 */
export async function renderPdf(r: ElectionReport, o: PdfOptions = {}): Promise<Buffer> {
  const tables = reportTables(r);
  checkPdfTexts(texts(r, tables));
  const t = translator(REPORT_STRINGS, r.language);
  const doc = new PDFDocument({
    size: 'A4',
    margin: MARGIN,
    compress: o.compress ?? true,
    lang: r.language,
    info: { Title: t('title', { name: r.electionName }), Creator: 'evident-report' },
  });
  registerPdfFonts(doc);
  const chunks: Buffer[] = [];
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on('data', (b: Buffer) => chunks.push(b));
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });
  const c: Ctx = { doc, lang: r.language, dir: langDir(r.language), t };
  doc.y = MARGIN;
  paragraph(c, t('title', { name: r.electionName }), 'bold', 18);
  paragraph(
    c,
    r.verification.valid ? t('verdictValid') : t('verdictInvalid'),
    'body',
    11,
    r.verification.valid ? '#064' : '#a00',
  );
  if (r.results) {
    heading(c, t('resultsHeading'), 14);
    for (const x of r.results.contests) contestChart(c, x);
  }
  for (const x of r.ranked) rankedChart(c, x);
  for (const x of tables) table(c, x);
  doc.end();
  return done;
}
