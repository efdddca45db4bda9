import { describe, expect, it } from 'vitest';
import type { ElectionReport } from './election-report.js';
import { escapeHtml, renderHtml } from './render-html.js';

const report = (
  name: string,
  valid: boolean,
  language: ElectionReport['language'] = 'en',
): ElectionReport => ({
  format: 'evident/report/v1',
  language,
  electionId: 'e1',
  electionName: name,
  record: '/r',
  verification: { valid, recordFormat: 'evident', steps: [] },
  results: null,
  turnout: { onlineCounted: 0, onlineSuperseded: 0, paperBallots: 0, checkIns: 0, total: 0 },
  cancellations: 0,
  challenged: 0,
  rejected: [],
  incidents: null,
  refusedSheets: null,
  exclusions: [],
  reconciliation: [],
  ranked: [],
  notReported: [],
});

describe('renderHtml', () => {
  it('escapes every text of the record (an election name is anyone’s)', () => {
    expect(escapeHtml(`<a href="x">'&`)).toBe('&lt;a href=&quot;x&quot;&gt;&#39;&amp;');
    const html = renderHtml(report('<script>alert(1)</script>', true));
    expect(html).not.toContain('<script>');
    expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
  });

  it('says an empty section is empty, and an invalid record does not verify', () => {
    const html = renderHtml(report('x', false));
    expect(html).toContain('None in the record.');
    expect(html).toContain('does NOT verify');
    expect(renderHtml(report('x', true))).not.toContain('does NOT verify');
  });

  it('writes Arabic right to left with logical properties only, and says incidents are not in a record', () => {
    const html = renderHtml(report('انتخابات', true, 'ar'));
    expect(html).toMatch(/^<!doctype html>\n<html lang="ar" dir="rtl">/);
    expect(html).not.toMatch(/\b(left|right)\b/);
    expect(html).toContain('غير متاح');
    expect(renderHtml(report('x', true, 'fr'))).toMatch(/<html lang="fr" dir="ltr">[^]*non disponible/);
  });
});
