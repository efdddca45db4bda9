/**
 * Readers for the tests: the report's CSV parsed back as a spreadsheet would (RFC 4180), a PDF's
 * text read back from its content streams (inflated with node:zlib when compressed) — the
 * strings of pdfkit's `TJ` operators, one text per operator, decoded through each font's
 * ToUnicode table — and a number read back from a language's format.
 * @module
 */
import { inflateSync } from 'node:zlib';

/** RFC 4180 records of `text` (CRLF or LF line ends; quoted fields may hold commas, quotes, breaks). */
export function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  const endField = (): void => {
    row.push(field);
    field = '';
  };
  const endRow = (): void => {
    endField();
    rows.push(row);
    row = [];
  };
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') endField();
    else if (c === '\n' || c === '\r') {
      if (c === '\r' && text[i + 1] === '\n') i++;
      endRow();
    } else field += c;
  }
  if (field !== '' || row.length > 0) endRow();
  return rows;
}

/** The PDF's objects' bodies by number (`N 0 obj … endobj`), their streams inflated when compressed. */
function objects(pdf: Buffer): Map<number, { dict: string; stream?: string }> {
  const out = new Map<number, { dict: string; stream?: string }>();
  const bin = pdf.toString('latin1');
  for (const m of bin.matchAll(/(\d+) 0 obj\s*([^]*?)endobj/g)) {
    const body = m[2]!;
    const at = body.search(/stream\r?\n/);
    if (at < 0) {
      out.set(Number(m[1]), { dict: body });
      continue;
    }
    const dict = body.slice(0, at);
    const start = m.index + m[0].indexOf(body) + body.slice(at).indexOf('\n') + at + 1;
    const raw = pdf.subarray(start, bin.indexOf('endstream', start));
    let stream: string | undefined;
    try {
      stream = (/FlateDecode/.test(dict) ? inflateSync(raw) : raw).toString('latin1');
    } catch {
      stream = undefined; // not a stream of text (a font file): nothing to read
    }
    out.set(Number(m[1]), { dict, stream });
  }
  return out;
}

/** A ToUnicode CMap's glyph → text table (pdfkit writes `bfrange`s of arrays of UTF-16BE strings). */
function toUnicode(cmap: string): Map<number, string> {
  const map = new Map<number, string>();
  for (const m of cmap.matchAll(/<([0-9a-fA-F]+)>\s*<([0-9a-fA-F]+)>\s*\[([^\]]*)\]/g)) {
    const first = parseInt(m[1]!, 16);
    // a ligature's entry holds several UTF-16 units, separated by spaces
    [...m[3]!.matchAll(/<([0-9a-fA-F\s]*)>/g)].forEach((h, i) =>
      map.set(first + i, Buffer.from(h[1]!.replace(/\s/g, ''), 'hex').swap16().toString('utf16le')),
    );
  }
  for (const m of cmap
    .replace(/\[[^\]]*\]/g, '')
    .matchAll(/<([0-9a-fA-F]+)>\s*<([0-9a-fA-F]+)>\s*<([0-9a-fA-F]+)>/g))
    for (let g = parseInt(m[1]!, 16), u = parseInt(m[3]!, 16); g <= parseInt(m[2]!, 16); g++, u++)
      map.set(g, String.fromCharCode(u));
  return map;
}

/**
 * Every text shown by a `TJ` or `Tj` operator of the PDF, in drawing order, each decoded through
 * the ToUnicode table of the font set by the `Tf` before it (embedded fonts: two bytes a glyph).
 * A right-to-left word reads back in its drawn (visual) order.
 */
export function pdfTexts(pdf: Buffer): string[] {
  const objs = objects(pdf);
  const fonts = new Map<string, Map<number, string>>();
  for (const { dict } of objs.values())
    for (const m of dict.matchAll(/\/(F\d+)\s+(\d+) 0 R/g)) {
      const font = objs.get(Number(m[2]));
      const ref = font && /\/ToUnicode\s+(\d+) 0 R/.exec(font.dict);
      const cmap = ref ? objs.get(Number(ref[1]))?.stream : undefined;
      if (cmap) fonts.set(m[1]!, toUnicode(cmap));
    }
  const texts: string[] = [];
  for (const { stream } of objs.values()) {
    if (stream === undefined || !/\bTf\b/.test(stream)) continue;
    let font: Map<number, string> | undefined;
    for (const m of stream.matchAll(/\/(F\d+)\s+[\d.]+\s+Tf|\[([^\]]*)\]\s*TJ|<([0-9a-fA-F]*)>\s*Tj/g)) {
      if (m[1] !== undefined) {
        font = fonts.get(m[1]);
        continue;
      }
      const hex =
        m[2] !== undefined ? [...m[2].matchAll(/<([0-9a-fA-F]*)>/g)].map((h) => h[1]).join('') : m[3]!;
      const glyphs = hex.match(/.{4}/g) ?? [];
      texts.push(glyphs.map((g) => font?.get(parseInt(g, 16)) ?? '\uFFFD').join(''));
    }
  }
  return texts;
}

/**
 * A number as the report writes it in `lang` (`formatNumber`), read back: the language's digits
 * (Latin or Arabic-Indic) and minus sign, its grouping separators dropped.
 */
export function parseLocaleNumber(text: string): number {
  const ascii = text
    .replace(/[\u200e\u200f\u061c\s\u00a0\u202f,\u066c]/g, '')
    .replace(/[\u0660-\u0669]/g, (d) => String(d.charCodeAt(0) - 0x660))
    .replace(/\u2212/g, '-');
  if (!/^-?\d+$/.test(ascii)) return NaN;
  return Number(ascii);
}
