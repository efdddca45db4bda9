/**
 * The fast way to L1.B's answer for the usual board line (./canonical-parts.ts): a line that is
 * already the canonical JSON of its value is proven so by walking the line's text alongside the
 * parsed value, token by token, and the canonical text of any part of it is then the part's own
 * span of the line — a slice, not a new serialization. Nothing is decided here but "canonical":
 * a line the walk cannot prove goes the slow way, which decides and names its failure.
 *
 * Why the walk proves it. The line has no backslash and no lone surrogate, so every string in it
 * is written as `JSON.stringify` writes it (no escape is needed but for `"`, `\` and control
 * characters, which a string without a backslash cannot hold once it parses), and a string token
 * ends at the first quote after its opening one. The walk then follows the text's tokens and
 * checks that the text is, character for character, what `canonicalJsonString` makes of the
 * value: each object's member names in the text are those the engine lists, in that order and
 * strictly increasing (so sorted as RFC 8785 sorts them, and none repeated: a repeated name
 * leaves a member of the text unmatched, and the object's `}` is not where the walk expects
 * it), each string token as long as the value's string (then it is that string: the member's
 * value as parsed, without escapes), each number the shortest form of a safe integer other than
 * -0, no white space anywhere, and the text ends where the value does.
 * @module
 */
import { CLOSE_ARRAY, CLOSE_OBJECT, COLON, COMMA, OPEN_ARRAY, OPEN_OBJECT, QUOTE } from '@evident/record';

/** The spans of the kept parts of a line proven canonical. */
export interface Spans {
  /** start of each kept object or array in the text */
  readonly start: Map<object, number>;
  /** end (exclusive) of each kept object or array */
  readonly end: Map<object, number>;
}

/**
 * Proves that `text` is the canonical JSON (`canonicalJsonString`) of `v`, which must be
 * `JSON.parse(text)`, keeping the spans of v's objects and arrays down to `depth` levels below v.
 * @returns the spans, or undefined when the walk cannot prove it (the line may still be canonical)
 */
export function canonicalSpans(v: unknown, text: string, depth: number): Spans | undefined {
  if (text.indexOf('\\') >= 0 || !wellFormed(text)) return undefined;
  const spans: Spans = { start: new Map(), end: new Map() };
  return walk(text, 0, v, depth, spans) === text.length ? spans : undefined;
}

/** No lone surrogate (Node 20 has String.prototype.isWellFormed; the compiler's lib does not yet). */
const wellFormed = (s: string): boolean => (s as unknown as { isWellFormed(): boolean }).isWellFormed();

/** The end of the canonical text of `v` at `at` in `text`, or -1 when it is not there. */
function walk(text: string, at: number, v: unknown, depth: number, spans: Spans): number {
  switch (typeof v) {
    case 'string':
      // the token ends at the first quote (no escape in the line): v's length from its start
      return text.charCodeAt(at) === QUOTE && text.indexOf('"', at + 1) === at + 1 + v.length
        ? at + v.length + 2
        : -1;
    case 'number': {
      if (!Number.isSafeInteger(v) || Object.is(v, -0)) return -1;
      const s = String(v);
      return text.startsWith(s, at) ? at + s.length : -1; // what follows is the caller's to check
    }
    case 'boolean':
      return literal(text, at, v ? 'true' : 'false');
    case 'object': {
      if (v === null) return literal(text, at, 'null');
      const end = Array.isArray(v)
        ? walkArray(text, at, v, depth, spans)
        : walkObject(text, at, v, depth, spans);
      if (end >= 0 && depth >= 0) {
        spans.start.set(v, at);
        spans.end.set(v, end);
      }
      return end;
    }
  }
  return -1;
}

const literal = (text: string, at: number, word: string): number =>
  text.startsWith(word, at) ? at + word.length : -1;

function walkArray(text: string, at: number, a: unknown[], depth: number, spans: Spans): number {
  if (text.charCodeAt(at) !== OPEN_ARRAY) return -1;
  let p = at + 1;
  for (let i = 0; i < a.length; i++) {
    if (i > 0) {
      if (text.charCodeAt(p) !== COMMA) return -1;
      p++;
    }
    p = walk(text, p, a[i], depth - 1, spans);
    if (p < 0) return -1;
  }
  return text.charCodeAt(p) === CLOSE_ARRAY ? p + 1 : -1;
}

function walkObject(text: string, at: number, v: object, depth: number, spans: Spans): number {
  if (text.charCodeAt(at) !== OPEN_OBJECT || Object.getPrototypeOf(v) !== Object.prototype) return -1;
  const o = v as Record<string, unknown>;
  let p = at + 1;
  let prev: string | undefined;
  for (const k in o) {
    if (prev !== undefined) {
      if (!(prev < k) || text.charCodeAt(p) !== COMMA) return -1;
      p++;
    }
    // the member's name as JSON.stringify writes it (no character of it needs an escape: see above)
    if (
      text.charCodeAt(p) !== QUOTE ||
      !sameAt(text, p + 1, k) ||
      text.charCodeAt(p + 1 + k.length) !== QUOTE ||
      text.charCodeAt(p + 2 + k.length) !== COLON
    )
      return -1;
    p = walk(text, p + k.length + 3, o[k], depth - 1, spans);
    if (p < 0) return -1;
    prev = k;
  }
  return text.charCodeAt(p) === CLOSE_OBJECT ? p + 1 : -1;
}

/** Whether `s` is in `text` at `at` (a loop: String.prototype.startsWith costs more for short names). */
function sameAt(text: string, at: number, s: string): boolean {
  for (let i = 0; i < s.length; i++) if (text.charCodeAt(at + i) !== s.charCodeAt(i)) return false;
  return true;
}
