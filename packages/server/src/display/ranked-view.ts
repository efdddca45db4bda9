/**
 * Ranked contests on the results display (spec/server-api.md §12.5, spec/ranked-choice.md §4):
 * once counted (`results.ranked` of the results, published with the tally), each contest's
 * round-by-round table — per round every candidate's votes, who was excluded, elected, or whose
 * surplus moved, and the exhausted votes — with a chart of the same rounds; before, that it is
 * not counted yet and why (the trustees mix the ballots, then decrypt them, after the polls
 * close). Pure: run in the browser and in tests. The chart is inline SVG hidden from assistive
 * technology; the table has the figures.
 * @module
 */
import type { CountResult, CountRound, Manifest, RankedContest } from '@evident/e2e-crypto';
import { formatNumber, langDir, translator, type Lang, type Translate } from '@evident/i18n';
import { DISPLAY_RANKED_STRINGS, type DisplayRankedKey } from './display-ranked-strings.js';
import { chartX, esc } from './display-view.js';

/** What this view reads of a results snapshot. */
export interface RankedSnapshot {
  /** the lifecycle state says which step the count waits for */
  readonly election?: { readonly state?: string };
  readonly results?: {
    readonly contests?: unknown;
    readonly ranked?: readonly { readonly contestId: string; readonly result: CountResult }[];
  };
}

/** The style of the ranked charts (appended to the display's style sheet). */
export const RANKED_CSS = `
.round-label { fill: var(--muted); font-size: 20px; }
.bar-ranked { fill: var(--online); }
.bar-elected { fill: var(--paper); stroke: var(--fg); stroke-width: 3; }
.bar-excluded { fill: var(--warn); }
.mark { font-weight: bold; }
`;

const translators = new Map<Lang, Translate<DisplayRankedKey>>();
function words(lang: Lang): Translate<DisplayRankedKey> {
  let t = translators.get(lang);
  if (!t) translators.set(lang, (t = translator(DISPLAY_RANKED_STRINGS, lang)));
  return t;
}

/** Votes as shown: IRV integers, STV decimals (6 places published) to at most 2 places. */
const votes = (lang: Lang, v: string): string => formatNumber(lang, Number(v), { maximumFractionDigits: 2 });

/** The candidates of a count in contest order, then any other name its rounds hold (write-ins). */
export function countCandidates(c: RankedContest, r: CountResult): string[] {
  const names = [...c.candidates];
  for (const round of r.rounds)
    for (const n of Object.keys(round.tallies)) if (!names.includes(n)) names.push(n);
  return names;
}

/** What round `round` did to `name`, as a mark key, if anything. */
function markOf(round: CountRound, name: string): DisplayRankedKey | undefined {
  if (!round.candidates.includes(name)) return undefined;
  if (round.action === 'exclude') return 'excludedMark';
  if (round.action === 'transfer') return 'surplusMark';
  return 'electedMark';
}

/** The chart: one group of bars per round, the round's candidates with their votes. */
function roundsChart(
  names: readonly string[],
  r: CountResult,
  lang: Lang,
  t: Translate<DisplayRankedKey>,
): string {
  const H = 34;
  const LABEL = 300;
  const W = 1000 - LABEL - 140;
  const max = Math.max(1, ...r.rounds.flatMap((x) => Object.values(x.tallies).map(Number)));
  const at = chartX(lang);
  let y = 0;
  let svg = '';
  for (const round of r.rounds) {
    svg += `<text x="${at(0)}" y="${y + 24}" class="round-label">${esc(t('round', { n: round.round }))}</text>`;
    y += H;
    for (const name of names) {
      const v = round.tallies[name];
      if (v === undefined) continue;
      const mark = markOf(round, name);
      const cls = mark === 'excludedMark' ? 'bar-excluded' : mark ? 'bar-elected' : 'bar-ranked';
      const w = ((Number(v) / max) * W).toFixed(1);
      svg +=
        `<text x="${at(20)}" y="${y + 24}" class="chart-label">${esc(name)}</text>` +
        `<rect x="${at(LABEL, Number(w))}" y="${y + 5}" width="${w}" height="${H - 10}" class="${cls}"/>` +
        `<text x="${at(LABEL + Number(w) + 10)}" y="${y + 24}" class="chart-value">${votes(lang, v)}</text>`;
      y += H;
    }
  }
  return `<svg class="chart" viewBox="0 0 1000 ${y}" direction="${langDir(lang)}" aria-hidden="true" focusable="false">${svg}</svg>`;
}

