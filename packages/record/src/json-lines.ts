/**
 * The lines of a JSON Lines file (spec/record.md §1.4) read from its bytes in bounded chunks:
 * each line's text and the bytes it was read from, without a stream of decoded text and a line
 * reader splitting it. The lines are those of Node's `readline` over the file decoded as UTF-8 —
 * a line ends at LF, CR LF or a lone CR; a last line without an end is a line; invalid UTF-8
 * becomes U+FFFD — so that every reader of the record's JSON Lines sees the same lines.
 * @module
 */
import { Buffer, isUtf8 } from 'node:buffer';
import { open } from 'node:fs/promises';
import { StringDecoder } from 'node:string_decoder';

/** One line of a JSON Lines file: 1-based number, text, and its bytes as UTF-8. */
export interface JsonLineBytes {
  readonly lineNo: number;
  readonly text: string;
  /**
   * UTF-8 of `text`: the file's bytes when the line is valid UTF-8 (a view into the reader's
   * buffer, valid until the next line is asked for), else the encoding of the decoded text
   */
  readonly bytes: Uint8Array;
}

/** Bytes read at a time; a longer line grows the buffer to hold it. */
const CHUNK = 1 << 20;
const LF = 0x0a;
const CR = 0x0d;
const utf8 = new TextEncoder();
const EMPTY = new Uint8Array(0);

/** The text of line bytes, as a UTF-8 stream decoder makes it, and its UTF-8 bytes. */
function lineOf(lineNo: number, b: Buffer): JsonLineBytes {
  if (isUtf8(b)) return { lineNo, text: b.toString('utf8'), bytes: b };
  const d = new StringDecoder('utf8');
  const text = d.write(b) + d.end();
  return { lineNo, text, bytes: utf8.encode(text) };
}

/**
 * Every line of the file, empty ones included, with the byte view of each.
 * @param chunk - bytes read at a time (tests use small ones)
 */
async function* rawLines(path: string, chunk: number): AsyncGenerator<JsonLineBytes> {
  const fh = await open(path, 'r');
  try {
    let buf = Buffer.allocUnsafe(chunk);
    let view = buf.subarray(0, 0); // the bytes read and not yet consumed end at view.length
    let start = 0;
    let eof = false;
    let cr = -1; // the first CR at or after `start` in view, or view.length when none
    let lineNo = 0;
    for (;;) {
      if (cr < start) cr = indexOrEnd(view, CR, start);
      const nl = indexOrEnd(view, LF, start);
      const end = Math.min(nl, cr);
      // a line ends at `end`, unless it is the end of what was read (or a CR there, whose LF may follow)
      if (end < view.length - (view[end] === CR ? 1 : 0) || (eof && end < view.length)) {
        const next = view[end] === CR && view[end + 1] === LF ? end + 2 : end + 1;
        yield lineOf(++lineNo, view.subarray(start, end));
        start = next;
        continue;
      }
      if (eof) {
        if (start < view.length) yield lineOf(++lineNo, view.subarray(start));
        return;
      }
      // keep the unconsumed bytes, at the start of a buffer big enough to read a chunk after them
      const kept = view.length - start;
      if (kept + chunk > buf.length) {
        const bigger = Buffer.allocUnsafe(Math.max(kept + chunk, 2 * buf.length));
        buf.copy(bigger, 0, start, view.length);
        buf = bigger;
      } else if (start > 0) buf.copy(buf, 0, start, view.length);
      const { bytesRead } = await fh.read(buf, kept, chunk, null);
      eof = bytesRead === 0;
      view = buf.subarray(0, kept + bytesRead);
      start = 0;
      cr = -1;
    }
  } finally {
    await fh.close();
  }
}

/** The index of the first `byte` at or after `from` in `b`, or b.length. */
function indexOrEnd(b: Buffer, byte: number, from: number): number {
  const i = b.indexOf(byte, from);
  return i < 0 ? b.length : i;
}

/**
 * The non-empty lines of a JSON Lines file, streamed in bounded chunks, with their bytes. A final
 * empty line is allowed; an empty line elsewhere is returned (and fails to parse where it is
 * checked). A line's `bytes` may be a view of the reader's buffer: use it before asking for the
 * next line.
 * @param chunk - bytes read at a time (tests use small ones)
 */
export async function* readJsonLineBytes(path: string, chunk = CHUNK): AsyncGenerator<JsonLineBytes> {
  let pendingEmpty = 0;
  for await (const line of rawLines(path, chunk)) {
    if (line.text.length === 0) {
      pendingEmpty++;
      continue;
    }
    for (; pendingEmpty > 0; pendingEmpty--)
      yield { lineNo: line.lineNo - pendingEmpty, text: '', bytes: EMPTY };
    yield line;
  }
}
