/**
 * The walk that proves a board line canonical (canonical-spans.ts) claims it only for a line that
 * is canonicalJsonString of its value, and claims it for every such line without an escape; the
 * spans it keeps are the canonical texts of the parts. On random JSON written canonically, by
 * JSON.stringify, with white space, and edited by a lying server (members repeated or swapped,
 * numbers in another form, escapes), and on each of those by name.
 */
import { canonicalJsonString } from '@evident/e2e-crypto';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { canonicalSpans } from './canonical-spans.js';
import { canonicalEntry } from './canonical-parts.js';

const canonicalOrUndefined = (v: unknown): string | undefined => {
  try {
    return canonicalJsonString(v);
  } catch {
    return undefined;
  }
};

/** Whether the walk's claim holds, and the spans are the parts' canonical texts. */
function checkClaim(text: string, depth: number): void {
  let v: unknown;
  try {
    v = JSON.parse(text);
  } catch {
    return;
  }
  const spans = canonicalSpans(v, text, depth);
  const canonical = canonicalOrUndefined(v) === text;
  if (spans) {
    expect(canonical).toBe(true);
    for (const [o, at] of spans.start) expect(text.slice(at, spans.end.get(o))).toBe(canonicalJsonString(o));
  }
  // complete where it can be: every canonical text without an escape, a lone surrogate or an
  // array-index name (which the engine lists first, whatever their order) is proven
  const escapable = text.includes('\\') || /[\uD800-\uDFFF]/.test(text) || /"\d+":/.test(text);
  if (canonical && !escapable) expect(spans).toBeDefined();
}

const key = fc.constantFrom(
  'a',
  'b',
  'B',
  'aa',
  '0',
  '1',
  '10',
  '9',
  'é',
  'ü',
  '€',
  '𝄞',
  '"',
  '__proto__',
  '',
);
const json = fc.letrec((tie) => ({
  v: fc.oneof(
    { depthSize: 'small' },
    fc.string({ unit: 'binary' }),
    fc.constantFrom('é', '✓ 𝄞', '\u2028', '\u007f', '/', '"', '\\', '\u0000', '\uD800'),
    fc.integer(),
    fc.constantFrom(-0, 0, 2 ** 53, 2 ** 53 - 1, -(2 ** 53) + 1, 1e21),
    fc.double(),
    fc.boolean(),
    fc.constant(null),
    fc.array(tie('v')),
    fc.dictionary(key, tie('v')),
  ),
})).v;

/** Edits a lying server could make to a line, keeping it JSON or not. */
const edits: ((t: string) => string)[] = [
  (t) => t.replace(/,"/, ', "'), // white space
  (t) => t.replace(/\{"([^"]*)":([^,{}[\]]*),/, '{"$1":$2,"$1":$2,'), // a member repeated
  (t) => t.replace(/\{("[^"]*":[^,{}[\]]*),("[^"]*":[^,{}[\]]*)\}/, '{$2,$1}'), // two members swapped
  (t) => t.replace(/:(\d+)([,}\]])/, ':$1.0$2'), // 1.0
  (t) => t.replace(/:0([,}\]])/, ':-0$1'), // -0
  (t) => t.replace(/:(\d)(\d*)([,}\]])/, ':$1.$2e$2$3'), // an exponent
  (t) => t.replace(/"a"/, '"\\u0061"'), // an escaped letter
  (t) => t.replace(/\//, '\\/'), // an escaped solidus
];

describe('canonicalSpans', () => {
  it('proves exactly the canonical lines (property)', () => {
    fc.assert(
      fc.property(json, fc.integer({ min: 0, max: 4 }), (v0, depth) => {
        const texts = [JSON.stringify(v0), JSON.stringify(v0, null, 1)];
        const c = canonicalOrUndefined(v0);
        if (c !== undefined) texts.push(c, ...edits.map((e) => e(c)));
        for (const text of texts) if (text !== undefined) checkClaim(text, depth);
      }),
      { numRuns: 1500 },
    );
  });

  const noncanonical: [string, string][] = [
    ['white space', '{"a":1, "type":"x"}'],
    ['a trailing space', '{"a":1,"type":"x"} '],
    ['a repeated member', '{"a":1,"a":1,"type":"x"}'],
    ['a repeated member, other value', '{"a":"xy","type":"x","a":"zw"}'],
    ['members out of order', '{"type":"x","a":1}'],
    ['array-index names out of order', '{"b":1,"1":1,"type":"x"}'],
    ['1.0', '{"a":1.0,"type":"x"}'],
    ['-0', '{"a":-0,"type":"x"}'],
    ['1e2', '{"a":1e2,"type":"x"}'],
    ['an escaped letter', '{"a":"\\u0041","type":"x"}'],
    ['an escaped non-ASCII letter', '{"a":"\\u00e9","type":"x"}'],
    ['an escaped solidus', '{"a":"\\/","type":"x"}'],
  ];
  for (const [name, text] of noncanonical)
    it(`leaves a line that is JSON but not canonical to the slow way, which finds it: ${name}`, () => {
      const v = JSON.parse(text) as unknown;
      expect(canonicalSpans(v, text, 4)).toBeUndefined();
      expect(canonicalEntry(v, text, 4).form).toBe('noncanonical');
    });

  it('proves canonical lines with non-ASCII text and array-index names', () => {
    for (const text of ['{"a":"Zoë — ✓ 𝄞","type":"x"}', '{"type":"x","é":[1,-2,{"€":null,"𝄞":true}]}']) {
      const v = JSON.parse(text) as Record<string, unknown>;
      const spans = canonicalSpans(v, text, 4);
      expect(spans?.start.get(v)).toBe(0);
      expect(spans?.end.get(v)).toBe(text.length);
      expect(canonicalEntry(v, text, 4).parts.get(v)).toBe(text);
    }
    // array-index names are listed first by the engine: where that is not their sorted order,
    // the walk leaves the line and the slow way proves it
    expect(canonicalSpans(JSON.parse('{"1":0,"b":0}'), '{"1":0,"b":0}', 4)).toBeDefined();
    const text = '{"10":0,"9":0,"type":"x"}';
    expect(canonicalSpans(JSON.parse(text), text, 4)).toBeUndefined();
    expect(canonicalEntry(JSON.parse(text), text, 4).form).toBe('canonical');
  });

  it('keeps the spans of the parts down to the depth asked for, and no deeper', () => {
    const text = '{"s":{"b":{"c":[{"d":[1]}]}},"type":"x"}';
    const v = JSON.parse(text) as { s: { b: { c: [{ d: number[] }] } } };
    const spans = canonicalSpans(v, text, 3);
    const c = v.s.b.c;
    expect(text.slice(spans!.start.get(c), spans!.end.get(c))).toBe('[{"d":[1]}]');
    expect(spans!.start.has(c[0])).toBe(false);
    expect(spans!.start.size).toBe(4);
  });
});
