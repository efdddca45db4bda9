/**
 * The `ranked` decryption request of version 2 (spec/mixnet.md §8.8): its items are every
 * ciphertext of every ranked contest's last stage outputs, so the board's `decryption-request`
 * entry names those stages, the item count and the request's digest, and the request file is
 * written — and its digest hashed — from the stages' `outputs.bin`, a chunk at a time: one chunk
 * of rows is held, whatever the number of ballots, and nothing is decoded (the elements were
 * checked at each stage's upload, M2). The file is byte for byte the one {@link makeRequest}
 * builds from the same rows, and its digest that request's digest. One source for the server
 * (which posts the entry and serves the file), the guardians and the verifier (L3.L), which
 * hash it from the record's `ranked/<id>/mix-chain/stage-<last>/outputs.bin`.
 * @module
 */
import { createHash } from 'node:crypto';
import { closeSync, openSync, readSync } from 'node:fs';
import { REQUEST_FORMAT, TRUSTEE_FILE_VERSION } from './decryption-files.js';

/** The version of a `decryption-request` entry that names the stages instead of holding the items. */
export const RANKED_REQUEST_VERSION = 2;

/** Bytes read at a time from an `outputs.bin` (the server store's chunk size). */
export const OUTPUT_CHUNK_BYTES = 1 << 20;

/** One contest's part of the request: the last stage's entry and its shape. */
export interface RankedRequestPart {
  readonly contestId: string;
  /** log index of the contest's last `mix-stage` entry */
  readonly logIndex: number;
  /** N: rows */
  readonly rows: number;
  /** w: ciphertexts per row */
  readonly w: number;
}

/** The `decryption-request` entry's fields of version 2 (besides `time`). */
export interface RankedRequestEntry {
  readonly kind: 'ranked';
  readonly version: typeof RANKED_REQUEST_VERSION;
  readonly ceremonyId: string;
  readonly maxValue: number;
  /** number of items: Σ rows · w */
  readonly items: number;
  /** the request's digest (upper-case hex, spec/key-ceremony.md §9.6) */
  readonly digest: string;
  readonly contests: readonly RankedRequestPart[];
}

/** Whether a `decryption-request` entry is of version 2 (names stages, holds no items). */
export function isRankedRequestEntry(e: Record<string, unknown>): boolean {
  return e.kind === 'ranked' && e.version === RANKED_REQUEST_VERSION;
}

/** Reads a contest's `outputs.bin` as chunks of bytes (a local file, or a store's chunks). */
export type OutputChunks = (part: RankedRequestPart) => AsyncIterable<Uint8Array>;

/** Chunks of a local file, `size` bytes at a time. */
export async function* fileChunks(path: string, size = OUTPUT_CHUNK_BYTES): AsyncIterable<Uint8Array> {
  const fd = openSync(path, 'r');
  try {
    for (let pos = 0; ;) {
      const buf = Buffer.alloc(size);
      const n = readSync(fd, buf, 0, size, pos);
      if (n === 0) return;
      yield buf.subarray(0, n);
      pos += n;
    }
  } finally {
    closeSync(fd);
  }
}

/**
 * The items' JSON texts, in request order (contests in the parts' order, then rows, then
 * columns), a chunk of rows at a time:
 * `{"id":"<contest>/<row>/<column>","kind":"selection","alpha":…,"beta":…}`.
 * @param L - bytes per group element
 * @throws {RangeError} when a part's outputs do not hold rows · w ciphertexts (the message names
 *   the stage's entry)
 */
export async function* itemTexts(
  parts: readonly RankedRequestPart[],
  L: number,
  chunks: OutputChunks,
): AsyncIterable<string[]> {
  for (const p of parts) {
    const ct = 2 * L;
    let carry: Uint8Array = new Uint8Array(0);
    let t = 0; // ciphertexts so far
    for await (const chunk of chunks(p)) {
      const bytes = carry.length > 0 ? Buffer.concat([carry, chunk]) : Buffer.from(chunk);
      const whole = bytes.length - (bytes.length % ct);
      const out: string[] = [];
      for (let at = 0; at < whole; at += ct, t++) {
        const row = Math.floor(t / p.w);
        out.push(
          JSON.stringify({
            id: `${p.contestId}/${row}/${t % p.w}`,
            kind: 'selection',
            alpha: bytes.toString('hex', at, at + L).toUpperCase(),
            beta: bytes.toString('hex', at + L, at + ct).toUpperCase(),
          }),
        );
      }
      carry = bytes.subarray(whole);
      if (out.length > 0) yield out;
    }
    if (carry.length > 0 || t !== p.rows * p.w)
      throw new RangeError(
        `the outputs of the mix stage at entry ${p.logIndex} hold ${t} ciphertexts and ${carry.length} bytes more, not ${p.rows}·${p.w}`,
      );
  }
}

/**
 * The request's digest and item count, hashed as {@link makeRequest} does
 * (SHA-256 of `[ceremonyId, kind, maxValue, items]` as JSON), one chunk of items at a time.
 * @throws {RangeError} as {@link itemTexts}
 */
export async function rankedRequestDigest(
  ceremonyId: string,
  maxValue: number,
  parts: readonly RankedRequestPart[],
  L: number,
  chunks: OutputChunks,
): Promise<{ digest: string; items: number }> {
  const h = createHash('sha256');
  h.update(`${JSON.stringify([ceremonyId.toUpperCase(), 'ranked', maxValue])!.slice(0, -1)},[`);
  let items = 0;
  for await (const texts of itemTexts(parts, L, chunks)) {
    h.update((items > 0 ? ',' : '') + texts.join(','));
    items += texts.length;
  }
  h.update(']]');
  return { digest: h.digest('hex').toUpperCase(), items };
}

/**
 * Writes the request file of a version-2 entry (`evident-trustee/decryption-request`, the same
 * bytes as `JSON.stringify(makeRequest(…).json)`) to `write`, one chunk of items at a time.
 * @throws {RangeError} as {@link itemTexts}
 */
export async function writeRankedRequest(
  e: RankedRequestEntry,
  L: number,
  chunks: OutputChunks,
  write: (text: string) => unknown,
): Promise<void> {
  const head = JSON.stringify({
    format: REQUEST_FORMAT,
    version: TRUSTEE_FILE_VERSION,
    ceremonyId: e.ceremonyId.toUpperCase(),
    kind: 'ranked',
    maxValue: e.maxValue,
  });
  await write(`${head.slice(0, -1)},"items":[`);
  let first = true;
  for await (const texts of itemTexts(e.contests, L, chunks)) {
    await write((first ? '' : ',') + texts.join(','));
    first = false;
  }
  await write(']}');
}
