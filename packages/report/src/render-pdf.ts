/**
 * The PDF form (spec/reports.md §6), drawn with pdfkit: the verdict, a bar chart per contest
 * (online and paper votes stacked per option, drawn as vector rectangles, each bar labelled with
 * its figures), then every section's table. Text in the PDF standard font Helvetica (no font
 * file to ship); cells wrap rather than truncate, so no figure is ever cut.
 * @module
 */
import PDFDocument from 'pdfkit';
import type { ElectionReport } from './election-report.js';
import { barChart, barChartHeight } from './pdf-bar-chart.js';
import { checkPdfTexts } from './pdf-text.js';
import { type Cell, type ReportTable, reportTables } from './report-tables.js';

const MARGIN = 40;
const ONLINE = '#1f4e99';
const PAPER = '#d9822b';

type Doc = PDFKit.PDFDocument;

const usable = (doc: Doc): number => doc.page.width - 2 * MARGIN;
const bottom = (doc: Doc): number => doc.page.height - MARGIN;

/** Starts a new page when `height` does not fit below the cursor. */
function room(doc: Doc, height: number): void {
  if (doc.y + height > bottom(doc)) doc.addPage();
}

function heading(doc: Doc, text: string, size: number): void {
  room(doc, size * 3);
  doc.moveDown(0.5).font('Helvetica-Bold').fontSize(size).fillColor('black').text(text, MARGIN, doc.y);
  doc.moveDown(0.3);
}

type Contest = NonNullable<ElectionReport['results']>['contests'][number];
type Ranked = ElectionReport['ranked'][number];

/** A plurality or approval contest's chart: per option its online votes, then its paper votes. */
function contestChart(doc: Doc, contest: Contest): void {
  heading(doc, `Contest ${contest.contest}`, 12);
  room(doc, barChartHeight(contest.options.length));
  const bars = contest.options.map((o) => ({
    label: o.option,
    segments: [
      { value: o.online ?? 0, color: ONLINE },
      { value: o.paper, color: PAPER },
    ],
    figures: `${o.online ?? '–'} + ${o.paper} = ${o.total}`,
  }));
  barChart(doc, MARGIN, usable(doc), bars, [
    { label: 'online', color: ONLINE },
    { label: 'paper', color: PAPER },
  ]);
}

/** A ranked contest's chart: its last round's votes per candidate (online only). */
function rankedChart(doc: Doc, c: Ranked): void {
  const last = c.rounds.at(-1);
  heading(doc, `Ranked contest ${c.contest}: elected ${c.elected.join(', ')}`, 12);
  if (!last) return;
  const names = Object.keys(last.tallies);
  room(doc, barChartHeight(names.length));
  const bars = names.map((name) => ({
    label: name,
    segments: [{ value: Number(last.tallies[name]), color: ONLINE }],
    figures: `round ${last.round}: ${last.tallies[name]}`,
  }));
  barChart(doc, MARGIN, usable(doc), bars, [{ label: 'online', color: ONLINE }]);
}

const show = (c: Cell): string => (c === null ? '—' : String(c));

/** Column widths in proportion to their longest text, never narrower than their longest word. */
function widths(doc: Doc, t: ReportTable): number[] {
  const weight = t.columns.map((c, i) => {
    const texts = [c, ...t.rows.map((r) => show(r[i] ?? null))];
    const word = Math.max(...texts.flatMap((x) => x.split(/\s+/).map((w) => w.length)));
    return Math.min(40, Math.max(8, word + 2, ...texts.map((x) => x.length)));
  });
  const sum = weight.reduce((a, b) => a + b, 0);
  return weight.map((w) => (usable(doc) * w) / sum);
}

/** One table: a bold heading row, then the rows, each as tall as its tallest wrapped cell; counts right-aligned. */
function table(doc: Doc, t: ReportTable): void {
  heading(doc, t.title, 12);
  const ws = widths(doc, t);
  const xs = ws.map((_, i) => MARGIN + ws.slice(0, i).reduce((a, b) => a + b, 0));
  const numeric = t.columns.map((_, i) => t.rows.length > 0 && t.rows.every((r) => typeof r[i] === 'number'));
  const row = (cells: readonly Cell[], bold: boolean): void => {
    doc.font(bold ? 'Helvetica-Bold' : 'Helvetica').fontSize(8);
    const width = (i: number): number => (cells.length === 1 ? usable(doc) : ws[i]!) - 6;
    const h = Math.max(...cells.map((c, i) => doc.heightOfString(show(c), { width: width(i) }))) + 3;
    room(doc, h);
    const y = doc.y;
    cells.forEach((c, i) =>
      doc.fillColor('black').text(show(c), xs[i]!, y, {
        width: width(i),
        align: typeof c === 'number' || (bold && numeric[i]) ? 'right' : 'left',
      }),
    );
    doc
      .moveTo(MARGIN, y + h - 1)
      .lineTo(MARGIN + usable(doc), y + h - 1)
      .lineWidth(0.2)
      .stroke('#aaa');
    doc.x = MARGIN;
    doc.y = y + h;
  };
  row(t.columns, true);
  if (t.rows.length === 0) row(['None in the record.'], false);
  for (const r of t.rows) row(r, false);
}

/** Options of {@link renderPdf}. */
export interface PdfOptions {
  /** compress the content streams (default true; tests read the text back uncompressed) */
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
 * @throws {PdfTextError} when a text of the record holds a character the standard fonts cannot show
 */
export async function renderPdf(r: ElectionReport, o: PdfOptions = {}): Promise<Buffer> {
  const tables = reportTables(r);
  checkPdfTexts(texts(r, tables));
  const doc = new PDFDocument({
    size: 'A4',
    margin: MARGIN,
    compress: o.compress ?? true,
    lang: r.language,
    info: { Title: `Election report — ${r.electionName}`, Creator: 'evident-report' },
  });
  const chunks: Buffer[] = [];
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on('data', (b: Buffer) => chunks.push(b));
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });
  doc.font('Helvetica-Bold').fontSize(18).text(`Election report — ${r.electionName}`);
  doc
    .font('Helvetica')
    .fontSize(11)
    .fillColor(r.verification.valid ? '#064' : '#a00')
    .text(
      r.verification.valid
        ? 'The record verifies: every numbered step passed or does not apply.'
        : 'The record does NOT verify: see the failed steps.',
    );
  if (r.results) {
    heading(doc, 'Results', 14);
    for (const c of r.results.contests) contestChart(doc, c);
  }
  for (const c of r.ranked) rankedChart(doc, c);
  for (const t of tables) table(doc, t);
  doc.end();
  return done;
}
