/**
 * A sheet delivered as its scanned QR codes (spec/stations.md §9, check 4): the parts, base64
 * of each code's bytes, assembled by the record's sheet-parts codec — any order, duplicates
 * ignored — into the signed sheet that the other checks then take as if it had come as JSON
 * (the codec checks the parts' chain and the sheet hash, not the signature: check 6 does).
 * @module
 */
import { assembleSheetParts } from '@evident/record';
import { ApiError } from '../errors.js';

/**
 * The signed sheet the parts make.
 * @throws {ApiError} EVD_ERR_INVALID_SHEET_PARTS, field `parts`, with the codec's reason
 *   (`incomplete` naming the missing parts, `broken-chain`, `mixed-sheets`, `malformed`)
 */
export function assembleScannedSheet(parts: readonly string[]): unknown {
  const r = assembleSheetParts(parts.map((p) => new Uint8Array(Buffer.from(p, 'base64'))));
  if (!r.ok) throw new ApiError('EVD_ERR_INVALID_SHEET_PARTS', `${r.reason}: ${r.message}`, 'parts');
  return r.signed;
}
