/**
 * The results display's content (spec/server-api.md §12.5) as HTML, from one results snapshot
 * (`GET /elections/{id}/results`, or a `turnout`/`result` event of its stream) and the manifest:
 * pure functions, run in the browser by `browser/display-app.ts` and in unit tests by Node.
 * What is shown follows what the snapshot holds: station figures only from accepted sheets (which
 * the server accepts only once counting may start), the online result only once the trustees
 * have decrypted it — before that the page says so and shows the paper figures alone.
 * Charts are inline SVG (no style attribute: the page's CSP allows no inline style), hidden from
 * assistive technology; each has a table with the same figures.
 * @module
 */
import type { Manifest } from '@evident/e2e-crypto';
import type { PaperResults } from '../sheets/paper-results.js';
import type { ContestResult } from '../tally/contest-results.js';
import {
  formatNumber,
  htmlMessage,
  langDir,
  ltr,
  translator,
  type Lang,
  type Translate,
} from '@evident/i18n';
import { DISPLAY_CATALOG, type DisplayKey } from './display-strings.js';
import { rankedSections } from './ranked-view.js';
import { stationTurnoutSection } from './station-turnout-view.js';

/** What the display reads of a results snapshot. */
export interface ResultsSnapshot {
  readonly election: { readonly id: string; readonly state: string; readonly countingStart?: string };
  readonly turnout: {
    readonly credentials?: number;
    readonly counted?: number;
    readonly challenged?: number;
  };
  readonly results?: { readonly contests?: readonly ContestResult[] };
  readonly paper?: PaperResults;
}

/** One option's row of a contest: paper and online values, `null` where there is none to show. */
export interface OptionRow {
  readonly label: string;
  readonly name: string;
  /** null before any station of the contest reported */
  readonly paper: number | null;
  /** null until the online tally is decrypted */
  readonly online: number | null;
  readonly total: number;
}

type Names = Readonly<Record<string, string>> | undefined;

