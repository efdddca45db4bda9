import { describe, expect, it } from 'vitest';
import { pdfTexts } from '../test/read-back.js';
import type { ElectionReport } from './election-report.js';
import { PdfTextError } from './pdf-text.js';
import { renderPdf } from './render-pdf.js';

const report = (name: string, note: string | null = null): ElectionReport => ({
  format: 'evident/report/v1',
  language: 'en',
  electionId: 'e1',
  electionName: name,
  record: '/r',
  verification: { valid: true, recordFormat: 'evident', steps: [] },
  results: null,
  turnout: { onlineCounted: 0, onlineSuperseded: 0, paperBallots: 0, checkIns: 0, total: 0 },
  cancellations: 0,
  challenged: 0,
  rejected: [],
  refusedSheets: null,
  exclusions: [],
  reconciliation: [
    { station: 'p1', pollBookCheckIns: 3, sheetCheckIns: 3, ballots: 2, difference: -1, note },
  ],
  ranked: [],
  notReported: [],
});

describe('renderPdf', () => {
  it('shows Latin-1 and WinAnsi texts as they are (read back from the compressed PDF)', async () => {
    const texts = pdfTexts(await renderPdf(report('Élection — “Zoë” 2026'), { compress: true }));
    expect(texts).toContain('Election report — Élection — “Zoë” 2026');
  });

  it('refuses a text its standard fonts cannot show, naming the text and the character', async () => {
    await expect(renderPdf(report('انتخابات'))).rejects.toThrow(PdfTextError);
    await expect(renderPdf(report('x', 'Łódź: one left'))).rejects.toThrow(
      /reconciliation: 'Łódź: one left' holds 'Ł' \(U\+0141\)/,
    );
  });
});
