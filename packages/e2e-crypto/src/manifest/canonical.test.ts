/**
 * canonicalJsonString (RFC 8785 for JSON of integers): the same text whether the value's objects
 * already list their members in order (JSON.stringify of the value) or not (sorted), compared
 * with a plain reference serializer on random JSON; and the same refusals.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { canonicalJsonString } from './canonical.js';

/** The reference: every object's member names sorted, strings as JSON.stringify writes them. */
function reference(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return `[${v.map(reference).join(',')}]`;
  if (typeof v === 'object') {
    const o = v as Record<string, unknown>;
    const members = Object.keys(o)
      .sort()
      .filter((k) => o[k] !== undefined)
      .map((k) => `${JSON.stringify(k)}:${reference(o[k])}`);
    return `{${members.join(',')}}`;
  }
  if (typeof v === 'number') {
    if (!Number.isSafeInteger(v)) throw new TypeError('not a safe integer');
    return String(v);
  }
  if (typeof v === 'string' || typeof v === 'boolean') return JSON.stringify(v);
  throw new TypeError('not JSON');
}

/** `v` with every object's members inserted in sorted order (so JSON.stringify lists them sorted). */
function ordered(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(ordered);
  if (v === null || typeof v !== 'object') return v;
  const o = v as Record<string, unknown>;
  return Object.fromEntries(
    Object.keys(o)
      .sort()
      .map((k) => [k, ordered(o[k])]),
  );
}

const key = fc.oneof(
  fc.constantFrom('a', 'b', 'B', 'code', 'contests', '0', '1', '10', '2', 'é', '\u{1F600}', '\uD800', ''),
  fc.string({ maxLength: 4 }),
);
const leaf = fc.oneof(
  fc.integer(),
  fc.constantFrom(0, -0, Number.MAX_SAFE_INTEGER, -Number.MAX_SAFE_INTEGER),
  fc.boolean(),
  fc.constant(null),
  fc.string({ maxLength: 6, unit: 'binary' }),
);
const json = fc.letrec<{ v: unknown }>((tie) => ({
  v: fc.oneof(
    { depthSize: 'small' },
    leaf,
    fc.array(tie('v'), { maxLength: 4 }),
    fc.dictionary(key, tie('v'), { maxKeys: 5 }),
  ),
})).v;

describe('canonicalJsonString', () => {
  it('is the reference on random JSON, its objects in any order or already ordered', () => {
    fc.assert(
      fc.property(json, (v) => {
        expect(canonicalJsonString(v)).toBe(reference(v));
        expect(canonicalJsonString(ordered(v))).toBe(reference(v));
      }),
      { numRuns: 2000 },
    );
  });

  it('orders array-index member names as strings, skips undefined members, writes -0 as 0, calls no toJSON', () => {
    expect(canonicalJsonString({ d: new Date(0) })).toBe('{"d":{}}');
    expect(canonicalJsonString({ 10: 1, 9: 2, a: { y: 1, x: undefined } })).toBe(
      '{"10":1,"9":2,"a":{"y":1}}',
    );
    expect(canonicalJsonString({ a: -0, b: [0] })).toBe('{"a":0,"b":[0]}');
    expect(canonicalJsonString({ b: { a: 1 }, a: [{ c: 1, b: 2 }] })).toBe(
      '{"a":[{"b":2,"c":1}],"b":{"a":1}}',
    );
  });

  it('refuses what is not JSON of safe integers, even where JSON.stringify would not', () => {
    for (const bad of [
      [undefined],
      [1.5],
      { a: 2 ** 60 },
      { f: () => 1 },
      [() => 1],
      [Symbol('s')],
      { n: 1n },
      // eslint-disable-next-line no-sparse-arrays
      [1, , 2],
    ])
      expect(() => canonicalJsonString(bad)).toThrow(TypeError);
  });
});
