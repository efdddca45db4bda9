/**
 * Reading every QR code from a photo (spec/stations.md §3, "Scanning"): the ballot codes at
 * counting, the tally sheet's parts at intake and at `sheet read`. Two decoders, `jsqr` (pure
 * JavaScript) and `zxing-wasm`; each pass that finds nothing is retried on a downscaled copy, a
 * binarised copy and a sharpened copy. `auto` runs the better decoder (by the decode bench) and
 * falls back to the other when the first finds nothing.
 * @module
 */
import { jsqrPass } from './jsqr-pass.js';
import { type Raster, decodeImage } from './raster.js';
import { binarise, downscale, sharpen } from './variants.js';
import { zxingPass } from './zxing-pass.js';

export type Decoder = 'jsqr' | 'zxing';

/** A code read from an image: its bytes (QR byte mode) and, when they are UTF-8, its text. */
export interface ScannedCode {
  readonly bytes: Uint8Array;
  readonly text: string | null;
  readonly decoder: Decoder;
}

export interface ReadCodesOptions {
  /** default `auto` */
  readonly decoder?: Decoder | 'auto';
}

/** The order `auto` tries the decoders in (chosen from the decode bench, spec/stations.md §3). */
export const AUTO_ORDER: readonly Decoder[] = ['zxing', 'jsqr'];

/**
 * Every QR code in a PNG or JPEG photo, each once (identical codes are one).
 * @param image the file's bytes
 * @throws {ImageFormatError} when the bytes are not a readable PNG or JPEG
 */
export async function readCodes(image: Uint8Array, opts: ReadCodesOptions = {}): Promise<ScannedCode[]> {
  return readCodesFromRaster(decodeImage(image), opts);
}

/** {@link readCodes} on an already decoded image. */
export async function readCodesFromRaster(
  raster: Raster,
  opts: ReadCodesOptions = {},
): Promise<ScannedCode[]> {
  const choice = opts.decoder ?? 'auto';
  if (choice !== 'auto' && choice !== 'jsqr' && choice !== 'zxing')
    throw new TypeError(`decoder must be jsqr, zxing or auto, not ${String(choice)}`);
  const order = choice === 'auto' ? AUTO_ORDER : [choice];
  for (const decoder of order) {
    const found = await withVariants(raster, decoder);
    if (found.length > 0) return unique(found).map((bytes) => ({ bytes, text: utf8OrNull(bytes), decoder }));
  }
  return [];
}

/** One decoder on the photo, then on a downscaled, a binarised, a sharpened copy, until one finds codes. */
async function withVariants(raster: Raster, decoder: Decoder): Promise<Uint8Array[]> {
  const pass = decoder === 'jsqr' ? (r: Raster) => Promise.resolve(jsqrPass(r)) : zxingPass;
  const variants: (() => Raster)[] = [
    () => raster,
    () => downscale(raster, 2),
    () => binarise(raster),
    () => sharpen(raster),
  ];
  for (const make of variants) {
    const found = await pass(make());
    if (found.length > 0) return found;
  }
  return [];
}

function unique(codes: readonly Uint8Array[]): Uint8Array[] {
  const seen = new Set<string>();
  return codes.filter((c) => {
    const k = Buffer.from(c).toString('base64');
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  });
}

const strictUtf8 = new TextDecoder('utf-8', { fatal: true });

function utf8OrNull(bytes: Uint8Array): string | null {
  try {
    return strictUtf8.decode(bytes);
  } catch {
    return null;
  }
}