/** The round table: a row per candidate (and the exhausted votes), a column per round. */
function roundsTable(
  c: RankedContest,
  names: readonly string[],
  r: CountResult,
  lang: Lang,
  t: Translate<DisplayRankedKey>,
): string {
  const head =
    `<thead><tr><th scope="col">${esc(t('candidate'))}</th>` +
    r.rounds.map((x) => `<th scope="col">${esc(t('round', { n: x.round }))}</th>`).join('') +
    `</tr></thead>`;
  const cell = (round: CountRound, name: string) => {
    const v = round.tallies[name];
    if (v === undefined) return '<td>—</td>';
    const mark = markOf(round, name);
    return `<td>${votes(lang, v)}${mark ? ` <span class="mark" data-mark="${mark}">(${esc(t(mark))})</span>` : ''}</td>`;
  };
  const rows = names
    .map(
      (n) =>
        `<tr data-candidate="${esc(n)}"><th scope="row">${esc(n)}</th>${r.rounds.map((x) => cell(x, n)).join('')}</tr>`,
    )
    .join('');
  const exhausted =
    `<tr data-candidate=""><th scope="row">${esc(t('exhausted'))}</th>` +
    r.rounds.map((x) => `<td>${votes(lang, x.exhausted)}</td>`).join('') +
    `</tr>`;
  return (
    `<table data-table="rounds"><caption>${esc(t('roundsCaption', { contest: c.id }))}</caption>` +
    `${head}<tbody>${rows}${exhausted}</tbody></table>`
  );
}

/** One ranked contest's section: counted (summary, chart, table) or not yet, with why. */
export function rankedSection(s: RankedSnapshot, c: RankedContest, lang: Lang): string {
  const t = words(lang);
  const id = `ranked-${esc(c.id)}`;
  const open = `<section class="contest" aria-labelledby="${id}" data-ranked="${esc(c.id)}"><h3 id="${id}">${esc(c.id)}</h3>`;
  const r = s.results?.ranked?.find((x) => x.contestId === c.id)?.result;
  if (!r) {
    // `tallied`: mixing (then decrypting); `published` without a count cannot happen (§7.5)
    const stage = s.election?.state === 'tallied' ? 'stageMixing' : 'stageBefore';
    return (
      `${open}<p class="notice" data-counted="false">${esc(t('notCounted'))}</p>` +
      `<p data-stage="${stage}">${esc(t(stage))}</p></section>`
    );
  }
  const summary = `<p class="notice" data-counted="true">${esc(t('method', { method: r.method, seats: r.seats, ballots: r.validBallots }))}</p>`;
  if (r.rounds.length === 0) return `${open}${summary}<p class="empty">${esc(t('noBallots'))}</p></section>`;
  const names = countCandidates(c, r);
  const list = new Intl.ListFormat(lang, { type: 'conjunction' }).format(r.elected);
  return (
    open +
    summary +
    `<p class="headline" data-figure="elected"><strong>${esc(t('elected', { names: list }))}</strong></p>` +
    `<p class="visually-hidden">${esc(t('chartOf', { contest: c.id }))}</p>` +
    roundsChart(names, r, lang, t) +
    roundsTable(c, names, r, lang, t) +
    `</section>`
  );
}

/** Every ranked contest of the manifest, in its order ('' when it has none). */
export function rankedSections(s: RankedSnapshot, m: Manifest, lang: Lang): string {
  const contests = m.rankedContests ?? [];
  if (contests.length === 0) return '';
  return (
    `<section aria-labelledby="ranked-title"><h2 id="ranked-title">${esc(words(lang)('rankedTitle'))}</h2>` +
    contests.map((c) => rankedSection(s, c, lang)).join('') +
    `</section>`
  );
}
