import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import { keepShapedRuns } from './layout-cache.js';
import { PDF_FONTS } from './pdf-fonts.js';

interface Run {
  glyphs: { id: number }[];
  positions: { xAdvance: number; yAdvance: number; xOffset: number; yOffset: number }[];
  advanceWidth: number;
  script: string;
}
interface Font {
  layout(text: string, features?: unknown): Run;
}
const fontkit = createRequire(import.meta.url)('fontkit') as { openSync(path: string): Font };

/** What a run says: its glyphs, their positions, its width and script. */
const shown = (r: Run) => ({
  ids: r.glyphs.map((g) => g.id),
  positions: r.positions.map((p) => ({ ...p })),
  width: r.advanceWidth,
  script: r.script,
});

// Latin with ligatures and accents, Arabic joined and with marks, figures, a space, nothing
const TEXTS = ['office ', 'Élection', 'ﬁnal', 'انتخابات ', 'بِسْمِ', '12 345', ' ', ''];

describe('keepShapedRuns', () => {
  it('gives the runs fontkit gives, the first time and from the cache, in both faces', () => {
    for (const path of [PDF_FONTS.body, PDF_FONTS.bold]) {
      const plain = fontkit.openSync(path);
      const { font, kept } = keepShapedRuns(fontkit.openSync(path), 100);
      for (const text of TEXTS) {
        const want = shown(plain.layout(text));
        expect(shown(font.layout(text)), text).toEqual(want);
        expect(shown(font.layout(text)), text).toEqual(want);
      }
      expect(kept()).toBe(TEXTS.length);
    }
  });

  it('hands out a copy: a run changed as pdfkit changes it (positions scaled) leaves the next one whole', () => {
    const { font } = keepShapedRuns(fontkit.openSync(PDF_FONTS.body), 10);
    const first = font.layout('Voter ');
    const want = shown(first);
    for (const p of first.positions) p.xAdvance *= 0.5;
    first.glyphs.length = 0;
    const second = font.layout('Voter ');
    expect(shown(second)).toEqual(want);
    expect(second.positions[0]).not.toBe(first.positions[0]);
  });

  it('shapes a call with features as before, without keeping it', () => {
    const { font, kept } = keepShapedRuns(fontkit.openSync(PDF_FONTS.body), 10);
    const plain = fontkit.openSync(PDF_FONTS.body);
    expect(shown(font.layout('office', ['liga']))).toEqual(shown(plain.layout('office', ['liga'])));
    expect(kept()).toBe(0);
  });

  it('keeps at most max runs, the least recently used going first', () => {
    const shaped: string[] = [];
    const fake = { layout: (text: string) => (shaped.push(text), { glyphs: [], positions: [] }) };
    const { font, kept } = keepShapedRuns(fake, 3);
    for (const t of ['a', 'b', 'c', 'a', 'd', 'a', 'c', 'b']) font.layout(t);
    // d pushed b out (a had been used again); b then pushed d out (a and c used since)
    expect(shaped).toEqual(['a', 'b', 'c', 'd', 'b']);
    expect(kept()).toBe(3);
    font.layout('a');
    font.layout('c');
    expect(shaped).toHaveLength(5);
    font.layout('d');
    expect(shaped.at(-1)).toBe('d');
  });

  it('refuses a max that is not a positive integer, naming it', () => {
    expect(() => keepShapedRuns({ layout: () => null }, 0)).toThrow(/^max: /);
    expect(() => keepShapedRuns({ layout: () => null }, 1.5)).toThrow(RangeError);
  });
});
