/**
 * Text in a box of the PDF, in either direction: lines wrapped at spaces (a word wider than the
 * box is cut between characters, so no figure is ever lost), each line's runs drawn in visual
 * order ({@link visualRuns}) and aligned to the start or the end of the box — the start is the
 * left in English and French, the right in Arabic.
 * @module
 */
import { type Run, visualRuns } from './pdf-bidi.js';

type Doc = PDFKit.PDFDocument;

/** Where a text goes: its box and its alignment in the report's direction. */
export interface Box {
  readonly x: number;
  readonly width: number;
  readonly align: 'start' | 'end';
  /** the report's direction: where the start of the box is */
  readonly dir: 'ltr' | 'rtl';
  /** the text's own base direction when not the report's (a number is written left to right) */
  readonly textDir?: 'ltr' | 'rtl';
}

/** The bidi marks Intl puts in numbers (an Arabic letter mark before a minus sign): layout, not glyphs. */
const MARKS = /[\u200e\u200f\u061c]/g;
/** The narrow no-break space of French numbers (`1 234`), which the font lacks: a no-break space instead. */
const NARROW_NBSP = /\u202f/g;
/** Where a line may break: white space, but not a no-break space (inside a number). */
const BREAK = /([^\S\u00a0]+)/;

/** The text as drawn: marks removed, spaces the font has. */
const drawable = (text: string): string => text.replace(MARKS, '').replace(NARROW_NBSP, '\u00a0');

const lineHeight = (doc: Doc): number => doc.currentLineHeight(true);

/** A word wider than `width` cut between characters. */
function cutWord(doc: Doc, word: string, width: number): string[] {
  const parts: string[] = [];
  let part = '';
  for (const ch of word) {
    if (part && doc.widthOfString(part + ch) > width) {
      parts.push(part);
      part = '';
    }
    part += ch;
  }
  return part ? [...parts, part] : parts;
}

/** The lines of `text` in a box `width` wide, in the current font (logical order). */
export function wrapLines(doc: Doc, text: string, width: number): string[] {
  const lines: string[] = [];
  for (const para of text.split('\n')) {
    let line = '';
    for (const token of para.split(BREAK)) {
      if (token === '') continue;
      const candidate = line + token;
      if (doc.widthOfString(candidate.trimEnd()) <= width || line.trim() === '') {
        line = candidate;
        continue;
      }
      lines.push(line.trimEnd());
      line = token.trimStart();
    }
    const trimmed = line.trimEnd();
    const cut = trimmed && doc.widthOfString(trimmed) > width ? cutWord(doc, trimmed, width) : [trimmed];
    lines.push(...cut);
  }
  return lines.flatMap((l) => (doc.widthOfString(l) > width ? cutWord(doc, l, width) : [l]));
}

/** The height of `text` in a box `width` wide. */
export const textHeight = (doc: Doc, text: string, width: number): number =>
  wrapLines(doc, drawable(text), width).length * lineHeight(doc);

/** Draws one line's runs from `x`, left to right. */
function drawRuns(doc: Doc, runs: readonly Run[], x: number, y: number): void {
  let cx = x;
  for (const r of runs) {
    doc.text(r.text, cx, y, { lineBreak: false });
    cx += doc.widthOfString(r.text);
  }
}

/**
 * Draws `text` at `y` in `box`, in the current font, size and colour; leaves the cursor where it
 * was.
 * @returns the height drawn
 */
export function drawText(doc: Doc, text: string, y: number, box: Box): number {
  const [x0, y0] = [doc.x, doc.y];
  const lines = wrapLines(doc, drawable(text), box.width);
  lines.forEach((line, i) => {
    const runs = visualRuns(line, box.textDir ?? box.dir);
    const w = runs.reduce((a, r) => a + doc.widthOfString(r.text), 0);
    const atLeft = (box.align === 'start') === (box.dir === 'ltr');
    drawRuns(doc, runs, atLeft ? box.x : box.x + box.width - w, y + i * lineHeight(doc));
  });
  [doc.x, doc.y] = [x0, y0];
  return lines.length * lineHeight(doc);
}
