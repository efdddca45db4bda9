/**
 * What the PDF's font can show ({@link fontHas}). pdfkit draws a character its font lacks as an
 * empty box without a word; the report refuses instead, naming the text and the character, so
 * that no name is ever printed wrong.
 * @module
 */
import { fontHas } from './pdf-fonts.js';

/** Layout characters that are not glyphs: line breaks and the bidi marks. */
const LAYOUT = /[\n\u200e\u200f\u061c]/;

/** A text the PDF cannot show, with where it is in the report. */
export class PdfTextError extends Error {
  override readonly name = 'PdfTextError';
  constructor(
    readonly where: string,
    readonly text: string,
    readonly character: string,
  ) {
    super(
      `${where}: '${text}' holds '${character}' (U+${character.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')}), which the PDF's font cannot show: use --format html, csv or json`,
    );
  }
}

/**
 * Checks that every text can be shown.
 * @param texts - [where, text] pairs
 * @throws {PdfTextError} for the first text with a character outside the font
 */
export function checkPdfTexts(texts: Iterable<readonly [string, string]>): void {
  for (const [where, text] of texts)
    for (const ch of text)
      if (!LAYOUT.test(ch) && !fontHas(ch.codePointAt(0)!)) throw new PdfTextError(where, text, ch);
}
