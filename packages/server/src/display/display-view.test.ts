/**
 * The results display's rendering from a results snapshot (display-view.ts): paper and online
 * apart per option, the online column empty and "not yet decrypted" said before the trustees
 * decrypt, stations reported of expected by district, the empty state before any sheet, names
 * in the page's language, escaping of manifest text, bars proportional to the totals.
 */
import { describe, expect, it } from 'vitest';
import type { PaperResults } from '../sheets/paper-results.js';
import { paperManifest } from '../testing/station-sheets.js';

import {
  barChart,
  contestSection,
  displayHtml,
  displayWords,
  optionRows,
  stationsSection,
  turnoutSection,
  type ResultsSnapshot,
} from './display-view.js';

const m = paperManifest();
const sel = (a: number, b: number, c: number) => [
  { label: 'a', value: a },
  { label: 'b', value: b },
  { label: 'c', value: c },
];
const paper: PaperResults = {
  stationsExpected: 3,
  stationsReported: 1,
  byStation: [
    {
      station: 'p1',
      district: 'd1',
      sequence: 2,
      sheetHash: 'ab',
      checkIns: 7,
      ballots: 6,
      contests: [{ label: 'c1', selections: sel(3, 2, 1), blank: 0, overvoted: 0 }],
    },
  ],
  byDistrict: [
    { district: 'd1', stationsExpected: 2, stationsReported: 1, checkIns: 7, ballots: 6, contests: [] },
    { district: 'd2', stationsExpected: 1, stationsReported: 0, checkIns: 0, ballots: 0, contests: [] },
  ],
  total: {
    stationsExpected: 3,
    stationsReported: 1,
    checkIns: 7,
    ballots: 6,
    contests: [{ label: 'c1', selections: sel(3, 2, 1), blank: 0, overvoted: 0 }],
  },
};
const before: ResultsSnapshot = {
  election: { id: 'e1', state: 'open', countingStart: '2026-05-10T17:00' },
  turnout: { credentials: 40, counted: 10, challenged: 1 },
  paper,
};
const after: ResultsSnapshot = {
  ...before,
  election: { id: 'e1', state: 'published' },
  results: { contests: [{ label: 'c1', selections: sel(0, 5, 5) }] },
};
const empty: ResultsSnapshot = {
  election: { id: 'e1', state: 'open', countingStart: '2026-05-10T17:00' },
  turnout: { credentials: 40, counted: 0 },
  paper: { ...paper, stationsReported: 0, byStation: [], total: { ...paper.total, contests: [] } },
};

