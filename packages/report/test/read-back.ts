/**
 * Readers for the tests: the report's CSV parsed back as a spreadsheet would (RFC 4180), and a
 * PDF's text read back from its content streams (inflated with node:zlib when compressed) — the
 * strings of pdfkit's `TJ` operators, one text per operator.
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

/** The content streams of a PDF file, inflated when they are compressed. */
function contentStreams(pdf: Buffer): string[] {
  const out: string[] = [];
  const bin = pdf.toString('latin1');
  const re = /<<([^]*?)>>\s*stream\r?\n/g;
  for (let m = re.exec(bin); m; m = re.exec(bin)) {
    const start = m.index + m[0].length;
    const end = bin.indexOf('endstream', start);
    const raw = pdf.subarray(start, end);
    try {
      out.push(/FlateDecode/.test(m[1]!) ? inflateSync(raw).toString('latin1') : raw.toString('latin1'));
    } catch {
      // not a stream of ours (a font or image): no text in it
    }
  }
  return out;
}

/** WinAnsiEncoding's codes 0x80–0x9F (PDF 32000-1 Annex D.2; undefined codes as U+FFFD); the rest is Latin-1. */
const WIN_ANSI_80 = '€\uFFFD‚ƒ„…†‡ˆ‰Š‹Œ\uFFFDŽ\uFFFD\uFFFD‘’“”•–—˜™š›œ\uFFFDžŸ';
const winAnsi = (bytes: Buffer): string =>
  [...bytes].map((b) => (b >= 0x80 && b <= 0x9f ? WIN_ANSI_80[b - 0x80]! : String.fromCharCode(b))).join('');

/** Every text shown by a `TJ` or `Tj` operator of the PDF, in drawing order (WinAnsi → text). */
export function pdfTexts(pdf: Buffer): string[] {
  const texts: string[] = [];
  for (const s of contentStreams(pdf))
    for (const m of s.matchAll(/\[([^\]]*)\]\s*TJ|<([0-9a-fA-F]*)>\s*Tj/g)) {
      const hex =
        m[1] !== undefined ? [...m[1].matchAll(/<([0-9a-fA-F]*)>/g)].map((h) => h[1]).join('') : m[2]!;
      texts.push(winAnsi(Buffer.from(hex, 'hex')));
    }
  return texts;
}
