/**
 * Large JSON files read without parsing them whole (spec/record.md §1.5): a file that is one JSON
 * object — `ranked/<id>/inputs.json` with its `ballots`, `decryptions.json` with its `rows` and
 * `plaintexts` — is scanned once in fixed-size chunks, keeping the byte span of every element of
 * the named top-level arrays and parsing the other (small) members; workers later read and parse
 * the elements of a span range (`readJsonSpans`).
 *
 * Contract. The file must be exactly one JSON object, with optional JSON white space (space, tab,
 * LF, CR) around it: a byte order mark, data after the object, a value that is not an object,
 * truncated input, unbalanced or mismatched brackets, an unterminated string, a control character
 * or a bad escape in a string give `{ ok: false, offset, message }`. A top-level member name that
 * appears twice is an error (stricter than `JSON.parse`, where the last one wins). The scan checks
 * the structure: strings, escapes, brackets, and that the bytes between members and between the
 * elements of a named array are exactly white space, `:` and `,` in their places; it parses each
 * head member with `JSON.parse` of its bytes (fatal UTF-8), but not the elements, which
 * `readJsonSpans` parses. Hence the soundness law, checked by property tests: when the scan is ok
 * and every element parses, `JSON.parse` of the whole file succeeds and equals the head with the
 * parsed arrays; and when `JSON.parse` of the whole file succeeds (with no top-level member twice),
 * the scan is ok with exactly those elements.
 *
 * Memory: one chunk, the head members and 16 bytes per element (spans grow by doubling).
 * @module
 */
import { closeSync, openSync, readSync } from 'node:fs';
import { open } from 'node:fs/promises';
import { createJsonSpansScanner } from './json-spans-scanner.js';

/** A JSON object file whose named arrays are known by the byte spans of their elements. */
export interface JsonObjectSpans {
  /** every top-level member that is not one of the named arrays (or is named but not an array), parsed */
  readonly head: Record<string, unknown>;
  /**
   * for each named member whose value is an array: `[start0, end0, start1, end1, …]`, the byte
   * offsets in the file of each element's JSON value (no surrounding white space), in order
   */
  readonly arrays: ReadonlyMap<string, Float64Array>;
}

/** The scan's result: the spans, or where and why the file is not one JSON object. */
export type JsonSpansResult =
  | { readonly ok: true; readonly value: JsonObjectSpans }
  | { readonly ok: false; readonly offset: number; readonly message: string };

/** Options of `scanJsonObjectArrays`. */
export interface ScanJsonOptions {
  /** bytes read at a time (default 1 MiB) */
  readonly chunkBytes?: number;
  /** the longest head member (name or value) accepted, in bytes (default 16 MiB) */
  readonly maxHeadMemberBytes?: number;
}

const MIB = 1 << 20;

function positiveInteger(name: string, v: number): number {
  if (!Number.isSafeInteger(v) || v < 1) throw new RangeError(`${name} must be a positive integer, got ${v}`);
  return v;
}

/**
 * Scans a file that must be one JSON object, recording the element spans of the members named in
 * `arrays` and parsing the others.
 * @param path - the file
 * @param arrays - names of the top-level members whose elements are kept as spans
 * @returns the head members and spans, or the offset and message of the first error
 * @throws RangeError when an option is not a positive integer; the file system's error when the
 *   file cannot be read
 */
export async function scanJsonObjectArrays(
  path: string,
  arrays: readonly string[],
  opts: ScanJsonOptions = {},
): Promise<JsonSpansResult> {
  const chunkBytes = positiveInteger('chunkBytes', opts.chunkBytes ?? MIB);
  const maxHeadMemberBytes = positiveInteger('maxHeadMemberBytes', opts.maxHeadMemberBytes ?? 16 * MIB);
  const scanner = createJsonSpansScanner(arrays, { maxHeadMemberBytes });
  const fh = await open(path, 'r');
  try {
    const buf = new Uint8Array(chunkBytes);
    let position = 0;
    while (!scanner.failed) {
      const { bytesRead } = await fh.read(buf, 0, chunkBytes, position);
      if (bytesRead === 0) break;
      position += bytesRead;
      scanner.push(buf.subarray(0, bytesRead));
    }
  } finally {
    await fh.close();
  }
  return scanner.end();
}

const utf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

/**
 * Reads elements `[first, first + count)` of a span list with one read of their byte range and
 * parses each. An element that is not valid UTF-8 or not JSON is reported in `bad` (with its
 * index in the whole list), never thrown; so is one past the end of a file that became shorter.
 * @param path - the file scanned
 * @param spans - a span list of `scanJsonObjectArrays`
 * @param first - index of the first element
 * @param count - number of elements
 * @returns the parsed values, in order (`undefined` for a bad one), and the bad elements
 * @throws RangeError when `first`/`count` are not integers or the range is outside `spans`;
 *   the file system's error when the file cannot be read
 */
export function readJsonSpans(
  path: string,
  spans: Float64Array,
  first: number,
  count: number,
): { values: unknown[]; bad: { index: number; message: string }[] } {
  const total = spans.length / 2;
  if (!Number.isSafeInteger(first) || first < 0 || first > total)
    throw new RangeError(`first must be an integer in [0, ${total}], got ${first}`);
  if (!Number.isSafeInteger(count) || count < 0 || first + count > total)
    throw new RangeError(`count must be an integer in [0, ${total - first}], got ${count}`);
  const values: unknown[] = [];
  const bad: { index: number; message: string }[] = [];
  if (count === 0) return { values, bad };
  const start = spans[2 * first]!;
  const bytes = readRange(path, start, spans[2 * (first + count - 1) + 1]!);
  for (let k = first; k < first + count; k++) {
    const from = spans[2 * k]! - start;
    const to = spans[2 * k + 1]! - start;
    if (to > bytes.length) {
      values.push(undefined);
      bad.push({
        index: k,
        message: `the file ends at byte ${start + bytes.length}, before this element's end`,
      });
      continue;
    }
    try {
      values.push(JSON.parse(utf8.decode(bytes.subarray(from, to))));
    } catch (e) {
      values.push(undefined);
      bad.push({ index: k, message: e instanceof TypeError ? 'not valid UTF-8' : (e as Error).message });
    }
  }
  return { values, bad };
}

/** bytes [from, to) of a file, fewer if it ends sooner */
function readRange(path: string, from: number, to: number): Uint8Array {
  const buf = new Uint8Array(to - from);
  const fd = openSync(path, 'r');
  try {
    let got = 0;
    while (got < buf.length) {
      const n = readSync(fd, buf, got, buf.length - got, from + got);
      if (n === 0) break;
      got += n;
    }
    return buf.subarray(0, got);
  } finally {
    closeSync(fd);
  }
}
