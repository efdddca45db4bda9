/**
 * The PDF's font: IBM Plex Sans Arabic (SIL Open Font License 1.1), regular and bold, from the npm
 * package `@expo-google-fonts/ibm-plex-sans-arabic`, which ships its TrueType files — nothing is
 * downloaded at install or run time. One font covers the report's three languages: Latin-1 and
 * Windows-1252's punctuation, most of Latin Extended, and Arabic with its joining forms and
 * ligatures, which pdfkit's font engine (fontkit) shapes; each glyph maps to its own characters
 * in the PDF's ToUnicode table, so that the text can be searched and copied.
 *
 * Every PDF (the reports, and the credential letters: thousands in a row) registers the fonts
 * opened once per process ({@link registerPdfFonts}) rather than the files: pdfkit parses a font
 * file anew for every document, and fontkit decodes the tables that shaping reads (GSUB, GPOS)
 * lazily, once per opened font — three quarters of a letter's time when each letter opened its own.
 * The opened fonts also keep the words they shaped, for the next documents (`layout-cache.ts`).
 * @module
 */
import { createRequire } from 'node:module';
import { keepShapedRuns } from './layout-cache.js';

const require = createRequire(import.meta.url);

/** The part of fontkit (pdfkit's font engine, which ships no types) the report uses. */
interface FontkitFont {
  hasGlyphForCodePoint(codePoint: number): boolean;
  /** what pdfkit looks for in a font it is given as an object rather than a file */
  layout(text: string): unknown;
}
const fontkit = require('fontkit') as { openSync(path: string): FontkitFont };
const PACKAGE = '@expo-google-fonts/ibm-plex-sans-arabic';

/** The font files, by the names the renderer registers them under. */
export const PDF_FONTS = {
  body: require.resolve(`${PACKAGE}/400Regular/IBMPlexSansArabic_400Regular.ttf`),
  bold: require.resolve(`${PACKAGE}/700Bold/IBMPlexSansArabic_700Bold.ttf`),
} as const;

/** A font opened once per process, for pdfkit's `registerFont` (which takes it as it takes a file). */
export type PdfFontFace = FontkitFont;

let faces: { readonly body: PdfFontFace; readonly bold: PdfFontFace } | undefined;

/**
 * How many shaped words each face keeps across documents (`layout-cache.ts`): a letter's words in
 * its three languages are ~420 in the regular face, ~110 in the bold; a shaped word takes ~1.5 KB,
 * so at most ~3 MB a face.
 */
const SHAPED_RUNS = 2048;

/** The fonts of {@link PDF_FONTS}, opened once per process (shared by every document). */
export function pdfFontFaces(): { readonly body: PdfFontFace; readonly bold: PdfFontFace } {
  const open = (path: string): PdfFontFace => keepShapedRuns(fontkit.openSync(path), SHAPED_RUNS).font;
  faces ??= { body: open(PDF_FONTS.body), bold: open(PDF_FONTS.bold) };
  return faces;
}

/** True when both the regular and the bold font have a glyph for `codePoint`. */
export function fontHas(codePoint: number): boolean {
  const { body, bold } = pdfFontFaces();
  return body.hasGlyphForCodePoint(codePoint) && bold.hasGlyphForCodePoint(codePoint);
}

/**
 * Registers the fonts opened once ({@link pdfFontFaces}) in a pdfkit document, as `body` and
 * `bold`. pdfkit keeps what is per document (the glyph subset, widths, ToUnicode map) in its own
 * font object around the opened one.
 */
export function registerPdfFonts(doc: PDFKit.PDFDocument): void {
  const { body, bold } = pdfFontFaces();
  // pdfkit takes an opened font as it takes a file (its types name only files)
  doc.registerFont('body', body as unknown as Buffer).registerFont('bold', bold as unknown as Buffer);
}
