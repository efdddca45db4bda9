/**
 * Hex case (spec/record.md §1.2, spec/server-api.md §1): the API accepts hex in either case, the
 * record has one encoding, upper case. The server decodes a submission from its upper-case copy
 * and writes the record in upper case; the board keeps a submission as sent, since its credential
 * signature covers the text as sent (spec/credentials.md §3.2), so the verifier compares board
 * values with record values through their upper-case copies.
 * @module
 */

/** The members of submissions, key-ceremony outputs and record files whose string values are hex. */
const HEX_KEYS = new Set([
  'credential',
  'commitments',
  'jointKey',
  'extendedBaseHash',
  'nonce',
  'code',
  'alpha',
  'beta',
  'a',
  'b',
  'c',
  'v',
  'h',
  'c0',
  'c1',
  'c2',
]);

/**
 * A lower-case letter or a character outside ASCII. One object for every call: a regular
 * expression literal in a function is a new RegExp each time it runs (~100 bytes), and
 * {@link hasLowerHex} runs on every string of every ballot the verifier reads.
 */
const LOWER_OR_NON_ASCII = /[a-z\u0080-\uffff]/;

/**
 * A copy of `value` with every hex member (by name, at any depth) in upper case.
 * @param key - the member name `value` stands under (its array's, for an element)
 */
export function upperHex<T>(value: T, key = ''): T {
  if (typeof value === 'string') return (HEX_KEYS.has(key) ? value.toUpperCase() : value) as T;
  if (Array.isArray(value)) return value.map((x) => upperHex(x, key)) as T;
  if (value && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, upperHex(v, k)])) as T;
  }
  return value;
}

/**
 * Whether {@link upperHex} would change `value`: some hex member (by name, at any depth) holds a
 * lower-case letter. Reads without copying, so that the usual upper-case submission is used as
 * it is (the server checks thousands a second).
 * @param key - the member name `value` stands under (its array's, for an element)
 */
export function hasLowerHex(value: unknown, key = ''): boolean {
  if (typeof value === 'string') return HEX_KEYS.has(key) && LOWER_OR_NON_ASCII.test(value);
  if (Array.isArray(value)) {
    for (const x of value) if (hasLowerHex(x, key)) return true;
    return false;
  }
  if (value && typeof value === 'object') {
    const o = value as Record<string, unknown>;
    for (const k in o) if (Object.hasOwn(o, k) && hasLowerHex(o[k], k)) return true;
  }
  return false;
}

/** A copy of JSON made only of hex (mix rows, shuffle proofs, a proof object) with every string in upper case. */
export function upperStrings(v: unknown): unknown {
  if (typeof v === 'string') return v.toUpperCase();
  if (Array.isArray(v)) return v.map(upperStrings);
  if (v && typeof v === 'object')
    return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, upperStrings(x)]));
  return v;
}
