/**
 * The display's live turnout per polling station before its sheet (spec/server-api.md §12.5):
 * every station of the manifest without an accepted sheet, with the check-ins it has taken so far
 * (`paper.checkIns` of the results, §12.3). A station leaves this table when its sheet arrives —
 * the stations' table then shows what its sheet says. Pure: run in the browser and in tests.
 * @module
 */
import type { Manifest } from '@evident/e2e-crypto';
import { formatNumber, translator, type Lang, type Translate } from '@evident/i18n';
import { esc } from './display-view.js';
import { STATION_TURNOUT_STRINGS, type StationTurnoutKey } from './station-turnout-strings.js';

/** What this section reads of a results snapshot. */
export interface CheckInSnapshot {
  readonly paper?: {
    readonly byStation: readonly { readonly station: string }[];
    readonly checkIns?: Readonly<Record<string, number>>;
  };
}

const translators = new Map<Lang, Translate<StationTurnoutKey>>();
/** The section's words in `lang` (one translator per language, kept: the page redraws often). */
function words(lang: Lang): Translate<StationTurnoutKey> {
  let t = translators.get(lang);
  if (!t) translators.set(lang, (t = translator(STATION_TURNOUT_STRINGS, lang)));
  return t;
}

/** A manifest name in `lang`, else English, else its first language, else `label`. */
const named = (names: Readonly<Record<string, string>> | undefined, lang: Lang, label: string): string =>
  names?.[lang] ?? names?.['en'] ?? Object.values(names ?? {})[0] ?? label;

/** The stations still to report, in manifest order, with their check-ins so far. */
export function stationsToReport(
  s: CheckInSnapshot,
  m: Manifest,
): { station: string; district: string; checkIns: number }[] {
  const reported = new Set(s.paper?.byStation.map((r) => r.station));
  return m.pollingStations
    .filter((p) => !reported.has(p.label))
    .map((p) => ({ station: p.label, district: p.district, checkIns: s.paper?.checkIns?.[p.label] ?? 0 }));
}

/** The section, or '' for an election without polling stations. */
export function stationTurnoutSection(s: CheckInSnapshot, m: Manifest, lang: Lang): string {
  if (m.pollingStations.length === 0) return '';
  const t = words(lang);
  const rows = stationsToReport(s, m);
  const head =
    `<section aria-labelledby="station-turnout-title" data-section="station-turnout">` +
    `<h2 id="station-turnout-title">${esc(t('title'))}</h2>`;
  if (rows.length === 0) return `${head}<p class="empty">${esc(t('allReported'))}</p></section>`;
  const n = rows.reduce((a, r) => a + r.checkIns, 0);
  const district = (d: string) => named(m.districts.find((x) => x.label === d)?.name, lang, d);
  const station = (st: string) => named(m.pollingStations.find((x) => x.label === st)?.name, lang, st);
  return (
    head +
    `<p>${esc(t('intro'))}</p>` +
    `<p class="headline" data-figure="live-check-ins">${esc(t('total', { n, stations: rows.length }))}</p>` +
    `<table data-table="station-turnout"><caption>${esc(t('title'))}</caption><thead><tr>` +
    `<th scope="col">${esc(t('station'))}</th><th scope="col">${esc(t('district'))}</th>` +
    `<th scope="col">${esc(t('checkIns'))}</th></tr></thead><tbody>` +
    rows
      .map(
        (r) =>
          `<tr data-live-station="${esc(r.station)}"><th scope="row">${esc(station(r.station))}</th>` +
          `<td>${esc(district(r.district))}</td><td>${formatNumber(lang, r.checkIns)}</td></tr>`,
      )
      .join('') +
    `</tbody></table></section>`
  );
}