describe('the results display', () => {
  it('keeps paper and online apart, with no online figure before decryption', () => {
    expect(optionRows(before, m, 'c1', 'en')).toEqual([
      { label: 'a', name: 'a', paper: 3, online: null, total: 3 },
      { label: 'b', name: 'b', paper: 2, online: null, total: 2 },
      { label: 'c', name: 'c', paper: 1, online: null, total: 1 },
    ]);
    expect(optionRows(after, m, 'c1', 'en').map((r) => [r.paper, r.online, r.total])).toEqual([
      [3, 0, 3],
      [2, 5, 7],
      [1, 5, 6],
    ]);
    // a contest no station reported: no paper figure, not a zero
    expect(optionRows(before, m, 'c2', 'en').every((r) => r.paper === null && r.total === 0)).toBe(true);
  });

  it('says the online result is not yet decrypted until it is', () => {
    const t = displayWords('en');
    const pre = contestSection(before, m, 'c1', 'en');
    expect(pre).toContain(t('notDecrypted'));
    expect(pre).toContain('data-decrypted="false"');
    expect(pre).toContain(
      '<tr data-option="b"><th scope="row">b</th><td>2</td><td>—</td><td>2</td><td>33.3%</td></tr>',
    );
    const post = contestSection(after, m, 'c1', 'en');
    expect(post).not.toContain(t('notDecrypted'));
    expect(post).toContain(t('decrypted'));
    expect(post).toContain(
      '<tr data-option="b"><th scope="row">b</th><td>2</td><td>5</td><td>7</td><td>43.8%</td></tr>',
    );
    expect(contestSection(before, m, 'c1', 'fr')).toContain(displayWords('fr')('notDecrypted'));
  });

  it('shows stations reported of expected by district, and each station that reported', () => {
    const html = stationsSection(before, m, 'en');
    expect(html).toContain('Stations reported: <strong>1 of 3</strong>');
    // the words around the figure are the language's own (French puts a space before the colon)
    expect(stationsSection(before, m, 'fr')).toContain('Bureaux ayant transmis : <strong>1 sur 3</strong>');
    expect(html).toContain(
      '<tr data-district="d1"><th scope="row">District 1</th><td>1 of 2</td><td>7</td><td>6</td></tr>',
    );
    expect(html).toContain('<tr data-district="d2"><th scope="row">District 2</th><td>0 of 1</td>');
    expect(html).toContain(
      'data-station="p1"><th scope="row">Station 1 <span class="sub">(corrected once)</span>',
    );
    expect(html).not.toContain('data-empty="stations"');
  });

  it('before any sheet: no station row, and the counting start in words', () => {
    const html = stationsSection(empty, m, 'en');
    expect(html).toContain('data-empty="stations"');
    expect(html).toContain('(\u20662026-05-10 17:00\u2069)');
    expect(html).not.toContain('data-station=');
    expect(contestSection(empty, m, 'c1', 'en')).toContain(displayWords('en')('noVotes'));
    expect(contestSection(empty, m, 'c1', 'en')).not.toContain('<svg');
  });

  it('shows online turnout of credentials and paper check-ins and ballots, in the page’s number format', () => {
    const html = turnoutSection({ ...before, turnout: { credentials: 12000, counted: 3000 } }, 'fr');
    expect(html).toContain('<dd>3\u202f000 <span class="sub">(25\u00a0%)</span></dd>');
    expect(html).toContain('data-figure="check-ins"><dt>Émargements</dt><dd>7</dd>');
    expect(turnoutSection(before, 'en')).toContain(
      'data-figure="online"><dt>Online ballots counted</dt><dd>10 <span class="sub">(25%)</span>',
    );
  });

  it('draws bars in proportion to the totals, paper then online', () => {
    const svg = barChart(optionRows(after, m, 'c1', 'en'), 'en');
    expect(svg).toContain('aria-hidden="true"');
    const widths = [...svg.matchAll(/class="bar-(paper|online)"/g)].length;
    expect(widths).toBe(6);
    const w = [...svg.matchAll(/width="([\d.]+)"/g)].map((x) => Number(x[1]));
    // option b (7) is the longest: its paper + online bars fill the width; a (3) is 3/7 of it
    expect(w[2]! + w[3]!).toBeCloseTo(580, 0);
    expect(w[0]! + w[1]!).toBeCloseTo((580 * 3) / 7, 0);
  });

  it('mirrors the chart in Arabic: labels from the right edge, bars growing leftwards', () => {
    const rows = optionRows(after, m, 'c1', 'en');
    const ltr = barChart(rows, 'en');
    const rtl = barChart(rows, 'ar');
    expect(ltr).toContain('direction="ltr"');
    expect(rtl).toContain('direction="rtl"');
    const xs = (svg: string, cls: string) =>
      [...svg.matchAll(new RegExp(`x="([\\d.]+)"[^>]*class="${cls}"`, 'g'))].map((x) => Number(x[1]));
    expect(xs(ltr, 'chart-label')).toEqual([0, 0, 0]);
    expect(xs(rtl, 'chart-label')).toEqual([1000, 1000, 1000]);
    // each bar's box is the left-to-right one reflected: x' = 1000 − x − width
    const boxes = (svg: string) =>
      [...svg.matchAll(/<rect x="([\d.]+)" y="[\d.]+" width="([\d.]+)"/g)].map((b) => [
        Number(b[1]),
        Number(b[2]),
      ]);
    const l = boxes(ltr);
    const r = boxes(rtl);
    expect(l).toHaveLength(6);
    expect(r).toHaveLength(6);
    r.forEach(([x, w], i) => expect(x! + w! + l[i]![0]!).toBeCloseTo(1000, 0));
  });

  it('counts corrections with the language’s plural rules', () => {
    expect(displayWords('en')('correction', { n: 2 })).toBe('corrected 2 times');
    expect(displayWords('ar')('correction', { n: 2 })).toBe('صُحّح مرتين');
    expect(displayWords('ar')('correction', { n: 3 })).toBe('صُحّح 3 مرات');
  });

  it('marks a name shown in another language than the page’s with its own lang', () => {
    const html = displayHtml(before, m, 'ar');
    expect(html).toContain('<th scope="row"><span lang="en">District 1</span></th>');
    expect(displayHtml(before, m, 'en')).toContain('<th scope="row">District 1</th>');
  });

  it('escapes manifest text', () => {
    const evil = {
      ...m,
      contests: m.contests.map((c) => ({ ...c, name: { en: '<img src=x onerror=alert(1)>' } })),
    };
    const html = displayHtml(before, evil, 'en');
    expect(html).not.toContain('<img');
    expect(html).toContain('&lt;img src=x onerror=alert(1)&gt;');
  });
});
