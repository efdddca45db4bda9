/**
 * What the PDF's standard fonts can show: WinAnsiEncoding (PDF 32000-1:2008, Annex D.2) —
 * Latin-1 and 27 more characters. pdfkit draws any other character as a wrong glyph without a
 * word; the report refuses instead, naming the text, so that no name is ever printed wrong.
 * @module
 */

/** WinAnsi's characters at codes 0x80–0x9F, beyond Latin-1. */
const WIN_ANSI_EXTRA = new Set('€‚ƒ„…†‡ˆ‰Š‹ŒŽ‘’“”•–—˜™š›œžŸ');

/** True when the standard fonts show `ch` (line breaks are layout, not glyphs). */
const printable = (ch: string): boolean => {
  const c = ch.codePointAt(0)!;
  return ch === '\n' || (c >= 0x20 && c <= 0x7e) || (c >= 0xa0 && c <= 0xff) || WIN_ANSI_EXTRA.has(ch);
};

/** A text the PDF cannot show, with where it is in the report. */
export class PdfTextError extends Error {
  override readonly name = 'PdfTextError';
  constructor(
    readonly where: string,
    readonly text: string,
    readonly character: string,
  ) {
    super(
      `${where}: '${text}' holds '${character}' (U+${character.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')}), which the PDF's standard fonts cannot show: use --format html, csv or json`,
    );
  }
}

/**
 * Checks that every text can be shown.
 * @param texts - [where, text] pairs
 * @throws {PdfTextError} for the first text with a character outside WinAnsi
 */
export function checkPdfTexts(texts: Iterable<readonly [string, string]>): void {
  for (const [where, text] of texts)
    for (const ch of text) if (!printable(ch)) throw new PdfTextError(where, text, ch);
}
