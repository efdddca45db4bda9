/**
 * A signed tally sheet as a chain of QR codes (spec/stations.md §6.4–6.5), after Brazil's
 * Boletim de Urna: the sheet body is cut into parts, each part names its sheet, its place
 * ("i of n") and the SHA-256 of the part before it, and the last part carries the signatures.
 * The codes can be read in any order, from several photographs, with duplicates; assembly names
 * the parts still missing and refuses parts of two sheets or a broken chain.
 *
 * The one encoder and reader of the parts, for the station that prints them, the observer's
 * `sheet read`, and the server that takes scanned codes in. Browser-safe.
 * @module
 */
import { bytesEqual, concatBytes, paperDigest, toHex } from '@evident/e2e-crypto';
import { sha256 } from '@noble/hashes/sha2.js';
import {
  decodeSheetBody,
  decodeSignatureBlock,
  encodeSheetBody,
  encodeSignatureBlock,
} from './sheet-parts-body.js';
import {
  MAX_PARTS,
  PART_OVERHEAD,
  SHEET_ID_BYTES,
  type SheetPart,
  readPart,
  writePart,
} from './sheet-parts-layout.js';
import type { SignedTallySheet } from './tally-sheet.js';

export { isSheetPart } from './sheet-parts-layout.js';
export { SHEET_DICTIONARY_V1 } from './sheet-parts-body.js';

/**
 * The default size of a part, in bytes: the byte-mode capacity of a QR code of version 15 at
 * level M (77 × 77 modules). Printed 75 mm wide with its quiet zone, a module is 0.88 mm, 3.8
 * pixels in a photograph of the whole A4 page 1,280 pixels tall (spec/stations.md §6.6).
 */
export const DEFAULT_MAX_PART_BYTES = 412;
/** Byte-mode capacity of the largest QR code (version 40) at level M. */
export const QR_MAX_BYTES_LEVEL_M = 2331;
/** The smallest part size allowed: a part with no witnesses' signatures and a few body bytes. */
export const MIN_PART_BYTES = 128;

/** Options of {@link encodeSheetParts}. */
export interface SheetPartsOptions {
  /** Largest part, header included ({@link DEFAULT_MAX_PART_BYTES} by default). */
  readonly maxPartBytes?: number;
}

/** Why a set of parts does not give a sheet. */
export type AssembleFailure = 'incomplete' | 'broken-chain' | 'mixed-sheets' | 'malformed';

export type AssembleResult =
  | { readonly ok: true; readonly signed: SignedTallySheet; readonly sheetHash: string }
  | {
      readonly ok: false;
      readonly reason: AssembleFailure;
      readonly message: string;
      /** the part numbers (1-based) not among the parts, when `reason` is `incomplete` */
      readonly missing?: number[];
    };

/**
 * Encodes a signed sheet as QR parts for byte mode.
 * @param signed - the sheet with the station's signature and any witnesses' co-signatures
 * @param opts.maxPartBytes - largest part, integer in [{@link MIN_PART_BYTES}, {@link QR_MAX_BYTES_LEVEL_M}]
 * @returns the parts, in order (part i at index i − 1)
 * @throws {RangeError} naming the parameter: a part size out of range or too small for the
 *   signatures, more than 255 parts, a signature or witness key of the wrong length, a witness
 *   name over 255 UTF-8 bytes; e2e-crypto's `InvalidDataError` naming the field for text that is not hex
 */
export function encodeSheetParts(signed: SignedTallySheet, opts: SheetPartsOptions = {}): Uint8Array[] {
  const max = opts.maxPartBytes ?? DEFAULT_MAX_PART_BYTES;
  if (!Number.isInteger(max) || max < MIN_PART_BYTES || max > QR_MAX_BYTES_LEVEL_M)
    throw new RangeError(`opts.maxPartBytes: an integer from ${MIN_PART_BYTES} to ${QR_MAX_BYTES_LEVEL_M}`);
  const hash = paperDigest(signed.sheet);
  const { body } = encodeSheetBody(signed.sheet);
  const signatures = encodeSignatureBlock(signed);
  const capacity = max - PART_OVERHEAD;
  const tailFrame = 2 + signatures.length; // the last part's u16 tail length and the signatures
  if (tailFrame > capacity)
    throw new RangeError(
      `opts.maxPartBytes: ${max} bytes cannot hold the last part's ${tailFrame} bytes of signatures`,
    );
  const stream = body.length + tailFrame;
  const total = Math.max(1, Math.ceil(stream / capacity));
  if (total > MAX_PARTS)
    throw new RangeError(`opts.maxPartBytes: the sheet needs ${total} parts, over ${MAX_PARTS}`);
  // parts of even size, so that every code on the page has the same version
  const share = Math.ceil(stream / total);
  const payloads: Uint8Array[] = [];
  let at = 0;
  for (let i = 1; i < total; i++) {
    const take = Math.min(share, body.length - at);
    payloads.push(body.slice(at, at + take));
    at += take;
  }
  const tail = body.subarray(at);
  const last = new Uint8Array(2 + tail.length + signatures.length);
  new DataView(last.buffer).setUint16(0, tail.length);
  last.set(tail, 2);
  last.set(signatures, 2 + tail.length);
  payloads.push(last);
  const sheetId = hash.slice(0, SHEET_ID_BYTES);
  const parts: Uint8Array[] = [];
  for (const [i, payload] of payloads.entries()) {
    const previous = i === 0 ? hash : sha256(parts[i - 1]!);
    parts.push(writePart({ sheetId, index: i + 1, total, previous, payload }));
  }
  return parts;
}

