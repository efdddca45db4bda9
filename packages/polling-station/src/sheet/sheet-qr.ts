/**
 * The tally sheet's QR codes as images (spec/stations.md §6.4): one PNG per part of
 * `encodeSheetParts`, QR byte mode, error-correction level M, the standard 4-module quiet zone.
 * @module
 */
import { type SheetPartsOptions, type SignedTallySheet, encodeSheetParts } from '@evident/record';
import QRCode from 'qrcode';

/** Pixels per QR module in the PNGs: crisp when printed 75 mm wide, and readable as files. */
export const SHEET_QR_SCALE = 6;
/** The quiet zone, in modules (ISO/IEC 18004 asks for 4). */
export const SHEET_QR_MARGIN = 4;

/** The QR symbol of one part's bytes: byte mode, level M. */
export function sheetQrSymbol(part: Uint8Array): QRCode.QRCode {
  return QRCode.create([{ data: part, mode: 'byte' }], { errorCorrectionLevel: 'M' });
}

/** The PNG of one part's bytes. */
export function partPng(part: Uint8Array, scale = SHEET_QR_SCALE): Promise<Buffer> {
  return QRCode.toBuffer([{ data: part, mode: 'byte' }], {
    type: 'png',
    errorCorrectionLevel: 'M',
    margin: SHEET_QR_MARGIN,
    scale,
  });
}

/**
 * One PNG per QR part of the signed sheet, in part order ("1 of n" first).
 * @throws {RangeError} from `encodeSheetParts` (part size, too many parts, malformed signatures)
 */
export async function sheetQrPngs(signed: SignedTallySheet, opts: SheetPartsOptions = {}): Promise<Buffer[]> {
  const out: Buffer[] = [];
  for (const part of encodeSheetParts(signed, opts)) out.push(await partPng(part));
  return out;
}
