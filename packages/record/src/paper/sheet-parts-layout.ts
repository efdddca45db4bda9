/**
 * The byte layout of one tally-sheet QR part (spec/stations.md §6.4): a fixed 46-byte header,
 * the payload, and a CRC-32 of everything before it. The one writer and reader of a part's
 * frame; what the payloads hold is `sheet-parts-body.ts`, how they are cut and chained is
 * `sheet-parts.ts`.
 *
 * ```
 * offset size
 *      0    3  magic "EVS" (0x45 0x56 0x53)
 *      3    1  version 0x01
 *      4    8  sheet id: the first 8 bytes of the sheet hash
 *     12    1  index i, 1…n
 *     13    1  total n, 1…255
 *     14   32  previous: i = 1: the sheet hash; i > 1: SHA-256 of part i−1 (all its bytes)
 *     46    k  payload
 *   46+k    4  CRC-32 (ISO-HDLC, as in zlib and PNG) of bytes 0 … 45+k, big-endian
 * ```
 * @module
 */

export const PART_MAGIC = Uint8Array.of(0x45, 0x56, 0x53);
export const PART_VERSION = 1;
export const SHEET_ID_BYTES = 8;
export const PART_HEADER_BYTES = 46;
export const PART_CRC_BYTES = 4;
/** Header and CRC: the bytes of a part that are not payload. */
export const PART_OVERHEAD = PART_HEADER_BYTES + PART_CRC_BYTES;
export const MAX_PARTS = 255;

/** One part, its fields read. */
export interface SheetPart {
  readonly sheetId: Uint8Array;
  readonly index: number;
  readonly total: number;
  readonly previous: Uint8Array;
  readonly payload: Uint8Array;
}

const CRC_TABLE = (() => {
  const t = new Uint32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    t[n] = c >>> 0;
  }
  return t;
})();

/**
 * CRC-32 (ISO-HDLC, reflected polynomial 0xEDB88320), as zlib and PNG compute it. It catches
 * every change of up to 32 consecutive bits, so any one changed byte of a part — a misread a
 * code's error correction let through, a smudge, a slip of a hand-typed part — is caught by the
 * part alone. It is no defence against a forger: the chain and the signatures are.
 */
export function crc32(bytes: Uint8Array): number {
  let c = 0xffffffff;
  for (let i = 0; i < bytes.length; i++) c = CRC_TABLE[(c ^ bytes[i]!) & 0xff]! ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

/** Writes a part: header, payload, CRC. */
export function writePart(part: SheetPart): Uint8Array {
  const out = new Uint8Array(PART_OVERHEAD + part.payload.length);
  out.set(PART_MAGIC, 0);
  out[3] = PART_VERSION;
  out.set(part.sheetId, 4);
  out[12] = part.index;
  out[13] = part.total;
  out.set(part.previous, 14);
  out.set(part.payload, PART_HEADER_BYTES);
  const end = PART_HEADER_BYTES + part.payload.length;
  new DataView(out.buffer).setUint32(end, crc32(out.subarray(0, end)));
  return out;
}

/** True when the bytes start like a sheet part (magic and version): a cheap filter for scanners. */
export function isSheetPart(bytes: Uint8Array): boolean {
  return (
    bytes.length >= PART_OVERHEAD &&
    bytes[0] === PART_MAGIC[0] &&
    bytes[1] === PART_MAGIC[1] &&
    bytes[2] === PART_MAGIC[2] &&
    bytes[3] === PART_VERSION
  );
}

/** Reads a part's frame; a string says what is wrong with it. */
export function readPart(bytes: Uint8Array): SheetPart | string {
  if (!(bytes instanceof Uint8Array)) return 'not bytes';
  if (bytes[0] !== PART_MAGIC[0] || bytes[1] !== PART_MAGIC[1] || bytes[2] !== PART_MAGIC[2])
    return 'not a tally-sheet part (no "EVS" magic)';
  if (bytes[3] !== PART_VERSION) return `unknown part version ${bytes[3]}`;
  if (bytes.length < PART_OVERHEAD) return `${bytes.length} bytes, shorter than a part's ${PART_OVERHEAD}`;
  const end = bytes.length - PART_CRC_BYTES;
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (view.getUint32(end) !== crc32(bytes.subarray(0, end)))
    return 'CRC-32 mismatch (a changed or misread byte)';
  const index = bytes[12]!;
  const total = bytes[13]!;
  if (total < 1 || index < 1 || index > total) return `index ${index} of ${total} is out of range`;
  return {
    sheetId: bytes.slice(4, 4 + SHEET_ID_BYTES),
    index,
    total,
    previous: bytes.slice(14, PART_HEADER_BYTES),
    payload: bytes.slice(PART_HEADER_BYTES, end),
  };
}
