/**
 * Shaped text kept across PDF documents. pdfkit shapes text a word at a time through fontkit's
 * `font.layout(word)` and keeps the runs for one document only; thousands of credential letters
 * shape the same help texts again each time (~40 % of a letter's time). A font opened once per
 * process ({@link pdfFontFaces}) gets a `layout` that keeps the last runs it shaped, by text, and
 * hands out a copy of one when the same text comes again.
 *
 * Why this is safe:
 * - A run is in the font's units: it depends on the font and the text only (not on the size,
 *   which pdfkit applies when it draws), and the cache is the font's own. A call with features,
 *   a script, a language or a direction is shaped as before, not cached (pdfkit makes none).
 * - pdfkit scales the positions of the run it gets in place (`EmbeddedFont.layoutRun`), so each
 *   call gets its own array of glyphs and its own positions; the kept run is never handed out.
 * - The glyph objects are shared, as fontkit itself shares them: it keeps one glyph object per
 *   glyph id per font, whatever text it was shaped from. What is per document (the subset, the
 *   widths, the ToUnicode map) pdfkit builds from the glyphs of each document it draws.
 * - It is bounded: the least recently used run goes when there are `max` of them.
 * @module
 */

/** The part of fontkit's GlyphRun that is copied: the glyphs and their positions. */
interface GlyphRunLike {
  glyphs: unknown[];
  positions: object[];
}

/** A font with fontkit's `layout`. */
export interface ShapingFont {
  layout(text: string, ...rest: unknown[]): unknown;
}

/** A copy of `run` (the same class) with its own glyph array and position objects. */
function copyRun<R extends GlyphRunLike>(run: R): R {
  const copy = Object.assign(Object.create(Object.getPrototypeOf(run) as object) as R, run);
  copy.glyphs = run.glyphs.slice();
  copy.positions = run.positions.map((p) =>
    Object.assign(Object.create(Object.getPrototypeOf(p) as object), p),
  );
  return copy;
}

/**
 * Gives `font` a `layout` that keeps up to `max` shaped runs (by text, least recently used out).
 * @param font - a fontkit font opened once per process (changed in place)
 * @param max - how many runs are kept at most
 * @returns the font, and how many runs it keeps now (for the tests)
 * @throws {RangeError} when `max` is not a positive integer
 */
export function keepShapedRuns<F extends ShapingFont>(font: F, max: number): { font: F; kept: () => number } {
  if (!Number.isInteger(max) || max < 1) throw new RangeError('max: expected a positive integer');
  const shape = font.layout.bind(font);
  const runs = new Map<string, GlyphRunLike>();
  const layout = (text: string, ...rest: unknown[]): unknown => {
    if (rest.some((x) => x !== undefined)) return shape(text, ...rest);
    let run = runs.get(text);
    if (run) runs.delete(text);
    else {
      run = shape(text) as GlyphRunLike;
      if (runs.size >= max) runs.delete(runs.keys().next().value!);
    }
    runs.set(text, run);
    return copyRun(run);
  };
  Object.defineProperty(font, 'layout', { value: layout, configurable: true, writable: true });
  return { font, kept: () => runs.size };
}
