/**
 * The HTML form (spec/reports.md §5): one standalone page — no script, no external asset, its
 * style inline — readable by a screen reader: the document's language, one `h1`, per section a
 * table whose caption is the section's `h2` and its headings scoped, numbers right-aligned.
 * @module
 */
import type { ElectionReport } from './election-report.js';
import { type Cell, type ReportTable, reportTables } from './report-tables.js';

const ESCAPES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};

/** A text made safe for HTML content and attribute values. */
export const escapeHtml = (s: string): string => s.replace(/[&<>"']/g, (c) => ESCAPES[c]!);

const cell = (c: Cell, tag: 'td' | 'th'): string => {
  if (c === null) return `<${tag}><span class="na">—</span></${tag}>`;
  if (typeof c === 'number') return `<${tag} class="n">${c}</${tag}>`;
  return tag === 'th' ? `<th scope="row">${escapeHtml(c)}</th>` : `<td>${escapeHtml(c)}</td>`;
};

function table(t: ReportTable): string {
  const head = t.columns.map((c) => `<th scope="col">${escapeHtml(c)}</th>`).join('');
  const body = t.rows.length
    ? t.rows.map((r) => `<tr>${r.map((c, i) => cell(c, i === 0 ? 'th' : 'td')).join('')}</tr>`).join('\n')
    : `<tr><td colspan="${t.columns.length}">None in the record.</td></tr>`;
  return [
    `<section aria-labelledby="s-${t.id}">`,
    // the section's heading is the table's caption: one title, read once
    `<table><caption><h2 id="s-${t.id}">${escapeHtml(t.title)}</h2></caption>`,
    `<thead><tr>${head}</tr></thead>`,
    `<tbody>\n${body}\n</tbody></table>`,
    `</section>`,
  ].join('\n');
}

const STYLE = `body{font-family:system-ui,sans-serif;max-width:60rem;margin:1rem auto;padding:0 1rem;color:#111;background:#fff;line-height:1.4}
table{border-collapse:collapse;margin:0.5rem 0 1.5rem}caption{text-align:start;padding:0.25rem 0}caption h2{margin:0.5rem 0}
th,td{border:1px solid #555;padding:0.25rem 0.5rem;text-align:start}.n{text-align:end;font-variant-numeric:tabular-nums}
.valid{color:#064}.invalid{color:#a00}.na{color:#555}`;

/** The report as a standalone HTML page. */
export function renderHtml(r: ElectionReport): string {
  const verdict = r.verification.valid
    ? '<p class="valid"><strong>The record verifies: every numbered step passed or does not apply.</strong></p>'
    : '<p class="invalid"><strong>The record does NOT verify: see the failed steps below.</strong></p>';
  return [
    '<!doctype html>',
    `<html lang="${escapeHtml(r.language)}">`,
    '<head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">',
    `<title>${escapeHtml(`Election report — ${r.electionName}`)}</title>`,
    `<style>${STYLE}</style></head>`,
    '<body><main>',
    `<h1>${escapeHtml(`Election report — ${r.electionName}`)}</h1>`,
    verdict,
    ...reportTables(r).map(table),
    '</main></body></html>',
    '',
  ].join('\n');
}
