/**
 * What the tally-sheet QR parts carry (spec/stations.md §6.3): the sheet body — the sheet's
 * canonical JSON, compressed with raw DEFLATE (RFC 1951) against a fixed preset dictionary — and
 * the signature block. The signatures cover the canonical sheet, not these bytes, so the reader
 * rebuilds the canonical text exactly and refuses anything else.
 * @module
 */
import { canonicalJsonString, fromHex, toHex, utf8Bytes } from '@evident/e2e-crypto';
import { deflateSync, inflateSync } from 'fflate';
import { tallySheetShapeProblems } from './tally-sheet-check.js';
import { type SignedTallySheet, type TallySheet, type WitnessSignature } from './tally-sheet.js';

/**
 * The preset dictionary of version 1 (its UTF-8 bytes). Part of the wire format: it must never
 * change within a part version. It holds the sheet's keys in canonical order and a contest's
 * repeating frame, so that even a one-contest sheet compresses well (measured in §6.6).
 */
export const SHEET_DICTIONARY_V1 =
  '{"ballots":{"bmd":0,"handMarked":0},"checkIns":0,"clock":{"measuredAt":null,"offsetMs":null,' +
  '"override":null},"contests":[{"blank":0,"contest":"","counts":[0,0],"overvoted":0},' +
  '"correctionReason":null,"countedBy":[""],"countingEnd":"2026-01-01T00:00:00.000Z",' +
  '"countingStart":"2026-01-01T00:00:00.000Z","cvrCommitment":"","electionId":"",' +
  '"format":"evident/tally-sheet/v1","previousSheet":null,"reconciliation":null,"rejected":{"copied":0,' +
  '"counterfeit":0,"unreadable":0,"wrong-election":0,"wrong-station":0,"wrong-style":0},"sequence":1,' +
  '"station":""},{"blank":0,"contest":"","counts":[';

const DICTIONARY = utf8Bytes(SHEET_DICTIONARY_V1);
/** The largest canonical sheet a reader inflates (a guard against decompression bombs). */
export const MAX_SHEET_JSON_BYTES = 1 << 20;

/** The body: u32 big-endian byte length of the canonical JSON ∥ raw DEFLATE of it. */
export function encodeSheetBody(sheet: TallySheet): { body: Uint8Array; jsonBytes: number } {
  const json = utf8Bytes(canonicalJsonString(sheet));
  const deflated = deflateSync(json, { level: 9, dictionary: DICTIONARY });
  const body = new Uint8Array(4 + deflated.length);
  new DataView(body.buffer).setUint32(0, json.length);
  body.set(deflated, 4);
  return { body, jsonBytes: json.length };
}

/** Reads the body back to the sheet; a string says what is wrong. */
export function decodeSheetBody(body: Uint8Array): TallySheet | string {
  if (body.length < 5) return 'the sheet body is too short';
  const length = new DataView(body.buffer, body.byteOffset, body.byteLength).getUint32(0);
  if (length > MAX_SHEET_JSON_BYTES)
    return `the sheet body claims ${length} bytes, over ${MAX_SHEET_JSON_BYTES}`;
  let json: Uint8Array;
  try {
    // one byte more than claimed: a longer stream shows as a longer output, not a silent cut
    json = inflateSync(body.subarray(4), { out: new Uint8Array(length + 1), dictionary: DICTIONARY });
  } catch (e) {
    return `the sheet body does not inflate (${(e as Error).message})`;
  }
  if (json.length !== length)
    return `the sheet body inflates to ${json.length} bytes, not the ${length} it claims`;
  let text: string;
  let value: unknown;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(json);
    value = JSON.parse(text);
  } catch {
    return 'the sheet body is not UTF-8 JSON';
  }
  const problems = tallySheetShapeProblems(value);
  const first = problems[0];
  if (first)
    return `the sheet is malformed at ${first.field || 'its top level'}: ${first.message}${problems.length > 1 ? ` (and ${problems.length - 1} more)` : ''}`;
  if (canonicalJsonString(value) !== text) return 'the sheet body is not in canonical form';
  return value as TallySheet;
}

/** Station signature (64 bytes) ∥ u8 witness count ∥ per witness: u8 name length, name, key (32), signature (64). */
export function encodeSignatureBlock(signed: SignedTallySheet): Uint8Array {
  const station = bytesOf(signed.signature, 64, 'signed.signature');
  if (signed.witnesses.length > 255)
    throw new RangeError('signed.witnesses: at most 255 witnesses fit a part');
  const chunks: Uint8Array[] = [station, Uint8Array.of(signed.witnesses.length)];
  signed.witnesses.forEach((w, i) => {
    const name = utf8Bytes(w.name);
    if (name.length > 255) throw new RangeError(`signed.witnesses[${i}].name: longer than 255 UTF-8 bytes`);
    chunks.push(Uint8Array.of(name.length), name);
    chunks.push(bytesOf(w.publicKey, 32, `signed.witnesses[${i}].publicKey`));
    chunks.push(bytesOf(w.signature, 64, `signed.witnesses[${i}].signature`));
  });
  const out = new Uint8Array(chunks.reduce((n, c) => n + c.length, 0));
  let at = 0;
  for (const c of chunks) {
    out.set(c, at);
    at += c.length;
  }
  return out;
}

/** Reads the signature block, which must fill `bytes` exactly; a string says what is wrong. */
export function decodeSignatureBlock(
  bytes: Uint8Array,
): { signature: string; witnesses: WitnessSignature[] } | string {
  if (bytes.length < 65) return 'the signature block is too short';
  const signature = toHex(bytes.subarray(0, 64));
  const count = bytes[64]!;
  const witnesses: WitnessSignature[] = [];
  let at = 65;
  for (let i = 0; i < count; i++) {
    const n = bytes[at];
    if (n === undefined || at + 1 + n + 96 > bytes.length) return `witness ${i + 1} of ${count} is cut short`;
    let name: string;
    try {
      name = new TextDecoder('utf-8', { fatal: true }).decode(bytes.subarray(at + 1, at + 1 + n));
    } catch {
      return `witness ${i + 1}'s name is not UTF-8`;
    }
    at += 1 + n;
    witnesses.push({
      name,
      publicKey: toHex(bytes.subarray(at, at + 32)),
      signature: toHex(bytes.subarray(at + 32, at + 96)),
    });
    at += 96;
  }
  if (at !== bytes.length) return `${bytes.length - at} unexpected bytes after the signatures`;
  return { signature, witnesses };
}

function bytesOf(hex: string, length: number, field: string): Uint8Array {
  const b = fromHex(hex, field);
  if (b.length !== length) throw new RangeError(`${field}: expected ${length} bytes, got ${b.length}`);
  return b;
}
