/**
 * The byte-at-a-time state machine behind `scanJsonObjectArrays` (./json-array-spans.ts): it is
 * fed a file's bytes in chunks of any size and tracks just enough of JSON's structure — strings
 * and their escapes, bracket nesting, the commas and colons of the top-level object and of the
 * named arrays — to find where each top-level member and each element of a named array starts
 * and ends. The bytes between those values must be exactly JSON white space, commas and colons in
 * their places; the values themselves are checked by `JSON.parse` (head members here, array
 * elements by `readJsonSpans`).
 * @module
 */
import type { JsonSpansResult } from './json-array-spans.js';
import {
  BACKSLASH,
  CLOSE_ARRAY,
  CLOSE_OBJECT,
  COLON,
  COMMA,
  CR,
  LF,
  OPEN_ARRAY,
  OPEN_OBJECT,
  QUOTE,
  SPACE,
  TAB,
} from './json-bytes.js';

/** 1: JSON white space; 2: a byte that ends a bare value (number or literal): white space, `,:[]{}"` */
const CLASS = new Uint8Array(256);
for (const c of [SPACE, TAB, LF, CR]) CLASS[c] = 1;
for (const c of [COMMA, COLON, OPEN_ARRAY, CLOSE_ARRAY, OPEN_OBJECT, CLOSE_OBJECT, QUOTE]) CLASS[c] = 2;
/** 1: a byte that may follow `\` in a JSON string other than `u` */
const SIMPLE_ESCAPE = new Uint8Array(256);
for (const c of '"\\/bfnrt') SIMPLE_ESCAPE[c.charCodeAt(0)] = 1;
/** 1: a byte that ends the run of plain bytes of a string: `"`, `\`, a control character */
const STRING_STOP = new Uint8Array(256);
for (let c = 0; c < 0x20; c++) STRING_STOP[c] = 1;
STRING_STOP[QUOTE] = STRING_STOP[BACKSLASH] = 1;
/** 1: a byte that matters in a value's brackets: `"`, `[`, `]`, `{`, `}` */
const NESTED_STOP = new Uint8Array(256);
for (const c of [QUOTE, OPEN_ARRAY, CLOSE_ARRAY, OPEN_OBJECT, CLOSE_OBJECT]) NESTED_STOP[c] = 1;
const HEX = new Uint8Array(256);
for (const c of '0123456789abcdefABCDEF') HEX[c.charCodeAt(0)] = 1;

// where the scanner is
const BEGIN = 0; // before the top-level `{`
const FIRST_KEY = 1; // after `{`: a member name or `}`
const NEXT_KEY = 2; // after a top-level `,`: a member name
const COLON_NEXT = 3; // after a member name
const MEMBER_VALUE = 4; // after `:`
const AFTER_MEMBER = 5; // after a member's value: `,` or `}`
const FIRST_ELEMENT = 6; // after a named array's `[`: a value or `]`
const NEXT_ELEMENT = 7; // after a `,` in a named array: a value
const AFTER_ELEMENT = 8; // after an element: `,` or `]`
const END = 9; // after the top-level `}`: only white space
const STRING = 10; // in a string's body
const ESCAPE = 11; // after `\` in a string
const UNICODE = 12; // in the 4 hex digits of `\u`
const NESTED = 13; // in a value's `[…]` or `{…}`, outside strings
const BARE = 14; // in a number or literal

// what the string being read is
const KEY = 0;
const WHOLE_VALUE = 1; // a value that is a string
const INNER = 2; // a string inside a value's brackets

/** Limits of the scan, in bytes. */
export interface ScannerLimits {
  readonly maxHeadMemberBytes: number;
}

/** A push scanner: `push` each chunk of the file in order, then `end` for the result. */
export interface JsonSpansScanner {
  /** scans the next bytes of the file; the scanner keeps no reference to `bytes` */
  push(bytes: Uint8Array): void;
  /** the result once every byte was pushed */
  end(): JsonSpansResult;
  /** true once the input is known to be bad (later pushes are ignored) */
  readonly failed: boolean;
}

