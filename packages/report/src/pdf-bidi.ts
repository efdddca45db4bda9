/**
 * Right-to-left text in the PDF. pdfkit draws a string as fontkit shapes it, and fontkit reverses
 * a whole string written in an RTL script — numbers and Latin names inside it too — with no
 * bidirectional algorithm. So each line is cut here into runs of one embedding level (the
 * Unicode Bidirectional Algorithm, UAX #9, by `bidi-js`), the runs put in visual order (rule
 * L2), and each run drawn on its own. pdfkit shapes and places a string word by word, from the
 * left: so a right-to-left run is cut here into its words, put right to left; fontkit reverses
 * each Arabic word's glyphs as it shapes it; a word without Arabic letters in a right-to-left run
 * (punctuation between Arabic words) is reversed here; brackets are mirrored here (rule L4).
 * @module
 */
import bidiModule from 'bidi-js';

// a UMD module: Node's default export is its factory; its types describe the CommonJS object
const bidi = (bidiModule as unknown as typeof bidiModule.default)();
/** Letters of the right-to-left scripts, which make fontkit reverse a run. */
const RTL_LETTER = /[\u0590-\u08ff\ufb1d-\ufdff\ufe70-\ufeff]/;

/** One run of a line: its text in logical order, and whether it reads right to left. */
export interface Run {
  readonly text: string;
  readonly rtl: boolean;
}

/** The runs of `line` in logical order, each of one embedding level. */
function logicalRuns(line: string, dir: 'ltr' | 'rtl'): { text: string; level: number }[] {
  const { levels } = bidi.getEmbeddingLevels(line, dir);
  const runs: { text: string; level: number }[] = [];
  for (let i = 0; i < line.length;) {
    let j = i + 1;
    while (j < line.length && levels[j] === levels[i]) j++;
    runs.push({ text: line.slice(i, j), level: levels[i]! });
    i = j;
  }
  return runs;
}

/** Rule L2: from the highest level down to the lowest odd one, reverse each sequence at that level or above. */
function reorder<T extends { level: number }>(runs: T[]): T[] {
  const out = [...runs];
  const max = Math.max(0, ...out.map((r) => r.level));
  const lowest = Math.min(...out.map((r) => r.level));
  for (let lv = max; lv >= (lowest % 2 ? lowest : lowest + 1); lv--)
    for (let i = 0; i < out.length;) {
      if (out[i]!.level < lv) {
        i++;
        continue;
      }
      let j = i;
      while (j < out.length && out[j]!.level >= lv) j++;
      out.splice(i, j - i, ...out.slice(i, j).reverse());
      i = j;
    }
  return out;
}

/** Rule L4: a right-to-left word's brackets mirrored — fontkit reverses an Arabic word's glyphs but does not mirror them. */
const mirror = (word: string): string => [...word].map((c) => bidi.getMirroredCharacter(c) ?? c).join('');
/** A right-to-left word without RTL letters, reversed here (fontkit draws it left to right). */
const reverse = (word: string): string => [...word].reverse().join('');

/**
 * The runs of one line of text (no line break in it) in visual order, left to right: each is
 * drawn as it is, one after the other.
 */
export function visualRuns(line: string, dir: 'ltr' | 'rtl'): Run[] {
  if (dir === 'ltr' && !RTL_LETTER.test(line)) return line ? [{ text: line, rtl: false }] : [];
  return reorder(logicalRuns(line, dir)).flatMap((r): Run[] => {
    if (r.level % 2 === 0) return [{ text: r.text, rtl: false }];
    const words = r.text.split(/([^\S\u00a0]+)/).filter((w) => w !== '');
    return words
      .reverse()
      .map((w) => ({ text: RTL_LETTER.test(w) ? mirror(w) : reverse(mirror(w)), rtl: true }));
  });
}
