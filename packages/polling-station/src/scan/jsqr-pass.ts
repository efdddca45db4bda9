/**
 * Every QR code of an image with `jsqr`, which finds one code per call: after each hit the code's
 * location is painted white and the image scanned again, until nothing more is found (bounded).
 * jsqr's locator picks one triple of finder patterns in the whole image; with several codes in
 * view it can pair patterns of different codes and find none, so the remainder is then scanned
 * region by region (code-regions.ts), each holding one code.
 * @module
 */
import jsqrModule from 'jsqr';
import { type Region, codeRegions } from './code-regions.js';
import { type Raster, copyRaster } from './raster.js';
import { type Point, whiteOut } from './variants.js';

// jsqr is a CommonJS bundle whose module.exports is the function itself (its typings describe
// the ES default export); under Node's ESM interop the default import is that function
const jsQR = jsqrModule as unknown as typeof jsqrModule.default;

/** Most codes taken from one image (a printed sheet page holds far fewer). */
export const MAX_CODES_PER_IMAGE = 32;

/** The byte contents of the codes jsqr finds in the raster. */
export function jsqrPass(image: Raster): Uint8Array[] {
  const work = copyRaster(image);
  const found: Uint8Array[] = [];
  // the whole image once (the usual photo holds one code), then each region of what is left
  scanWindow(work, { x: 0, y: 0, w: work.width, h: work.height }, found, 1);
  for (const win of codeRegions(work)) {
    if (found.length >= MAX_CODES_PER_IMAGE) break;
    scanWindow(work, win, found, MAX_CODES_PER_IMAGE);
  }
  return found;
}

/** Reads up to `most` codes in one window of `work`, whiting each out in `work`. */
function scanWindow(work: Raster, win: Region, found: Uint8Array[], most: number): void {
  for (let n = 0; n < most && found.length < MAX_CODES_PER_IMAGE; n++) {
    const crop = cropData(work, win);
    const code = jsQR(crop, win.w, win.h, { inversionAttempts: 'dontInvert' });
    if (!code) return;
    found.push(Uint8Array.from(code.binaryData));
    const l = code.location;
    const shift = (p: Point) => ({ x: p.x + win.x, y: p.y + win.y });
    // grown by 12 % (6 % a side, about the 4-module quiet zone of a version-15 code): the finder
    // patterns' outer edges must go too, or the locator sees the same code again; no more, or a
    // close neighbour on the same page loses its edge
    whiteOut(
      work,
      [l.topLeftCorner, l.topRightCorner, l.bottomRightCorner, l.bottomLeftCorner].map(shift),
      0.12,
    );
  }
}

function cropData(r: Raster, win: Region): Uint8ClampedArray {
  if (win.x === 0 && win.y === 0 && win.w === r.width && win.h === r.height) return r.data;
  const out = new Uint8ClampedArray(win.w * win.h * 4);
  for (let y = 0; y < win.h; y++) {
    const from = ((win.y + y) * r.width + win.x) * 4;
    out.set(r.data.subarray(from, from + win.w * 4), y * win.w * 4);
  }
  return out;
}
