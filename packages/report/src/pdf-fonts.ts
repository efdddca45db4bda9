/**
 * The PDF's font: IBM Plex Sans Arabic (SIL Open Font License 1.1), regular and bold, from the npm
 * package `@expo-google-fonts/ibm-plex-sans-arabic`, which ships its TrueType files — nothing is
 * downloaded at install or run time. One font covers the report's three languages: Latin-1 and
 * Windows-1252's punctuation, most of Latin Extended, and Arabic with its joining forms and
 * ligatures, which pdfkit's font engine (fontkit) shapes; each glyph maps to its own characters
 * in the PDF's ToUnicode table, so that the text can be searched and copied.
 * @module
 */
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);

/** The part of fontkit (pdfkit's font engine, which ships no types) the report uses. */
interface FontkitFont {
  hasGlyphForCodePoint(codePoint: number): boolean;
}
const fontkit = require('fontkit') as { openSync(path: string): FontkitFont };
const PACKAGE = '@expo-google-fonts/ibm-plex-sans-arabic';

/** The font files, by the names the renderer registers them under. */
export const PDF_FONTS = {
  body: require.resolve(`${PACKAGE}/400Regular/IBMPlexSansArabic_400Regular.ttf`),
  bold: require.resolve(`${PACKAGE}/700Bold/IBMPlexSansArabic_700Bold.ttf`),
} as const;

let fonts: FontkitFont[] | undefined;

/** True when both the regular and the bold font have a glyph for `codePoint`. */
export function fontHas(codePoint: number): boolean {
  fonts ??= [fontkit.openSync(PDF_FONTS.body), fontkit.openSync(PDF_FONTS.bold)];
  return fonts.every((f) => f.hasGlyphForCodePoint(codePoint));
}
