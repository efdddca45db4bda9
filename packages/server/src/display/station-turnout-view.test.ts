/**
 * Live turnout per station before its sheet (station-turnout-view.ts): every manifest station
 * without an accepted sheet with its check-ins so far (0 when it has none), in manifest order; a
 * station whose sheet arrived leaves the table; the total; the words and digits of the page's
 * language; nothing for an election without stations.
 */
import { describe, expect, it } from 'vitest';
import { formatNumber } from '@evident/i18n';
import { paperManifest } from '../testing/station-sheets.js';
import { stationsToReport, stationTurnoutSection } from './station-turnout-view.js';

const m = paperManifest(); // p1, p2 in d1; p3 in d2
const snap = { paper: { byStation: [{ station: 'p1' }], checkIns: { p1: 9, p3: 1234 } } };

describe('live turnout per station before its sheet', () => {
  it('lists the stations still to report with their check-ins so far', () => {
    expect(stationsToReport(snap, m)).toEqual([
      { station: 'p2', district: 'd1', checkIns: 0 },
      { station: 'p3', district: 'd2', checkIns: 1234 },
    ]);
    const html = stationTurnoutSection(snap, m, 'en');
    expect(html).not.toContain('data-live-station="p1"');
    expect(html).toMatch(/<tr data-live-station="p3">.*?<td>1,234<\/td><\/tr>/);
    expect(html).toContain('1,234 voters checked in at 2 stations still to report.');
  });

  it('says when every station has reported, and adds nothing without stations', () => {
    const all = {
      paper: { byStation: ['p1', 'p2', 'p3'].map((station) => ({ station })), checkIns: { p1: 1 } },
    };
    expect(stationTurnoutSection(all, m, 'en')).toContain('Every polling station has reported.');
    expect(stationTurnoutSection(all, m, 'en')).not.toContain('<table');
    expect(stationTurnoutSection(snap, { ...m, pollingStations: [] }, 'en')).toBe('');
  });

  it('counts before any result at all, in French and in Arabic', () => {
    expect(stationsToReport({}, m).map((r) => r.checkIns)).toEqual([0, 0, 0]);
    const fr = stationTurnoutSection(snap, m, 'fr').replace(/\s/g, ' ');
    expect(fr).toContain('1 234 électeurs émargés dans 2 bureaux');
    const ar = stationTurnoutSection(snap, m, 'ar');
    expect(ar).toContain(`<td>${formatNumber('ar', 1234)}</td>`);
    expect(ar).toContain('مركزين لم ترسل نتائجها بعد');
  });
});