const utf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

/** The text of bytes that must be UTF-8, or undefined when they are not. */
function decodeUtf8(bytes: Uint8Array): string | undefined {
  try {
    return utf8.decode(bytes);
  } catch {
    return undefined;
  }
}

/**
 * A scanner for a file that must be one JSON object, recording the element spans of the members
 * named in `arrays` whose values are arrays.
 */
export function createJsonSpansScanner(arrays: readonly string[], limits: ScannerLimits): JsonSpansScanner {
  const named = new Set(arrays);
  const head: Record<string, unknown> = {};
  const seen = new Set<string>();
  const found = new Map<string, Float64Array>();
  let error: { offset: number; message: string } | undefined;

  let base = 0; // offset in the file of the chunk being scanned
  let mode = BEGIN;
  let stringKind = KEY;
  let stringStart = 0; // offset of the open quote of the string being read
  let hexLeft = 0;
  let valueStart = 0; // offset of the value (member value or element) being read
  let inArray = false; // whether that value is an element of a named array
  let stack = new Uint8Array(64); // open brackets of the value being read
  let depth = 0;
  let key = ''; // the member being read
  let spans = new Float64Array(0);
  let count = 0; // elements in `spans`
  // bytes of the member name or head value being read, from earlier chunks
  let capturing = false;
  let captureStart = 0;
  let captureIsKey = false;
  let pieces: Uint8Array[] = [];
  let pieceBytes = 0;

  const fail = (offset: number, message: string): void => {
    error ??= { offset, message: `not valid JSON at byte ${offset}: ${message}` };
  };
  const got = (c: number): string =>
    c >= 0x20 && c < 0x7f ? `'${String.fromCharCode(c)}'` : `byte 0x${c.toString(16).padStart(2, '0')}`;

  const startCapture = (at: number, isKey: boolean): void => {
    capturing = true;
    captureStart = at;
    captureIsKey = isKey;
    pieces = [];
    pieceBytes = 0;
  };

  /** fails for a member name or head value longer than the limit */
  const tooLong = (): void => {
    const max = limits.maxHeadMemberBytes;
    if (captureIsKey) fail(captureStart, `a member name is longer than ${max} bytes`);
    else fail(captureStart, `member ${JSON.stringify(key)} is longer than ${max} bytes`);
  };

  /**
   * the captured bytes from `from` to `to` (offsets in the file), the last of them in `b`, as text;
   * undefined after failing when they are too long or not UTF-8
   */
  const captured = (b: Uint8Array, from: number, to: number): string | undefined => {
    if (to - from > limits.maxHeadMemberBytes) {
      tooLong();
      return undefined;
    }
    const text = decodeUtf8(capturedBytes(b, from, to));
    if (text === undefined) {
      if (captureIsKey) fail(from, 'a member name is not valid UTF-8');
      else fail(from, `member ${JSON.stringify(key)} is not valid UTF-8`);
    }
    return text;
  };

  const capturedBytes = (b: Uint8Array, from: number, to: number): Uint8Array => {
    const tail = b.subarray(Math.max(from - base, 0), to - base);
    capturing = false;
    if (pieces.length === 0) return tail;
    const all = new Uint8Array(pieceBytes + tail.length);
    let at = 0;
    for (const p of pieces) {
      all.set(p, at);
      at += p.length;
    }
    all.set(tail, at);
    pieces = [];
    pieceBytes = 0;
    return all;
  };

  const endKey = (b: Uint8Array, to: number): void => {
    const text = captured(b, stringStart, to);
    if (text === undefined) return;
    key = JSON.parse(text) as string; // escapes and control characters were checked while scanning
    if (seen.has(key)) return fail(stringStart, `member ${JSON.stringify(key)} appears twice`);
    seen.add(key);
    mode = COLON_NEXT;
  };

  const endValue = (b: Uint8Array, to: number): void => {
    if (inArray) {
      if (2 * count + 2 > spans.length) {
        const bigger = new Float64Array(Math.max(64, 2 * spans.length));
        bigger.set(spans);
        spans = bigger;
      }
      spans[2 * count] = valueStart;
      spans[2 * count + 1] = to;
      count++;
      mode = AFTER_ELEMENT;
      return;
    }
    const text = captured(b, valueStart, to);
    if (text === undefined) return;
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch (e) {
      return fail(valueStart, `member ${JSON.stringify(key)}: ${(e as Error).message}`);
    }
    Object.defineProperty(head, key, { value, enumerable: true, writable: true, configurable: true });
    mode = AFTER_MEMBER;
  };

  /** starts the value whose first byte `c` is at `at`, or fails */
  const startValue = (c: number, at: number): void => {
    valueStart = at;
    if (!inArray) startCapture(at, false);
    if (c === QUOTE) {
      mode = STRING;
      stringKind = WHOLE_VALUE;
      stringStart = at;
    } else if (c === OPEN_ARRAY || c === OPEN_OBJECT) {
      mode = NESTED;
      stack[0] = c;
      depth = 1;
    } else if (CLASS[c] === 2) {
      capturing = false;
      fail(at, `expected a value, got ${got(c)}`);
    } else mode = BARE;
  };

  /** scans `b[i]` onwards in a structural mode; returns the next index */
  const structural = (b: Uint8Array, i: number): number => {
    const c = b[i]!;
    if (CLASS[c] === 1) return i + 1;
    const at = base + i;
    switch (mode) {
      case BEGIN:
        if (c === OPEN_OBJECT) mode = FIRST_KEY;
        else if (c === 0xef && at === 0) fail(at, 'a byte order mark is not allowed; expected {');
        else fail(at, `expected '{', got ${got(c)}`);
        break;
      case FIRST_KEY:
      case NEXT_KEY:
        if (c === QUOTE) {
          mode = STRING;
          stringKind = KEY;
          stringStart = at;
          startCapture(at, true);
        } else if (c === CLOSE_OBJECT && mode === FIRST_KEY) mode = END;
        else fail(at, `expected a member name${mode === FIRST_KEY ? " or '}'" : ''}, got ${got(c)}`);
        break;
      case COLON_NEXT:
        if (c === COLON) mode = MEMBER_VALUE;
        else fail(at, `expected ':', got ${got(c)}`);
        break;
      case MEMBER_VALUE:
        if (c === OPEN_ARRAY && named.has(key)) {
          mode = FIRST_ELEMENT;
          spans = new Float64Array(0);
          count = 0;
        } else {
          inArray = false;
          startValue(c, at);
        }
        break;
      case AFTER_MEMBER:
        if (c === COMMA) mode = NEXT_KEY;
        else if (c === CLOSE_OBJECT) mode = END;
        else fail(at, `expected ',' or '}', got ${got(c)}`);
        break;
      case FIRST_ELEMENT:
      case NEXT_ELEMENT:
        if (c === CLOSE_ARRAY && mode === FIRST_ELEMENT) endArray();
        else {
          inArray = true;
          startValue(c, at);
        }
        break;
      case AFTER_ELEMENT:
        if (c === COMMA) mode = NEXT_ELEMENT;
        else if (c === CLOSE_ARRAY) endArray();
        else fail(at, `expected ',' or ']', got ${got(c)}`);
        break;
      default: // END
        fail(at, `unexpected ${got(c)} after the JSON object`);
    }
    return i + 1;
  };

  const endArray = (): void => {
    found.set(key, spans.slice(0, 2 * count));
    spans = new Float64Array(0);
    mode = AFTER_MEMBER;
  };

  /** scans a string's body from `b[i]`; returns the next index */
  const stringBody = (b: Uint8Array, i: number): number => {
    const n = b.length;
    while (i < n && STRING_STOP[b[i]!] === 0) i++;
    if (i === n) return i;
    const c = b[i]!;
    if (c === BACKSLASH) {
      mode = ESCAPE;
      return i + 1;
    }
    if (c !== QUOTE) {
      fail(base + i, `control character U+${c.toString(16).padStart(4, '0').toUpperCase()} in a string`);
      return i + 1;
    }
    if (stringKind === INNER) mode = NESTED;
    else if (stringKind === KEY) endKey(b, base + i + 1);
    else endValue(b, base + i + 1);
    return i + 1;
  };

  /** scans a value's brackets from `b[i]`; returns the next index */
  const nested = (b: Uint8Array, i: number): number => {
    const n = b.length;
    for (; i < n; i++) {
      const c = b[i]!;
      if (NESTED_STOP[c] === 0) continue;
      if (c === QUOTE) {
        mode = STRING;
        stringKind = INNER;
        stringStart = base + i;
        return i + 1;
      }
      if (c === OPEN_ARRAY || c === OPEN_OBJECT) {
        if (depth === stack.length) {
          const bigger = new Uint8Array(2 * stack.length);
          bigger.set(stack);
          stack = bigger;
        }
        stack[depth++] = c;
      } else if (c === CLOSE_ARRAY || c === CLOSE_OBJECT) {
        if (stack[--depth] !== c - 2) {
          fail(
            base + i,
            `'${String.fromCharCode(c)}' does not close '${String.fromCharCode(stack[depth]!)}'`,
          );
          return i + 1;
        }
        if (depth === 0) {
          endValue(b, base + i + 1);
          return i + 1;
        }
      }
    }
    return i;
  };

  /** scans a number or literal from `b[i]`; returns the next index */
  const bare = (b: Uint8Array, i: number): number => {
    const n = b.length;
    while (i < n && CLASS[b[i]!] === 0) i++;
    if (i < n) endValue(b, base + i); // the byte that ends it is scanned next, in the mode after the value
    return i;
  };

  const push = (b: Uint8Array): void => {
    const n = b.length;
    let i = 0;
    while (i < n && error === undefined) {
      switch (mode) {
        case STRING:
          i = stringBody(b, i);
          break;
        case NESTED:
          i = nested(b, i);
          break;
        case BARE:
          i = bare(b, i);
          break;
        case ESCAPE: {
          const c = b[i]!;
          if (c === 0x75) {
            mode = UNICODE;
            hexLeft = 4;
          } else if (SIMPLE_ESCAPE[c] === 1) mode = STRING;
          else fail(base + i - 1, `bad escape in a string: '\\' followed by ${got(c)}`);
          i++;
          break;
        }
        case UNICODE:
          if (HEX[b[i]!] !== 1) fail(base + i, `bad escape in a string: ${got(b[i]!)} is not a hex digit`);
          else if (--hexLeft === 0) mode = STRING;
          i++;
          break;
        default:
          i = structural(b, i);
      }
    }
    if (capturing && error === undefined) {
      const piece = b.slice(Math.max(captureStart - base, 0), n);
      pieces.push(piece);
      pieceBytes += piece.length;
      if (pieceBytes > limits.maxHeadMemberBytes) tooLong();
    }
    base += n;
  };

  const end = (): JsonSpansResult => {
    if (error === undefined && mode !== END) {
      if (mode === STRING || mode === ESCAPE || mode === UNICODE) fail(stringStart, 'unterminated string');
      else if (mode === NESTED)
        fail(
          valueStart,
          `unbalanced brackets: the input ends inside the value that starts here (${depth} open)`,
        );
      else if (mode === BEGIN) fail(base, "empty input, expected '{'");
      else fail(base, 'unexpected end of input');
    }
    if (error !== undefined) return { ok: false, ...error };
    return { ok: true, value: { head, arrays: found } };
  };

  return {
    push,
    end,
    get failed() {
      return error !== undefined;
    },
  };
}
