/**
 * Every QR code of an image with `zxing-wasm` (ZXing-C++ compiled to WebAssembly), which finds
 * several codes in one call. The .wasm binary is read from the installed package
 * (`zxing-wasm/reader/zxing_reader.wasm`) and handed to the module, so it never fetches it from
 * a CDN: a station decodes offline.
 * @module
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { prepareZXingModule, readBarcodes } from 'zxing-wasm/reader';
import type { Raster } from './raster.js';
import { MAX_CODES_PER_IMAGE } from './jsqr-pass.js';

let prepared = false;

/** Loads the reader module from node_modules once (idempotent). */
export function prepareZxing(): void {
  if (prepared) return;
  const require = createRequire(import.meta.url);
  const wasmBinary = readFileSync(require.resolve('zxing-wasm/reader/zxing_reader.wasm'));
  prepareZXingModule({ overrides: { wasmBinary: new Uint8Array(wasmBinary).buffer } });
  prepared = true;
}

/** The byte contents of the QR codes zxing finds in the raster. */
export async function zxingPass(image: Raster): Promise<Uint8Array[]> {
  prepareZxing();
  const results = await readBarcodes(
    { data: image.data, width: image.width, height: image.height } as ImageData,
    { formats: ['QRCode'], tryHarder: true, maxNumberOfSymbols: MAX_CODES_PER_IMAGE },
  );
  return results.filter((r) => r.isValid).map((r) => Uint8Array.from(r.bytes));
}
