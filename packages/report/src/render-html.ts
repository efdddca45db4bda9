/**
 * The HTML form (spec/reports.md §6): one standalone page — no script, no external asset, its
 * style inline — readable by a screen reader: the document's language and direction, one `h1`,
 * per section a table whose caption is the section's `h2` and its headings scoped, numbers in the
 * language's format aligned to the end of their cell. Only CSS logical properties (`start`,
 * `end`, `inline`), so that an Arabic report lays out right to left.
 * @module
 */
import {
  LANGS,
  LANG_NAMES,
  type Lang,
  type Translate,
  formatNumber,
  langDir,
  translator,
} from '@evident/i18n';
import type { ElectionReport } from './election-report.js';
import { type ReportKey, REPORT_STRINGS } from './report-strings.js';
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

const cell = (lang: Lang, c: Cell, tag: 'td' | 'th'): string => {
  if (c === null) return `<${tag}><span class="na">—</span></${tag}>`;
  if (typeof c === 'number') return `<${tag} class="n">${escapeHtml(formatNumber(lang, c))}</${tag}>`;
  return tag === 'th' ? `<th scope="row">${escapeHtml(c)}</th>` : `<td>${escapeHtml(c)}</td>`;
};

function table(lang: Lang, t: ReportTable, empty: string): string {
  const lead = t.lead === undefined ? '' : `<p class="lead">${escapeHtml(t.lead)}</p>`;
  const head = t.columns.map((c) => `<th scope="col">${escapeHtml(c)}</th>`).join('');
  const body = t.rows.length
    ? t.rows
        .map((r) => `<tr>${r.map((c, i) => cell(lang, c, i === 0 ? 'th' : 'td')).join('')}</tr>`)
        .join('\n')
    : `<tr><td colspan="${t.columns.length}">${escapeHtml(t.unavailable ?? empty)}</td></tr>`;
  return [
    `<section aria-labelledby="s-${t.id}">`,
    // the section's heading is the table's caption: one title, read once (its lead under it)
    `<table><caption><h2 id="s-${t.id}">${escapeHtml(t.title)}</h2>${lead}</caption>`,
    `<thead><tr>${head}</tr></thead>`,
    `<tbody>\n${body}\n</tbody></table>`,
    `</section>`,
  ].join('\n');
}

const STYLE = `body{font-family:system-ui,"Noto Sans","Noto Sans Arabic","DejaVu Sans",sans-serif;max-inline-size:60rem;margin-block:1rem;margin-inline:auto;padding-inline:1rem;color:#111;background:#fff;line-height:1.5}
table{border-collapse:collapse;margin-block:0.5rem 1.5rem}caption{text-align:start;padding-block:0.25rem}caption h2{margin-block:0.5rem}.lead{margin-block:0 0.25rem}
th,td{border:1px solid #555;padding:0.25rem 0.5rem;text-align:start}.n{text-align:end;font-variant-numeric:tabular-nums}
.links{list-style:none;display:flex;flex-wrap:wrap;gap:1rem;padding:0;margin-block:0.25rem}.links-title{margin-block:0.25rem 0}
a{color:#0645ad}a:focus-visible{outline:3px solid #0645ad;outline-offset:2px}a[aria-current]{font-weight:bold}
.valid{color:#064}.invalid{color:#a00}.na{color:#555}`;

/** Options of {@link renderHtml}. */
export interface HtmlOptions {
  /**
   * The page is served at `report.html?lang=…` (by the server): it links to itself in the other
   * languages and to the other forms, relative to its own address. A file has no such links.
   */
  readonly served?: boolean;
}

/** The served page's links: the languages (each named in itself), then the other forms. */
function nav(r: ElectionReport, t: Translate<ReportKey>): string {
  const langs = LANGS.map((l) =>
    l === r.language
      ? `<li><a href="report.html?lang=${l}" lang="${l}" hreflang="${l}" aria-current="page">${LANG_NAMES[l]}</a></li>`
      : `<li><a href="report.html?lang=${l}" lang="${l}" hreflang="${l}">${LANG_NAMES[l]}</a></li>`,
  ).join('');
  const forms = (['pdf', 'csv', 'json'] as const)
    .map((f) => `<li><a href="report.${f}?lang=${r.language}">${f.toUpperCase()}</a></li>`)
    .join('');
  return [
    `<nav aria-label="${escapeHtml(t('navLanguages'))}"><ul class="links">${langs}</ul></nav>`,
    `<nav aria-label="${escapeHtml(t('navFormats'))}"><p class="links-title">${escapeHtml(t('navFormats'))}</p><ul class="links">${forms}</ul></nav>`,
  ].join('\n');
}

/** The report as a standalone HTML page. */
export function renderHtml(r: ElectionReport, o: HtmlOptions = {}): string {
  const t = translator(REPORT_STRINGS, r.language);
  const verdict = r.verification.valid
    ? `<p class="valid"><strong>${escapeHtml(t('verdictValid'))}</strong></p>`
    : `<p class="invalid"><strong>${escapeHtml(t('verdictInvalid'))}</strong></p>`;
  const title = escapeHtml(t('title', { name: r.electionName }));
  return [
    '<!doctype html>',
    `<html lang="${r.language}" dir="${langDir(r.language)}">`,
    '<head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">',
    `<title>${title}</title>`,
    `<style>${STYLE}</style></head>`,
    '<body>',
    ...(o.served ? [`<header>${nav(r, t)}</header>`] : []),
    '<main>',
    `<h1>${title}</h1>`,
    verdict,
    ...reportTables(r).map((x) => table(r.language, x, t('empty'))),
    '</main></body></html>',
    '',
  ].join('\n');
}
