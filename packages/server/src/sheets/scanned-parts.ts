/**
 * A sheet delivered as its scanned QR codes (spec/stations.md §6, §9 check 0): the parts, base64
 * of each code's bytes, assembled by the record's sheet-parts codec — any order, duplicates
 * ignored — into the signed sheet the other checks then take as if it had come as JSON.
 * @module
 */
import { ApiError } from '../errors.js';

/**
 * The signed sheet the parts make.
 * @throws {ApiError} EVD_ERR_INVALID_SHEET_PARTS naming why (incomplete: which parts are missing;
 *   a broken chain; parts of several sheets; a malformed part)
 */
export function assembleScannedSheet(parts: readonly string[]): unknown {
  void parts;
  throw new ApiError('EVD_ERR_INVALID_SHEET_PARTS', 'scanned parts are not taken yet', 'parts');
}
