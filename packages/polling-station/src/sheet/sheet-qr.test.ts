import { assembleSheetParts, encodeSheetParts, sheetHash } from '@evident/record';
import jsQRModule from 'jsqr';
import { PNG } from 'pngjs';
import { describe, expect, it } from 'vitest';
import { sampleStationSheet } from './sample-sheet.js';
import { SHEET_QR_MARGIN, SHEET_QR_SCALE, sheetQrPngs, sheetQrSymbol } from './sheet-qr.js';

// jsqr is CommonJS with a `default` property; under NodeNext the import is the module object
const jsQR = (jsQRModule as unknown as { default: typeof jsQRModule.default }).default;

/** Reads the one code of an RGBA image with jsqr: its bytes, or null. */
function read(rgba: Uint8ClampedArray, width: number, height: number): Uint8Array | null {
  const code = jsQR(rgba, width, height);
  return code ? Uint8Array.from(code.binaryData) : null;
}

/** Resamples to `factor` of the size (bilinear) and blurs with a 3×3 box: a soft, low-resolution photo. */
function photoLike(png: PNG, factor: number): { rgba: Uint8ClampedArray; width: number; height: number } {
  const width = Math.round(png.width * factor);
  const height = Math.round(png.height * factor);
  const grey = new Float32Array(width * height);
  const at = (x: number, y: number) =>
    png.data[(Math.min(png.height - 1, y) * png.width + Math.min(png.width - 1, x)) * 4]!;
  for (let y = 0; y < height; y++)
    for (let x = 0; x < width; x++) {
      const sx = x / factor;
      const sy = y / factor;
      const x0 = Math.floor(sx);
      const y0 = Math.floor(sy);
      const fx = sx - x0;
      const fy = sy - y0;
      grey[y * width + x] =
        (at(x0, y0) * (1 - fx) + at(x0 + 1, y0) * fx) * (1 - fy) +
        (at(x0, y0 + 1) * (1 - fx) + at(x0 + 1, y0 + 1) * fx) * fy;
    }
  const rgba = new Uint8ClampedArray(width * height * 4);
  for (let y = 0; y < height; y++)
    for (let x = 0; x < width; x++) {
      let sum = 0;
      let n = 0;
      for (let dy = -1; dy <= 1; dy++)
        for (let dx = -1; dx <= 1; dx++) {
          const xx = x + dx;
          const yy = y + dy;
          if (xx >= 0 && yy >= 0 && xx < width && yy < height) {
            sum += grey[yy * width + xx]!;
            n++;
          }
        }
      const v = sum / n;
      rgba.set([v, v, v, 255], (y * width + x) * 4);
    }
  return { rgba, width, height };
}

describe('sheetQrPngs', () => {
  const { signed } = sampleStationSheet(10, 10);
  const parts = encodeSheetParts(signed);

  it('renders one PNG per part that jsqr reads back to the same bytes, and the set assembles', async () => {
    const pngs = await sheetQrPngs(signed);
    expect(pngs).toHaveLength(parts.length);
    const readBack: Uint8Array[] = [];
    pngs.forEach((buf, i) => {
      const png = PNG.sync.read(buf);
      const bytes = read(new Uint8ClampedArray(png.data), png.width, png.height);
      expect(bytes).toEqual(parts[i]);
      readBack.push(bytes!);
    });
    const r = assembleSheetParts(readBack.reverse());
    expect(r).toMatchObject({ ok: true, sheetHash: sheetHash(signed.sheet) });
  });

  it('makes codes of at most version 15, level M, with the 4-module quiet zone', async () => {
    const pngs = await sheetQrPngs(signed);
    parts.forEach((p, i) => {
      const symbol = sheetQrSymbol(p);
      expect(symbol.version).toBeLessThanOrEqual(15);
      expect(symbol.errorCorrectionLevel.bit).toBe(0); // M is 0b00 in ISO/IEC 18004 table 12
      const png = PNG.sync.read(pngs[i]!);
      expect(png.width).toBe((symbol.modules.size + 2 * SHEET_QR_MARGIN) * SHEET_QR_SCALE);
    });
  });

  it('stays readable at 4 pixels per module, blurred (a phone photo of the printed page)', async () => {
    // printed 75 mm wide, a version-15 code has 0.88 mm modules; a photo of the whole A4 page
    // 1,280 pixels tall gives ~3.8 pixels per module
    const pngs = await sheetQrPngs(signed);
    pngs.forEach((buf, i) => {
      const img = photoLike(PNG.sync.read(buf), 4 / SHEET_QR_SCALE);
      expect(read(img.rgba, img.width, img.height)).toEqual(parts[i]);
    });
  });

  it('renders the sheets of 50 contests into more codes, each read back', async () => {
    const big = sampleStationSheet(50, 10).signed;
    const pngs = await sheetQrPngs(big);
    expect(pngs.length).toBeGreaterThan(parts.length);
    const readBack = pngs.map((buf) => {
      const png = PNG.sync.read(buf);
      return read(new Uint8ClampedArray(png.data), png.width, png.height)!;
    });
    expect(assembleSheetParts(readBack)).toMatchObject({ ok: true, sheetHash: sheetHash(big.sheet) });
  });
});
