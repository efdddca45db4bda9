import { describe, expect, it } from 'vitest';
import { comparablePdf, pdfStructureProblems } from '../test/pdf-structure.js';
import { parseLocaleNumber, pdfTexts } from '../test/read-back.js';
import type { ElectionReport } from './election-report.js';
import { visualRuns } from './pdf-bidi.js';
import { PdfTextError } from './pdf-text.js';
import { renderPdf } from './render-pdf.js';

const report = (
  name: string,
  note: string | null = null,
  language: ElectionReport['language'] = 'en',
): ElectionReport => ({
  format: 'evident/report/v1',
  language,
  electionId: 'e1',
  electionName: name,
  record: '/r',
  verification: { valid: true, recordFormat: 'evident', steps: [] },
  results: null,
  turnout: { onlineCounted: 1234, onlineSuperseded: 0, paperBallots: 0, checkIns: 0, total: 1234 },
  cancellations: 0,
  challenged: 0,
  rejected: [],
  incidents: null,
  refusedSheets: null,
  exclusions: [],
  reconciliation: [
    { station: 'p1', pollBookCheckIns: 3, sheetCheckIns: 3, ballots: 2, difference: -1, note },
  ],
  ranked: [],
  notReported: [],
});

describe('renderPdf', () => {
  it('shows Latin texts as they are (read back through the embedded font from the compressed PDF)', async () => {
    const texts = pdfTexts(await renderPdf(report('Élection — “Zoë” Łukasz 2026'), { compress: true }));
    expect(texts).toContain('Election report — Élection — “Zoë” Łukasz 2026');
  });

  it('writes an Arabic report right to left: words in visual order, numbers left to right', async () => {
    const texts = pdfTexts(
      await renderPdf(report('انتخابات 2026', 'غادر ناخب (1)', 'ar'), { compress: false }),
    );
    // the title: 2026 first (leftmost), then the words from the last to the first, each word's
    // glyphs in visual order (a word may be cut into several operators where marks are placed)
    const reversed = (s: string) => [...s].reverse().join('');
    expect(texts[0]).toBe('2026');
    const title = texts.slice(0, 12).join('').replace(/\s/g, '');
    expect(title.startsWith(`2026${reversed('انتخابات')}—`)).toBe(true);
    expect(title).toContain(reversed('تقرير'));
    expect(texts.map(parseLocaleNumber)).toContain(1234);
    expect(texts.map(parseLocaleNumber)).toContain(-1);
  });

  it('makes document after document in one process (the fonts opened once): each whole, with its own text', async () => {
    const en = await renderPdf(report('Élection A'));
    const ar = await renderPdf(report('انتخابات 2026', 'غادر ناخب (1)', 'ar'));
    const again = await renderPdf(report('Élection A'));
    for (const pdf of [en, ar, again]) expect(pdfStructureProblems(pdf)).toEqual([]);
    expect(pdfTexts(en)).toContain('Election report — Élection A');
    expect(pdfTexts(en).join(' ')).not.toContain('2026');
    const reversed = (s: string) => [...s].reverse().join('');
    expect(pdfTexts(ar).join('').replace(/\s/g, '')).toContain(reversed('انتخابات'));
    expect(comparablePdf(again)).toBe(comparablePdf(en));
    // the structure check is not blind: a byte taken out; a font file's first bytes wiped
    expect(pdfStructureProblems(Buffer.concat([en.subarray(0, 200), en.subarray(201)]))).not.toEqual([]);
    const plain = await renderPdf(report('Élection A'), { compress: false });
    expect(pdfStructureProblems(plain)).toEqual([]);
    const n = /\/FontFile2 (\d+) 0 R/.exec(plain.toString('latin1'))![1]!;
    const at = plain.indexOf('stream', plain.indexOf(`\n${n} 0 obj`)) + 'stream\n'.length;
    expect(pdfStructureProblems(Buffer.from(plain).fill(0, at, at + 64))).toEqual([
      expect.stringMatching(`font file ${n}: fontkit does not open it`),
    ]);
  });

  it('refuses a text its font cannot show, naming the text and the character', async () => {
    await expect(renderPdf(report('选举'))).rejects.toThrow(PdfTextError);
    await expect(renderPdf(report('x', 'Ő: one left ✓'))).rejects.toThrow(
      /reconciliation: 'Ő: one left ✓' holds 'Ő' \(U\+0150\)/,
    );
  });
});

describe('visualRuns (right-to-left lines)', () => {
  it('puts the words of an Arabic line right to left and keeps numbers and Latin names left to right', () => {
    const runs = visualRuns('عدد 12 في p1', 'rtl').map((r) => r.text);
    expect(runs.filter((r) => r.trim())).toEqual(['p1', 'في', '12', 'عدد']);
  });
  it('mirrors brackets in a right-to-left word, and leaves a left-to-right line whole', () => {
    expect(visualRuns('(عبر)', 'rtl').map((r) => r.text)).toEqual([')عبر(']);
    expect(visualRuns('Total (all) 12', 'ltr')).toEqual([{ text: 'Total (all) 12', rtl: false }]);
  });
});
