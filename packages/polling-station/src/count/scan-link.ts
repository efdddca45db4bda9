/**
 * QR reading from images, as the scan module provides it (`readCodes`, src/scan/read-codes.ts).
 *
 * STAND-IN until the scan module is merged: one code per image with jsqr. At the merge this
 * file's body becomes `export { readCodes, type ScannedCode } from '../scan/read-codes.js';`.
 * @module
 */
import jpeg from 'jpeg-js';
import jsQRModule from 'jsqr';
import { PNG } from 'pngjs';

// jsqr is CommonJS with an `exports.default`; at run time the default import is the function itself
const jsQR = jsQRModule as unknown as typeof jsQRModule.default;

export interface ScannedCode {
  bytes: Uint8Array;
  text: string | null;
  decoder: 'jsqr' | 'zxing';
}

function pixels(image: Uint8Array): { data: Uint8ClampedArray; width: number; height: number } {
  const buf = Buffer.from(image);
  if (buf.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]))) {
    const p = PNG.sync.read(buf);
    return { data: new Uint8ClampedArray(p.data), width: p.width, height: p.height };
  }
  if (buf[0] === 0xff && buf[1] === 0xd8) {
    const j = jpeg.decode(buf, { useTArray: true, maxMemoryUsageInMB: 256 });
    return { data: new Uint8ClampedArray(j.data), width: j.width, height: j.height };
  }
  throw new RangeError('image: not a PNG or JPEG file');
}

export async function readCodes(
  image: Uint8Array,
  _opts?: { decoder?: 'jsqr' | 'zxing' | 'auto' },
): Promise<ScannedCode[]> {
  const { data, width, height } = pixels(image);
  const r = jsQR(data, width, height);
  if (!r) return [];
  const bytes = Uint8Array.from(r.binaryData);
  let text: string | null;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    text = null;
  }
  return [{ bytes, text, decoder: 'jsqr' }];
}
