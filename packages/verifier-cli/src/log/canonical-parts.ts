/**
 * The canonical JSON (RFC 8785, `canonicalJsonString`) of a board entry computed once: L1.B
 * serializes every entry to compare it with its line, and the same pass needs the canonical
 * text of parts of it — a ballot entry's submission without its signature (the ballot digest
 * L3.E checks), its ballot content and ranked rows (the digests L3.B and L3.G compare). The
 * object's text is the concatenation of its members' texts, so the texts of the parts near the
 * root are kept while the entry is serialized, and the parts are assembled from them.
 *
 * Most entries are canonical, and for those nothing is serialized: {@link canonicalEntry} first
 * walks the line alongside its value to prove it canonical (./canonical-spans.ts), and the text
 * of each part is then its span of the line. When the walk cannot prove it (a line with an
 * escape, say), the engine's own serializer may still give the text faster than the slow way:
 * {@link canonicalEntry} then checks that every object's members are in sorted order
 * and every number a safe integer — then `JSON.stringify` is the canonical serialization — and
 * compares that with the line; the texts of the parts are then `JSON.stringify` of each, made
 * when asked. Any other entry goes the slow way, which decides and names its failure.
 * @module
 */
import { canonicalJsonString } from '@evident/e2e-crypto';
import { canonicalSpans, type Spans } from './canonical-spans.js';

/** The canonical texts of an entry's objects and arrays down to some depth (a Map is one). */
export interface CanonicalParts {
  has(v: object): boolean;
  get(v: object): string | undefined;
}

/**
 * `canonicalJsonString(v)`, keeping in `parts` the text of every object and array down to
 * `depth` levels below `v` (v itself is level 0).
 * @throws {TypeError} as canonicalJsonString does, for a value that is not JSON of integers
 */
export function canonicalWithParts(v: unknown, depth: number, parts: Map<object, string>): string {
  if (depth < 0 || typeof v !== 'object' || v === null) return canonicalJsonString(v);
  let s: string;
  if (Array.isArray(v)) {
    s = '[';
    for (let i = 0; i < v.length; i++) s += (i > 0 ? ',' : '') + canonicalWithParts(v[i], depth - 1, parts);
    s += ']';
  } else {
    const o = v as Record<string, unknown>;
    s = '{';
    for (const k of Object.keys(o).sort()) {
      const x = o[k];
      if (x === undefined) continue;
      s += (s.length > 1 ? ',' : '') + JSON.stringify(k) + ':' + canonicalWithParts(x, depth - 1, parts);
    }
    s += '}';
  }
  parts.set(v, s);
  return s;
}

/**
 * `canonicalJsonString(v)` (which itself takes the engine's `JSON.stringify` when that is the
 * same text, as it is for what the server writes).
 * @throws {TypeError} as canonicalJsonString does, for a value that is not JSON of integers
 */
export const canonicalText = (v: unknown): string => canonicalJsonString(v);

/** The canonical text of `v`: the kept one when `v` is a kept part. */
export function partText(v: unknown, parts: CanonicalParts): string {
  return (typeof v === 'object' && v !== null && parts.get(v)) || canonicalJsonString(v);
}

/**
 * The canonical text of the object `o` without the member `omit`, from its members' kept texts
 * (`canonicalJsonString({...o, [omit]: undefined})`).
 */
export function objectText(o: Record<string, unknown>, parts: CanonicalParts, omit?: string): string {
  let s = '{';
  for (const k of Object.keys(o).sort()) {
    const x = o[k];
    if (x === undefined || k === omit) continue;
    s += (s.length > 1 ? ',' : '') + JSON.stringify(k) + ':' + partText(x, parts);
  }
  return s + '}';
}

/** What {@link canonicalEntry} found: the entry's form and the texts of its parts. */
export interface CanonicalEntry {
  /** `noncanonical`: JSON of integers in another encoding; `unserializable`: not JSON of integers */
  readonly form: 'canonical' | 'noncanonical' | 'unserializable';
  readonly parts: CanonicalParts;
}

