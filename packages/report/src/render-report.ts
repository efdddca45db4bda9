/**
 * One entry to the four forms of a report, for `evident-report` and the server's report routes
 * alike: the same document gives the same file whoever asks.
 * @module
 */
import type { ElectionReport } from './election-report.js';
import { renderCsv } from './render-csv.js';
import { type HtmlOptions, renderHtml } from './render-html.js';
import { renderPdf } from './render-pdf.js';

/** The report's forms. */
export const REPORT_FORMATS = ['pdf', 'html', 'csv', 'json'] as const;
/** A report's form. */
export type ReportFormat = (typeof REPORT_FORMATS)[number];

/** The media type of each form. */
export const REPORT_MEDIA_TYPES: Readonly<Record<ReportFormat, string>> = {
  pdf: 'application/pdf',
  html: 'text/html; charset=utf-8',
  csv: 'text/csv; charset=utf-8; header=present',
  json: 'application/json; charset=utf-8',
};

/**
 * The report in `format` (`o`: the HTML page's options).
 * @throws {PdfTextError} for a PDF of a text its font cannot show
 */
export async function renderReport(
  r: ElectionReport,
  format: ReportFormat,
  o: HtmlOptions = {},
): Promise<string | Buffer> {
  if (format === 'json') return JSON.stringify(r, null, 2) + '\n';
  if (format === 'csv') return renderCsv(r);
  if (format === 'html') return renderHtml(r, o);
  return renderPdf(r);
}
