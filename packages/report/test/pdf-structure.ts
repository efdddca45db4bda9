/**
 * A PDF's structure checked for the tests (ISO 32000-1 §7.5: header, body, cross-reference
 * table, trailer), as a reader that follows the table would read it: the header, the trailer's
 * `startxref` pointing at the table, each object where the table says, each stream as long as its
 * `/Length`, the catalog the trailer names, and every embedded TrueType font (`/FontFile2`) one
 * that fontkit opens. Enough to tell a whole document from one whose parts were mixed with
 * another's or cut short; not a full validator.
 * @module
 */
import { createRequire } from 'node:module';
import { inflateSync } from 'node:zlib';

const require = createRequire(import.meta.url);
const fontkit = require('fontkit') as { create(b: Buffer): { numGlyphs: number } };

/** The stream of the object at offset `at` (inflated when compressed), or what is wrong with it. */
function objectStream(pdf: Buffer, bin: string, at: number): Buffer | string {
  const end = bin.indexOf('endobj', at);
  const body = bin.slice(at, end);
  const length = /\/Length (\d+)/.exec(body);
  const open = /stream\r?\n/.exec(body);
  if (!length || !open) return 'no stream';
  const start = at + open.index + open[0].length;
  const raw = pdf.subarray(start, start + Number(length[1]));
  if (!/^\r?\n?endstream/.test(bin.slice(start + raw.length, start + raw.length + 12)))
    return `its stream is not /Length ${length[1]} bytes long`;
  try {
    return /FlateDecode/.test(body.slice(0, open.index)) ? inflateSync(raw) : raw;
  } catch {
    return 'its stream does not inflate';
  }
}

/** The objects' offsets by number from the cross-reference table, with its problems. */
function crossReference(bin: string): { offsets: Map<number, number>; trailer: string; problems: string[] } {
  const offsets = new Map<number, number>();
  const tail = /startxref\r?\n(\d+)\r?\n%%EOF\s*$/.exec(bin);
  if (!tail) return { offsets, trailer: '', problems: ['no startxref and %%EOF at the end'] };
  const table = /^xref\r?\n0 (\d+)\r?\n/.exec(bin.slice(Number(tail[1])));
  if (!table)
    return {
      offsets,
      trailer: '',
      problems: [`startxref ${tail[1]} does not point at a cross-reference table`],
    };
  const size = Number(table[1]);
  const first = Number(tail[1]) + table[0].length;
  const problems: string[] = [];
  for (let i = 0; i < size; i++) {
    const entry = /^(\d{10}) (\d{5}) ([nf]) ?\r?\n/.exec(bin.slice(first + 20 * i, first + 20 * i + 21));
    if (!entry)
      return { offsets, trailer: '', problems: [...problems, `cross-reference entry ${i} is malformed`] };
    if (entry[3] === 'f') continue;
    offsets.set(i, Number(entry[1]));
    if (!bin.startsWith(`${i} 0 obj`, Number(entry[1])))
      problems.push(`object ${i} is not at offset ${entry[1]}`);
  }
  const trailer = bin.slice(first + 20 * size);
  if (!new RegExp(`^trailer\\s*<<[^]*/Size ${size}\\b`).test(trailer))
    problems.push(`the trailer's /Size is not ${size}`);
  return { offsets, trailer, problems };
}

/** What is wrong with the embedded TrueType font that an object's `body` names, if it names one. */
function fontFileProblem(
  pdf: Buffer,
  bin: string,
  body: string,
  offsets: Map<number, number>,
): string | undefined {
  const font = /\/FontFile2 (\d+) 0 R/.exec(body);
  if (!font) return undefined;
  const at = offsets.get(Number(font[1]));
  const file = at === undefined ? 'missing' : objectStream(pdf, bin, at);
  if (typeof file === 'string') return `font file ${font[1]}: ${file}`;
  try {
    return fontkit.create(file).numGlyphs < 1 ? `font file ${font[1]}: no glyphs` : undefined;
  } catch {
    return `font file ${font[1]}: fontkit does not open it`;
  }
}

/**
 * What is wrong with the PDF's structure.
 * @returns the problems found, none for a whole document
 */
export function pdfStructureProblems(pdf: Buffer): string[] {
  const bin = pdf.toString('latin1');
  if (!bin.startsWith('%PDF-1.')) return ['no %PDF-1.x header'];
  const { offsets, trailer, problems } = crossReference(bin);
  if (offsets.size === 0) return problems;
  const root = /\/Root (\d+) 0 R/.exec(trailer);
  const catalog = root ? offsets.get(Number(root[1])) : undefined;
  if (catalog === undefined || !/\/Type \/Catalog/.test(bin.slice(catalog, bin.indexOf('endobj', catalog))))
    problems.push('the trailer names no catalog');
  for (const [n, at] of offsets) {
    const body = bin.slice(at, bin.indexOf('endobj', at));
    const stream = /^\d+ 0 obj\s*<<[^]*?>>\s*stream\r?\n/.test(body) ? objectStream(pdf, bin, at) : undefined;
    if (typeof stream === 'string') problems.push(`object ${n}: ${stream}`);
    const font = fontFileProblem(pdf, bin, body, offsets);
    if (font) problems.push(`object ${n}: ${font}`);
  }
  return problems;
}

/**
 * The PDF as text without what differs between two makings of the same document: the creation
 * date, the document id derived from it, pdfkit's random font-subset tag.
 */
export const comparablePdf = (pdf: Buffer): string =>
  pdf
    .toString('latin1')
    .replace(/\(D:\d+Z\)/g, '(date)')
    .replace(/\/ID \[[^\]]*\]/g, '/ID')
    .replace(/\/[A-Z]{6}\+/g, '/TAG+');