/**
 * Whether `text` is the canonical JSON of `v` (`JSON.parse(text)`), as
 * `canonicalWithParts(v, depth, parts) === text` decides, with the texts of v's objects and
 * arrays down to `depth` levels (as far as they were serialized when the entry is not JSON of
 * integers).
 */
export function canonicalEntry(v: unknown, text: string, depth: number): CanonicalEntry {
  const spans = canonicalSpans(v, text, depth);
  if (spans) return { form: 'canonical', parts: slicedParts(text, spans) };
  const kept = new Set<object>();
  if (sortedIntegers(v, depth, kept) && JSON.stringify(v) === text)
    return { form: 'canonical', parts: lazyParts(kept) };
  const parts = new Map<object, string>();
  try {
    return { form: canonicalWithParts(v, depth, parts) === text ? 'canonical' : 'noncanonical', parts };
  } catch {
    return { form: 'unserializable', parts };
  }
}

/**
 * True when JSON.stringify(v) is canonicalJsonString(v): every number is a safe integer and every
 * object's keys, in the order the engine lists them (which JSON.stringify follows: array-index
 * keys first, whatever their order in the text), are in strictly increasing UTF-16 order, so
 * that sorting them changes nothing; `kept` gets the objects and arrays down to `depth` levels.
 */
function sortedIntegers(v: unknown, depth: number, kept: Set<object>): boolean {
  if (typeof v === 'number') return Number.isSafeInteger(v) && !Object.is(v, -0);
  if (typeof v !== 'object' || v === null) return true;
  if (depth >= 0) kept.add(v);
  if (Array.isArray(v)) {
    for (const x of v) if (!sortedIntegers(x, depth - 1, kept)) return false;
    return true;
  }
  const o = v as Record<string, unknown>;
  let prev = '';
  let first = true;
  for (const k in o) {
    if (!first && !(prev < k)) return false;
    if (!sortedIntegers(o[k], depth - 1, kept)) return false;
    prev = k;
    first = false;
  }
  return true;
}

/**
 * The parts of a canonical entry: `JSON.stringify` of each kept object, made once when asked, from
 * the texts of its kept members (an object's text is its members' texts joined), so that a value
 * below the kept levels is serialized once however many kept parts hold it (the submission, the
 * ballot, its contests and ranked rows). The same text as `JSON.stringify`: the entry is parsed
 * JSON (no undefined, no inherited members) whose members the engine lists in the order
 * `JSON.stringify` follows.
 */
function lazyParts(kept: ReadonlySet<object>): CanonicalParts {
  const texts = new Map<object, string>();
  const textOf = (v: unknown): string =>
    typeof v === 'object' && v !== null && kept.has(v) ? keptText(v) : JSON.stringify(v);
  const keptText = (v: object): string => {
    let t = texts.get(v);
    if (t !== undefined) return t;
    if (Array.isArray(v)) {
      t = '[';
      for (let i = 0; i < v.length; i++) t += (i > 0 ? ',' : '') + textOf(v[i]);
      t += ']';
    } else {
      const o = v as Record<string, unknown>;
      t = '{';
      for (const k in o) t += (t.length > 1 ? ',' : '') + JSON.stringify(k) + ':' + textOf(o[k]);
      t += '}';
    }
    texts.set(v, t);
    return t;
  };
  return {
    has: (v) => kept.has(v),
    get: (v) => (kept.has(v) ? keptText(v) : undefined),
  };
}

/** The parts of a line proven canonical (./canonical-spans.ts): each one's span of the line. */
function slicedParts(text: string, spans: Spans): CanonicalParts {
  return {
    has: (v) => spans.start.has(v),
    get(v) {
      const at = spans.start.get(v);
      return at === undefined ? undefined : text.slice(at, spans.end.get(v));
    },
  };
}