/** The sizes behind a sheet's parts, for the capacity table (spec/stations.md §6.6). */
export interface SheetPartsSizes {
  /** UTF-8 bytes of the canonical JSON of the sheet */
  readonly jsonBytes: number;
  /** the compressed body: u32 length ∥ DEFLATE */
  readonly bodyBytes: number;
  /** the signature block (station and witnesses) */
  readonly signatureBytes: number;
  /** each part's size, header and CRC included */
  readonly partBytes: number[];
}

/** The sizes of {@link encodeSheetParts}'s output for this sheet and options. */
export function sheetPartsSizes(signed: SignedTallySheet, opts: SheetPartsOptions = {}): SheetPartsSizes {
  const { body, jsonBytes } = encodeSheetBody(signed.sheet);
  return {
    jsonBytes,
    bodyBytes: body.length,
    signatureBytes: encodeSignatureBlock(signed).length,
    partBytes: encodeSheetParts(signed, opts).map((p) => p.length),
  };
}

/** The label of a part, for a scanner's progress ("3 of 5 of sheet 1A2B…"); null when it is not one. */
export function sheetPartLabel(bytes: Uint8Array): { sheetId: string; index: number; total: number } | null {
  const p = readPart(bytes);
  return typeof p === 'string' ? null : { sheetId: toHex(p.sheetId), index: p.index, total: p.total };
}

const fail = (reason: AssembleFailure, message: string, missing?: number[]): AssembleResult =>
  missing ? { ok: false, reason, message, missing } : { ok: false, reason, message };

/**
 * Assembles a sheet from its parts: any order, exact duplicates ignored. Checks, in order:
 * every part's frame (`malformed`), one sheet and one encoding (`mixed-sheets`), all parts
 * present (`incomplete`, with `missing`), the chain from the sheet hash through every part
 * (`broken-chain`), the body and signatures (`malformed`), and that the sheet hashes to the
 * hash the first part carries (`broken-chain`). It does not check the signatures: that needs the
 * station's registered key (`verifyTallySheetSignature`).
 */
export function assembleSheetParts(parts: readonly Uint8Array[]): AssembleResult {
  if (!Array.isArray(parts) || parts.length === 0) return fail('malformed', 'no parts were given');
  const distinct = new Map<string, { part: SheetPart; bytes: Uint8Array }>(); // by the bytes' hex
  for (const [k, bytes] of parts.entries()) {
    const part = readPart(bytes);
    if (typeof part === 'string') return fail('malformed', `code ${k + 1} of ${parts.length}: ${part}`);
    distinct.set(toHex(bytes), { part, bytes });
  }
  const read = [...distinct.values()];
  const ids = [...new Set(read.map((r) => toHex(r.part.sheetId)))];
  if (ids.length > 1)
    return fail('mixed-sheets', `the codes belong to ${ids.length} sheets: ${ids.join(', ')}`);
  const id = ids[0]!;
  const totals = [...new Set(read.map((r) => r.part.total))];
  if (totals.length > 1)
    return fail(
      'mixed-sheets',
      `the codes of sheet ${id} disagree on the number of parts (${totals.join(', ')})`,
    );
  const total = totals[0]!;
  const byIndex = new Map<number, Uint8Array>();
  const fields = new Map<number, SheetPart>();
  for (const { part, bytes } of read) {
    if (byIndex.has(part.index))
      return fail(
        'mixed-sheets',
        `two different codes claim to be part ${part.index} of ${total} of sheet ${id}`,
      );
    byIndex.set(part.index, bytes);
    fields.set(part.index, part);
  }
  const missing = Array.from({ length: total }, (_, i) => i + 1).filter((i) => !byIndex.has(i));
  if (missing.length > 0)
    return fail(
      'incomplete',
      `sheet ${id}: ${missing.length} of ${total} parts missing (${missing.join(', ')})`,
      missing,
    );
  return assembleChain(id, total, byIndex, fields);
}

function assembleChain(
  id: string,
  total: number,
  byIndex: Map<number, Uint8Array>,
  fields: Map<number, SheetPart>,
): AssembleResult {
  const first = fields.get(1)!;
  if (toHex(first.previous.subarray(0, SHEET_ID_BYTES)) !== id)
    return fail(
      'broken-chain',
      `sheet ${id}: part 1 carries a sheet hash that does not start with the sheet id`,
    );
  for (let i = 2; i <= total; i++) {
    if (!bytesEqual(fields.get(i)!.previous, sha256(byIndex.get(i - 1)!)))
      return fail('broken-chain', `sheet ${id}: part ${i} does not carry the hash of part ${i - 1}`);
  }
  const last = fields.get(total)!.payload;
  const tailLength = last.length >= 2 ? (last[0]! << 8) | last[1]! : -1;
  if (tailLength < 0 || 2 + tailLength > last.length)
    return fail('malformed', `sheet ${id}: part ${total} has a body tail longer than the part`);
  const signatures = decodeSignatureBlock(last.subarray(2 + tailLength));
  if (typeof signatures === 'string') return fail('malformed', `sheet ${id}: part ${total}: ${signatures}`);
  const body = concatBytes(
    ...Array.from({ length: total - 1 }, (_, i) => fields.get(i + 1)!.payload),
    last.subarray(2, 2 + tailLength),
  );
  const sheet = decodeSheetBody(body);
  if (typeof sheet === 'string') return fail('malformed', `sheet ${id}: ${sheet}`);
  const hash = paperDigest(sheet);
  if (!bytesEqual(hash, first.previous))
    return fail('broken-chain', `sheet ${id}: the sheet does not hash to the sheet hash part 1 carries`);
  return { ok: true, signed: { sheet, ...signatures }, sheetHash: toHex(hash) };
}
