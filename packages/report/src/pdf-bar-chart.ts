/**
 * A horizontal bar chart drawn with pdfkit's vector graphics: one bar per row, made of stacked
 * segments (online, then paper), each bar labelled with its figures in text so that the chart is
 * never the only place a figure is shown.
 * @module
 */

const LABEL = 110;
const FIGURES = 150;
const BAR = 12;

/** One segment of a bar. */
export interface Segment {
  readonly value: number;
  readonly color: string;
}

/** One bar: its label, its stacked segments, and the text of its figures. */
export interface Bar {
  readonly label: string;
  readonly segments: readonly Segment[];
  readonly figures: string;
}

/** One legend entry. */
export interface LegendEntry {
  readonly label: string;
  readonly color: string;
}

/**
 * Draws the bars at the cursor, scaled to the largest bar, then the legend; leaves the cursor below.
 * @param left - the page's left margin; `width` the usable width
 */
export function barChart(
  doc: PDFKit.PDFDocument,
  left: number,
  width: number,
  bars: readonly Bar[],
  legend: readonly LegendEntry[],
): void {
  const span = width - LABEL - FIGURES;
  const max = Math.max(1, ...bars.map((b) => b.segments.reduce((a, s) => a + s.value, 0)));
  doc.font('Helvetica').fontSize(9);
  for (const b of bars) {
    const y = doc.y;
    doc.fillColor('black').text(b.label, left, y + 2, { width: LABEL - 6, lineBreak: false, ellipsis: true });
    let x = left + LABEL;
    for (const s of b.segments) {
      const w = (s.value / max) * span;
      if (w > 0) doc.rect(x, y, w, BAR).fill(s.color);
      x += w;
    }
    doc
      .rect(left + LABEL, y, span, BAR)
      .lineWidth(0.3)
      .stroke('#888');
    doc
      .fillColor('black')
      .text(b.figures, left + LABEL + span + 6, y + 2, { width: FIGURES - 6, lineBreak: false });
    doc.x = left;
    doc.y = y + BAR + 6;
  }
  const y = doc.y;
  legend.forEach((l, i) => {
    const x = left + LABEL + i * 60;
    doc.rect(x, y, 8, 8).fill(l.color);
    doc.fillColor('black').text(l.label, x + 12, y, { lineBreak: false });
  });
  doc.x = left;
  doc.y = y + 14;
}

/** The height {@link barChart} needs for `n` bars and its legend. */
export const barChartHeight = (n: number): number => (BAR + 6) * n + 14;
