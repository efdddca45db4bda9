/**
 * How many QR codes a tally sheet takes (spec/stations.md §6.6): for a sample sheet of a given
 * size, the canonical and compressed sizes, the parts, the QR version at level M, and whether
 * jsqr reads every rendered code back to its bytes.
 * @module
 */
import { type SignedTallySheet, encodeSheetParts, sheetPartsSizes } from '@evident/record';
import jsQRModule from 'jsqr';
import { PNG } from 'pngjs';
import { sampleStationSheet } from './sample-sheet.js';
import { partPng, sheetQrSymbol } from './sheet-qr.js';

// jsqr is CommonJS with a `default` property; under NodeNext the import is the module object
const jsQR = (jsQRModule as unknown as { default: typeof jsQRModule.default }).default;

/** One row of the capacity table. */
export interface SheetCapacity {
  readonly contests: number;
  readonly options: number;
  readonly witnesses: number;
  readonly maxPartBytes: number;
  /** canonical JSON of the sheet, bytes */
  readonly jsonBytes: number;
  /** compressed body (u32 length ∥ DEFLATE), bytes */
  readonly compressedBytes: number;
  /** jsonBytes / compressedBytes */
  readonly compressionRatio: number;
  readonly signatureBytes: number;
  /** QR codes for the sheet */
  readonly codes: number;
  /** largest part, bytes */
  readonly largestPartBytes: number;
  /** largest QR version among the codes, level M */
  readonly qrVersion: number;
  /** modules per side of that version (17 + 4 × version) */
  readonly modules: number;
  /** A4 pages of codes, six to a page */
  readonly codePages: number;
  /** every rendered code read back by jsqr to its exact bytes; null when not checked */
  readonly readBack: boolean | null;
}

function readsBack(parts: readonly Uint8Array[], pngs: readonly Buffer[]): boolean {
  return parts.every((part, i) => {
    const png = PNG.sync.read(pngs[i]!);
    const code = jsQR(new Uint8ClampedArray(png.data), png.width, png.height);
    return code !== null && Buffer.from(code.binaryData).equals(Buffer.from(part));
  });
}

/** Measures one signed sheet at one part size. */
export async function measureSheet(
  signed: SignedTallySheet,
  shape: { contests: number; options: number },
  maxPartBytes: number,
  readBack: boolean,
): Promise<SheetCapacity> {
  const sizes = sheetPartsSizes(signed, { maxPartBytes });
  const parts = encodeSheetParts(signed, { maxPartBytes });
  const qrVersion = Math.max(...parts.map((p) => sheetQrSymbol(p).version));
  let ok: boolean | null = null;
  if (readBack) ok = readsBack(parts, await Promise.all(parts.map((p) => partPng(p))));
  return {
    ...shape,
    witnesses: signed.witnesses.length,
    maxPartBytes,
    jsonBytes: sizes.jsonBytes,
    compressedBytes: sizes.bodyBytes,
    compressionRatio: Math.round((sizes.jsonBytes / sizes.bodyBytes) * 100) / 100,
    signatureBytes: sizes.signatureBytes,
    codes: parts.length,
    largestPartBytes: Math.max(...sizes.partBytes),
    qrVersion,
    modules: 17 + 4 * qrVersion,
    codePages: Math.ceil(parts.length / 6),
    readBack: ok,
  };
}

/** Measures the sample sheet of `contests` × `options` at each part size. */
export async function sheetCapacity(
  contests: number,
  options: number,
  maxPartBytes: readonly number[],
  opts: { witnesses?: number; readBack?: boolean } = {},
): Promise<SheetCapacity[]> {
  const { signed } = sampleStationSheet(contests, options, opts.witnesses ?? 2);
  const rows: SheetCapacity[] = [];
  for (const max of maxPartBytes)
    rows.push(await measureSheet(signed, { contests, options }, max, opts.readBack ?? true));
  return rows;
}
