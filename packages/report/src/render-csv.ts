/**
 * The CSV form (spec/reports.md §5): one long table whose first column, `section`, names the
 * report section of each row (a stable identifier, the same in every language), each section
 * opened by its column headings in the report's language. Counts stay machine-readable in every
 * language: ASCII digits, a leading `-` when negative, no grouping separator — so that a
 * spreadsheet or a program reads the same number from the English, French and Arabic files. RFC 4180: CRLF line
 * ends, every field quoted when it holds a quote, comma or line break, quotes doubled. It opens
 * cleanly in a spreadsheet: a UTF-8 byte order mark (so accents survive), and no cell a
 * spreadsheet would run as a formula — a text starting with `=`, `+`, `-`, `@`, tab or carriage
 * return is prefixed with `'` (a record's free texts, such as a reconciliation note, are anyone's).
 * @module
 */
import { translator } from '@evident/i18n';
import type { ElectionReport } from './election-report.js';
import { REPORT_STRINGS } from './report-strings.js';
import { type Cell, reportTables } from './report-tables.js';

const BOM = '\uFEFF';
const FORMULA_START = /^[=+\-@\t\r]/;

/** One CSV field: formula-safe, quoted as RFC 4180 asks. */
export function csvField(cell: Cell): string {
  if (cell === null) return '';
  // a count is written as digits; only texts can be read as formulas
  const s = typeof cell === 'number' ? String(cell) : FORMULA_START.test(cell) ? `'${cell}` : cell;
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

/** The report as CSV text (with its byte order mark). */
export function renderCsv(r: ElectionReport): string {
  const section = translator(REPORT_STRINGS, r.language)('colSection');
  const lines: string[] = [];
  for (const t of reportTables(r)) {
    lines.push([section, ...t.columns].map(csvField).join(','));
    for (const row of t.rows) lines.push([t.id, ...row].map(csvField).join(','));
    // a section whose figures are not available says so in one row rather than looking empty
    if (t.unavailable !== undefined) lines.push([t.id, t.unavailable].map(csvField).join(','));
  }
  return BOM + lines.join('\r\n') + '\r\n';
}
