/**
 * Reading back what pdfkit wrote, for tests: the text runs drawn in the standard fonts and the
 * images (their pixels inflated), straight from the PDF's streams.
 * @module
 */
import { inflateSync } from 'node:zlib';

interface Stream {
  readonly dict: string;
  readonly bytes: Buffer;
}

/** Every `obj << … >> stream … endstream` of the file: its dictionary and its raw bytes. */
function streams(pdf: Buffer): Stream[] {
  const raw = pdf.toString('latin1');
  const out: Stream[] = [];
  const re = /\d+ 0 obj\s*(<<(?:(?!endobj)[\s\S])*?>>)\s*stream\r?\n/g;
  let m: RegExpExecArray | null;
  while ((m = re.exec(raw))) {
    const start = m.index + m[0].length;
    out.push({ dict: m[1]!, bytes: pdf.subarray(start, raw.indexOf('endstream', start)) });
  }
  return out;
}

/**
 * The text runs of the page contents, in drawing order: each `[<hex> kerning <hex> …] TJ` joined
 * into one string (WinAnsi bytes read as Latin-1, which agree on letters, digits and accents).
 */
export function pdfTextRuns(pdf: Buffer): string[] {
  const runs: string[] = [];
  for (const s of streams(pdf)) {
    if (/\/Subtype \/Image/.test(s.dict)) continue;
    let content: string;
    try {
      content = inflateSync(s.bytes).toString('latin1');
    } catch {
      continue;
    }
    for (const tj of content.matchAll(/\[((?:<[0-9a-fA-F]*>|\s|-?[\d.]+)*)\]\s*TJ/g)) {
      const hex = [...tj[1]!.matchAll(/<([0-9a-fA-F]*)>/g)].map((h) => h[1]).join('');
      runs.push(Buffer.from(hex, 'hex').toString('latin1'));
    }
  }
  return runs;
}

/** An RGB image of the PDF as RGBA pixels (what jsQR reads). */
export interface PdfImage {
  readonly width: number;
  readonly height: number;
  readonly rgba: Uint8ClampedArray;
}

/** The PDF's 8-bit DeviceRGB images without a predictor (how pdfkit stores a PNG with alpha). */
export function pdfRgbImages(pdf: Buffer): PdfImage[] {
  return streams(pdf)
    .filter(
      (s) =>
        /\/Subtype \/Image/.test(s.dict) &&
        /\/ColorSpace \/DeviceRGB/.test(s.dict) &&
        /\/BitsPerComponent 8/.test(s.dict) &&
        !/\/DecodeParms/.test(s.dict),
    )
    .map((s) => {
      const width = Number(/\/Width (\d+)/.exec(s.dict)![1]);
      const height = Number(/\/Height (\d+)/.exec(s.dict)![1]);
      const rgb = inflateSync(s.bytes);
      if (rgb.length !== width * height * 3) throw new Error(`image ${width}×${height}: ${rgb.length} bytes`);
      const rgba = new Uint8ClampedArray(width * height * 4);
      for (let i = 0; i < width * height; i++) {
        rgba.set(rgb.subarray(3 * i, 3 * i + 3), 4 * i);
        rgba[4 * i + 3] = 255;
      }
      return { width, height, rgba };
    });
}

/** Where the page contents draw images: each `w 0 0 h x y cm /Name Do`, in PDF points. */
export function pdfImagePlacements(pdf: Buffer): { x: number; y: number; width: number }[] {
  const out: { x: number; y: number; width: number }[] = [];
  for (const s of streams(pdf)) {
    if (/\/Subtype \/Image/.test(s.dict)) continue;
    let content: string;
    try {
      content = inflateSync(s.bytes).toString('latin1');
    } catch {
      continue;
    }
    for (const m of content.matchAll(/([\d.]+) 0 0 -?[\d.]+ ([\d.]+) ([\d.]+) cm\s+\/\w+ Do/g))
      out.push({ width: Number(m[1]), x: Number(m[2]), y: Number(m[3]) });
  }
  return out;
}
