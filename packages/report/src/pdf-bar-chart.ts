/**
 * A horizontal bar chart drawn with pdfkit's vector graphics: one bar per row, made of stacked
 * segments (online, then paper), each bar labelled with its figures in text so that the chart is
 * never the only place a figure is shown. In a right-to-left report the chart is mirrored: labels
 * on the right, bars growing to the left.
 * @module
 */
import { type Box, drawText } from './pdf-write.js';

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

/** Where the chart goes: the usable width from `left`, the direction, the regular font's name. */
export interface ChartFrame {
  readonly left: number;
  readonly width: number;
  readonly dir: 'ltr' | 'rtl';
  readonly font: string;
}

/** The x of a span [x, x + w] measured from the start side of the frame. */
const at = (f: ChartFrame, x: number, w: number): number =>
  f.dir === 'ltr' ? f.left + x : f.left + f.width - x - w;

/** Draws the bars at the cursor, scaled to the largest bar, then the legend; leaves the cursor below. */
export function barChart(
  doc: PDFKit.PDFDocument,
  f: ChartFrame,
  bars: readonly Bar[],
  legend: readonly LegendEntry[],
): void {
  const span = f.width - LABEL - FIGURES;
  const max = Math.max(1, ...bars.map((b) => b.segments.reduce((a, s) => a + s.value, 0)));
  const box = (x: number, width: number): Box => ({ x: at(f, x, width), width, align: 'start', dir: f.dir });
  doc.font(f.font).fontSize(9);
  for (const b of bars) {
    const y = doc.y;
    doc.fillColor('black');
    // a long label is cut to one line: the tables below show it whole
    drawText(doc, b.label.length > 24 ? `${b.label.slice(0, 23)}…` : b.label, y, box(0, LABEL - 6));
    let x = LABEL;
    for (const s of b.segments) {
      const w = (s.value / max) * span;
      if (w > 0) doc.rect(at(f, x, w), y, w, BAR).fill(s.color);
      x += w;
    }
    doc
      .rect(at(f, LABEL, span), y, span, BAR)
      .lineWidth(0.3)
      .stroke('#888');
    doc.fillColor('black');
    drawText(doc, b.figures, y, box(LABEL + span + 6, FIGURES - 6));
    doc.x = f.left;
    doc.y = y + BAR + 6;
  }
  const y = doc.y;
  legend.forEach((l, i) => {
    const x = LABEL + i * 80;
    doc.rect(at(f, x, 8), y, 8, 8).fill(l.color);
    doc.fillColor('black');
    drawText(doc, l.label, y - 1, box(x + 12, 64));
  });
  doc.x = f.left;
  doc.y = y + 14;
}

/** The height {@link barChart} needs for `n` bars and its legend. */
export const barChartHeight = (n: number): number => (BAR + 6) * n + 14;
