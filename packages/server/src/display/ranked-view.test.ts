/**
 * Ranked contests on the display (ranked-view.ts): before the count, "not counted yet" with the
 * reason and no figures; once counted, the summary, who is elected, and the round table — each
 * candidate's votes per round, the excluded and the elected marked, "—" once out, the exhausted
 * votes — with a bar per candidate and round in the chart; write-ins as rows of their own; the
 * words and digits of the page's language; manifest text escaped.
 */
import { countRankedContest, type RankedContest } from '@evident/e2e-crypto';
import { formatNumber } from '@evident/i18n';
import { describe, expect, it } from 'vitest';
import { simpleManifest } from '../testing/local-election.js';
import { countCandidates, rankedSection, rankedSections } from './ranked-view.js';

const MAYOR: RankedContest = { id: 'mayor', candidates: ['Ada', 'Bo', '<Cy>'], ranks: 3, seats: 1 };
// Ada 3 first preferences, Bo 2, Cy 2 (then Bo): Cy (tied with Bo, listed last) is excluded, Bo wins 4–3
const rows = [
  [1, 0, 0],
  [1, 0, 0],
  [1, 0, 0],
  [2, 1, 0],
  [2, 0, 0],
  [3, 2, 0],
  [3, 2, 0],
];
const count = countRankedContest(MAYOR, rows);
const counted = { results: { ranked: [{ contestId: 'mayor', result: count }] } };
const cells = (html: string, candidate: string) =>
  [...html.matchAll(new RegExp(`<tr data-candidate="${candidate}">(.*?)</tr>`, 'g'))][0]![1]!
    .split(/<\/t[dh]>/)
    .filter((c) => c !== '')
    .map((c) => c.replace(/<[^>]+>/g, ''));

describe('ranked contests on the display', () => {
  it('says a contest is not counted yet, and why, before the count', () => {
    const html = rankedSection({}, MAYOR, 'en');
    expect(html).toContain('data-counted="false"');
    expect(html).toContain('Not counted yet');
    expect(html).toContain('mixed them');
    expect(html).not.toContain('<table');
    expect(html).toContain('the mix starts after the tally');
    // once tallied: the trustees are mixing
    const mixing = rankedSection({ election: { state: 'tallied' } }, MAYOR, 'en');
    expect(mixing).toContain('data-stage="stageMixing"');
    expect(mixing).toContain('the trustees are mixing');
    // published results without this contest's count: still not counted
    expect(rankedSection({ results: { ranked: [] } }, MAYOR, 'en')).toContain('Not counted yet');
  });

  it('shows each round: votes per candidate, the excluded and the elected marked, the exhausted votes', () => {
    expect(count.rounds).toHaveLength(2); // the fixture is what the test says it is
    const html = rankedSection(counted, MAYOR, 'en');
    expect(html).toContain('data-counted="true"');
    expect(html).toContain('Instant-runoff: 1 seat, 7 valid ballots.');
    expect(html).toContain('Elected: Bo');
    expect(cells(html, 'Ada')).toEqual(['Ada', '3', '3']);
    expect(cells(html, 'Bo')).toEqual(['Bo', '2', '4 (elected)']);
    expect(cells(html, '&lt;Cy&gt;')).toEqual(['&lt;Cy&gt;', '2 (excluded)', '—']);
    expect(cells(html, '')).toEqual(['Exhausted', '0', '0']);
    expect(html).not.toContain('<Cy>');
    // the chart: a bar per candidate still in each round (3, then 2), the elected and excluded apart
    const chart = /<svg[^]*<\/svg>/.exec(html)![0];
    expect(chart).toContain('aria-hidden="true"');
    expect(chart.match(/<rect/g)).toHaveLength(5);
    expect(chart.match(/bar-excluded/g)).toHaveLength(1);
    expect(chart.match(/bar-elected/g)).toHaveLength(1);
  });

  it('counts write-ins as candidates of their own, and STV votes with decimals', () => {
    const council: RankedContest = {
      id: 'council',
      candidates: ['Pia', 'Quinn', 'Rui'],
      ranks: 2,
      seats: 2,
      writeIns: 1,
    };
    const r = countRankedContest(
      council,
      [
        [1, 2],
        [1, 2],
        [1, 2],
        [1, 0],
        [2, 0],
        [4, 0],
        [4, 0],
      ],
      [[null], [null], [null], [null], [null], ['Zed'], ['Zed']],
    );
    expect(countCandidates(council, r)).toEqual(['Pia', 'Quinn', 'Rui', 'Zed']);
    const html = rankedSection({ results: { ranked: [{ contestId: 'council', result: r }] } }, council, 'en');
    expect(html).toContain('Single transferable vote: 2 seats');
    expect(html).toContain('<tr data-candidate="Zed">');
    expect(r.rounds.some((x) => x.action === 'transfer')).toBe(true);
    expect(html).toContain('(surplus transferred)');
  });

  it('speaks the page language: French words, Arabic words and digits', () => {
    expect(rankedSection({}, MAYOR, 'fr')).toContain('Pas encore dépouillé');
    const ar = rankedSection(counted, MAYOR, 'ar');
    expect(ar).toContain('الفائزون');
    expect(cells(ar, 'Bo')[2]).toBe(`${formatNumber('ar', 4)} (فائز)`);
  });

  it('mirrors the rounds chart in Arabic, as the contest charts are: labels from the right edge', () => {
    const xs = (html: string, cls: string) =>
      [...html.matchAll(new RegExp(`<text x="([0-9.]+)"[^>]*class="${cls}"`, 'g'))].map((m) => Number(m[1]));
    const ltr = rankedSection(counted, MAYOR, 'en');
    const rtl = rankedSection(counted, MAYOR, 'ar');
    expect(rtl).toContain('direction="rtl"');
    expect(xs(ltr, 'chart-label').every((x) => x === 20)).toBe(true);
    expect(xs(rtl, 'chart-label').every((x) => x === 980)).toBe(true);
    const bar = (html: string) =>
      /<rect x="([0-9.]+)"[^>]*width="([0-9.]+)"/.exec(html)!.slice(1).map(Number);
    const [lx, lw] = bar(ltr);
    const [rx, rw] = bar(rtl);
    expect(rw).toBe(lw);
    expect(rx).toBeCloseTo(1000 - lx! - lw!, 1);
  });

  it('adds nothing for an election without ranked contests, a section with a heading otherwise', () => {
    expect(rankedSections(counted, simpleManifest(), 'en')).toBe('');
    const html = rankedSections(counted, { ...simpleManifest(), rankedContests: [MAYOR] }, 'en');
    expect(html).toMatch(
      /^<section aria-labelledby="ranked-title"><h2 id="ranked-title">Ranked contests<\/h2>/,
    );
  });
});