const ESCAPES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};
/** Text escaped for HTML content and attribute values. */
export const esc = (s: string): string => s.replace(/[&<>"']/g, (c) => ESCAPES[c]!);

/** A manifest name in `lang`, else in English, else its first language, else `label`. */
export function nameIn(names: Names, lang: Lang, label: string): string {
  return names?.[lang] ?? names?.['en'] ?? Object.values(names ?? {})[0] ?? label;
}

/**
 * A manifest name as HTML: {@link nameIn}'s text, in a `<span lang>` when it is not in the page's
 * language (WCAG 3.1.2, language of parts: a screen reader then reads it in its own language).
 */
export function nameHtml(names: Names, lang: Lang, label: string): string {
  const text = esc(nameIn(names, lang, label));
  const own = [lang, 'en', ...Object.keys(names ?? {})].find((l) => names?.[l] !== undefined);
  return own === undefined || own === lang ? text : `<span lang="${esc(own)}">${text}</span>`;
}

/** Whether the snapshot holds the decrypted online tally. */
export const onlineDecrypted = (s: ResultsSnapshot): boolean => s.results?.contests !== undefined;

/** The rows of contest `label`: each option in manifest order, paper and online apart. */
export function optionRows(s: ResultsSnapshot, m: Manifest, label: string, lang: Lang): OptionRow[] {
  const contest = m.contests.find((c) => c.label === label);
  if (!contest) return [];
  const paper = s.paper?.total.contests.find((c) => c.label === label);
  const online = s.results?.contests?.find((c) => c.label === label);
  const value = (c: ContestResult | undefined, o: string) =>
    c ? (c.selections.find((x) => x.label === o)?.value ?? 0) : null;
  return contest.options.map((o) => {
    const p = value(paper, o.label);
    const n = value(online, o.label);
    return {
      label: o.label,
      name: nameIn(o.name, lang, o.label),
      paper: p,
      online: n,
      total: (p ?? 0) + (n ?? 0),
    };
  });
}

/** A number in `lang`'s format. */
const num = (lang: Lang, n: number): string => formatNumber(lang, n);
/** A share (0–1) as a percentage in `lang`'s format. */
const pct = (lang: Lang, x: number): string =>
  formatNumber(lang, x, { style: 'percent', maximumFractionDigits: 1 });

const translators = new Map<Lang, Translate<DisplayKey>>();
/** The display's words in `lang` (one translator per language: messages are parsed once). */
export function displayWords(lang: Lang): Translate<DisplayKey> {
  let t = translators.get(lang);
  if (!t) translators.set(lang, (t = translator(DISPLAY_CATALOG, lang)));
  return t;
}

/**
 * A horizontal bar chart: one bar per row, its paper part and its online part in two patterns.
 * Hidden from assistive technology (the table beside it has the figures).
 */
export function barChart(rows: readonly OptionRow[], lang: Lang): string {
  const max = Math.max(1, ...rows.map((r) => r.total));
  const H = 40;
  const LABEL = 300;
  const W = 1000 - LABEL - 120;
  const dir = langDir(lang);
  const at = chartX(lang);
  const bars = rows
    .map((r, i) => {
      const y = i * H;
      const pw = ((r.paper ?? 0) / max) * W;
      const ow = ((r.online ?? 0) / max) * W;
      return (
        `<text x="${at(0)}" y="${y + 26}" class="chart-label">${esc(r.name)}</text>` +
        `<rect x="${at(LABEL, pw)}" y="${y + 6}" width="${pw.toFixed(1)}" height="${H - 12}" class="bar-paper"/>` +
        `<rect x="${at(LABEL + pw, ow)}" y="${y + 6}" width="${ow.toFixed(1)}" height="${H - 12}" class="bar-online"/>` +
        `<text x="${at(LABEL + pw + ow + 10)}" y="${y + 26}" class="chart-value">${num(lang, r.total)}</text>`
      );
    })
    .join('');
  return `<svg class="chart" viewBox="0 0 1000 ${rows.length * H}" direction="${dir}" aria-hidden="true" focusable="false">${bars}</svg>`;
}

/**
 * A chart's x: charts are drawn left to right in a 1,000-wide box, then mirrored for a
 * right-to-left language — `at(x, w)` is where a box of width `w` drawn at `x` goes. With the
 * SVG's `direction` set to the language's, text-anchor "start" is then the text's right end.
 */
export function chartX(lang: Lang): (x: number, w?: number) => string {
  const rtl = langDir(lang) === 'rtl';
  return (x, w = 0) => (rtl ? 1000 - x - w : x).toFixed(1);
}

/** A contest's section: heading, the online-result notice, chart and table. */
export function contestSection(s: ResultsSnapshot, m: Manifest, label: string, lang: Lang): string {
  const t = displayWords(lang);
  const contest = m.contests.find((c) => c.label === label)!;
  const name = nameIn(contest.name, lang, label);
  const nameH = nameHtml(contest.name, lang, label);
  const optionH = (o: string) => nameHtml(contest.options.find((x) => x.label === o)?.name, lang, o);
  const rows = optionRows(s, m, label, lang);
  const decrypted = onlineDecrypted(s);
  const sum = rows.reduce((a, r) => a + r.total, 0);
  const cell = (n: number | null) => (n === null ? '<td>—</td>' : `<td>${num(lang, n)}</td>`);
  const id = `contest-${esc(label)}`;
  return (
    `<section class="contest" aria-labelledby="${id}" data-contest="${esc(label)}">` +
    `<h3 id="${id}">${nameH}</h3>` +
    `<p class="notice" data-decrypted="${decrypted}">${esc(decrypted ? t('decrypted') : t('notDecrypted'))}</p>` +
    (sum === 0
      ? `<p class="empty">${esc(t('noVotes'))}</p>`
      : `<p class="visually-hidden">${esc(t('chartOf', { contest: name }))}</p>${barChart(rows, lang)}`) +
    `<table><caption>${nameH}</caption><thead><tr><th scope="col">${esc(t('option'))}</th>` +
    `<th scope="col">${esc(t('paper'))}</th><th scope="col">${esc(t('online'))}</th>` +
    `<th scope="col">${esc(t('total'))}</th><th scope="col">${esc(t('share'))}</th></tr></thead><tbody>` +
    rows
      .map(
        (r) =>
          `<tr data-option="${esc(r.label)}"><th scope="row">${optionH(r.label)}</th>${cell(r.paper)}${cell(r.online)}` +
          `<td>${num(lang, r.total)}</td><td>${sum === 0 ? '—' : pct(lang, r.total / sum)}</td></tr>`,
      )
      .join('') +
    `</tbody></table></section>`
  );
}

/** Turnout: online ballots counted of credentials issued, and paper check-ins and ballots. */
export function turnoutSection(s: ResultsSnapshot, lang: Lang): string {
  const t = displayWords(lang);
  const credentials = s.turnout.credentials ?? 0;
  const counted = s.turnout.counted ?? 0;
  const total = s.paper?.total;
  const row = (k: string, v: string, key: string) =>
    `<div class="figure" data-figure="${key}"><dt>${esc(k)}</dt><dd>${v}</dd></div>`;
  return (
    `<section aria-labelledby="turnout-title"><h2 id="turnout-title">${esc(t('turnout'))}</h2><dl class="figures">` +
    row(
      t('onlineTurnout'),
      `${num(lang, counted)}${credentials > 0 ? ` <span class="sub">(${pct(lang, counted / credentials)})</span>` : ''}`,
      'online',
    ) +
    row(t('eligible'), num(lang, credentials), 'credentials') +
    row(t('challenged'), num(lang, s.turnout.challenged ?? 0), 'challenged') +
    row(t('checkIns'), num(lang, total?.checkIns ?? 0), 'check-ins') +
    row(t('ballots'), num(lang, total?.ballots ?? 0), 'paper-ballots') +
    `</dl></section>`
  );
}

/** Polling stations: reported of expected, by district, then each station that reported. */
export function stationsSection(s: ResultsSnapshot, m: Manifest, lang: Lang): string {
  const t = displayWords(lang);
  const p = s.paper;
  const districtName = (d: string) => nameHtml(m.districts.find((x) => x.label === d)?.name, lang, d);
  const stationName = (st: string) => nameHtml(m.pollingStations.find((x) => x.label === st)?.name, lang, st);
  const of = (r: number, e: number) => esc(t('reportedOf', { reported: r, expected: e }));
  const head = (cols: string[]) =>
    `<thead><tr>${cols.map((c) => `<th scope="col">${esc(c)}</th>`).join('')}</tr></thead>`;
  let html =
    `<section aria-labelledby="stations-title"><h2 id="stations-title">${esc(t('stations'))}</h2>` +
    `<p class="headline" data-figure="stations">${htmlMessage(t, 'stationsHeadline', {}, { of: `<strong>${of(p?.stationsReported ?? 0, p?.stationsExpected ?? 0)}</strong>` })}</p>`;
  if (p && p.byDistrict.length > 0)
    html +=
      `<table data-table="districts"><caption>${esc(t('stationsReported'))}</caption>${head([t('district'), t('stationsReported'), t('checkIns'), t('ballots')])}<tbody>` +
      p.byDistrict
        .map(
          (d) =>
            `<tr data-district="${esc(d.district)}"><th scope="row">${districtName(d.district)}</th>` +
            `<td>${of(d.stationsReported, d.stationsExpected)}</td><td>${num(lang, d.checkIns)}</td><td>${num(lang, d.ballots)}</td></tr>`,
        )
        .join('') +
      `</tbody></table>`;
  if (!p || p.byStation.length === 0) {
    const time = s.election.countingStart?.replace('T', ' ') ?? '—';
    return `${html}<p class="empty" data-empty="stations">${esc(t('noStation', { time: ltr(time) }))}</p></section>`;
  }
  return (
    html +
    `<table data-table="stations"><caption>${esc(t('stations'))}</caption>${head([t('station'), t('district'), t('checkIns'), t('ballots')])}<tbody>` +
    p.byStation
      .map(
        (r) =>
          `<tr data-station="${esc(r.station)}"><th scope="row">${stationName(r.station)}` +
          (r.sequence > 1
            ? ` <span class="sub">(${esc(t('correction', { n: r.sequence - 1 }))})</span>`
            : '') +
          `</th><td>${districtName(r.district)}</td><td>${num(lang, r.checkIns)}</td><td>${num(lang, r.ballots)}</td></tr>`,
      )
      .join('') +
    `</tbody></table></section>`
  );
}

/** The whole board: turnout, stations, then every contest of the manifest. */
export function displayHtml(s: ResultsSnapshot, m: Manifest, lang: Lang): string {
  const t = displayWords(lang);
  return (
    turnoutSection(s, lang) +
    stationsSection(s, m, lang) +
    stationTurnoutSection(s, m, lang) +
    `<section aria-labelledby="results-title"><h2 id="results-title">${esc(t('results'))}</h2>` +
    m.contests.map((c) => contestSection(s, m, c.label, lang)).join('') +
    `</section>` +
    rankedSections(s, m, lang)
  );
}
