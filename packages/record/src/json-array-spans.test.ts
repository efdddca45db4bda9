import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { JSONParser } from '@streamparser/json';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { readJsonSpans, scanJsonObjectArrays, type JsonSpansResult } from './json-array-spans.js';
import { createJsonSpansScanner } from './json-spans-scanner.js';
import {
  changeAtMark,
  chunkSize,
  document,
  mutate,
  mutation,
  serialize,
  tokenSoup,
} from '../test/json-text-arbitraries.js';

const dir = mkdtempSync(join(tmpdir(), 'evident-json-spans-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
let n = 0;
const fileOf = (content: Uint8Array | string): string => {
  const path = join(dir, `f${n++}.json`);
  writeFileSync(path, content);
  return path;
};
const bytesOf = (content: Uint8Array | string): Uint8Array =>
  typeof content === 'string' ? new TextEncoder().encode(content) : content;
const NAMES = ['ballots', 'rows', 'plaintexts'];

/** the scan's result on `content` with the arrays NAMES */
async function scan(
  content: Uint8Array | string,
  chunkBytes?: number,
  max?: number,
): Promise<JsonSpansResult> {
  const path = fileOf(content);
  return scanJsonObjectArrays(path, NAMES, { chunkBytes, maxHeadMemberBytes: max });
}

/** the object the scan describes: head members and parsed elements, and the elements that did not parse */
function assemble(path: string, r: JsonSpansResult & { ok: true }) {
  const whole: Record<string, unknown> = { ...r.value.head };
  const bad: { index: number; message: string }[] = [];
  for (const [name, spans] of r.value.arrays) {
    const got = readJsonSpans(path, spans, 0, spans.length / 2);
    Object.defineProperty(whole, name, {
      value: got.values,
      enumerable: true,
      writable: true,
      configurable: true,
    });
    bad.push(...got.bad);
  }
  return { whole, bad };
}

/** JSON.parse of the whole file, its bytes decoded as strict UTF-8 (a byte order mark kept) */
function parseWhole(bytes: Uint8Array): { ok: true; value: unknown } | { ok: false } {
  try {
    return {
      ok: true,
      value: JSON.parse(new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(bytes)),
    };
  } catch {
    return { ok: false };
  }
}

/** whether a valid JSON object text has a top-level member twice (an independent parser lists them) */
function hasDuplicateMember(text: string): boolean {
  const keys: string[] = [];
  const parser = new JSONParser({ paths: ['$.*'], keepStack: false });
  parser.onValue = ({ key }) => void keys.push(String(key));
  parser.write(text);
  return new Set(keys).size !== keys.length;
}

const isObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

/**
 * The soundness law: (1) scan ok and every element parses ⇒ JSON.parse of the whole succeeds and
 * equals head + arrays; (2) JSON.parse of the whole gives an object without a member twice ⇒ scan
 * ok with exactly its elements. Also: the result does not depend on the chunk size.
 */
async function checkLaw(content: Uint8Array, chunkBytes: number): Promise<void> {
  const path = fileOf(content);
  const r = await scanJsonObjectArrays(path, NAMES, { chunkBytes });
  expect(await scanJsonObjectArrays(path, NAMES)).toEqual(r);
  const ref = parseWhole(content);
  if (r.ok) {
    const { whole, bad } = assemble(path, r);
    if (bad.length === 0) {
      expect(ref.ok).toBe(true);
      if (ref.ok) expect(whole).toEqual(ref.value);
    }
  } else {
    expect(r.offset).toBeGreaterThanOrEqual(0);
    expect(r.offset).toBeLessThanOrEqual(content.length);
    expect(r.message.startsWith(`not valid JSON at byte ${r.offset}: `)).toBe(true);
  }
  if (ref.ok && isObject(ref.value) && !hasDuplicateMember(new TextDecoder().decode(content))) {
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    const { whole, bad } = assemble(path, r);
    expect(bad).toEqual([]);
    expect(whole).toEqual(ref.value);
    for (const name of NAMES) expect(r.value.arrays.has(name)).toBe(Array.isArray(ref.value[name]));
  }
}

describe('scanJsonObjectArrays: files that are not one JSON object', () => {
  const cases: [string, string | Uint8Array, number, string][] = [
    ['an empty file', '', 0, "empty input, expected '{'"],
    ['white space only', ' \n\t\r', 4, "empty input, expected '{'"],
    ['a byte order mark', '\uFEFF{}', 0, 'a byte order mark is not allowed'],
    ['data after the object', '{} x', 3, "unexpected 'x' after the JSON object"],
    ['a second object', '{}{}', 2, "unexpected '{' after the JSON object"],
    ['an array', '[1]', 0, "expected '{', got '['"],
    ['a number', '1', 0, "expected '{', got '1'"],
    ['a string', '"x"', 0, `expected '{', got '"'`],
    ['truncated after a member value', '{"a":1', 6, 'unexpected end of input'],
    ['truncated after a colon', '{"a":', 5, 'unexpected end of input'],
    ['truncated in a named array', '{"ballots":[1,2', 15, 'unexpected end of input'],
    ['truncated after an element', '{"ballots":[{"x":1}', 19, 'unexpected end of input'],
    ['truncated in a value', '{"a":{"b":[1]', 5, 'unbalanced brackets: the input ends inside the value'],
    ['truncated in an element', '{"ballots":[[1,[2]', 12, 'unbalanced brackets'],
    ['a mismatched bracket in a value', '{"a":{"b":[1}}', 12, "'}' does not close '['"],
    ['a mismatched bracket in an element', '{"ballots":[[1}]}', 14, "'}' does not close '['"],
    ['one bracket too many', '{"ballots":[1]]}', 14, "expected ',' or '}', got ']'"],
    ['a closing brace too many', '{"a":1}}', 7, "unexpected '}' after the JSON object"],
    ['an unterminated value string', '{"a":"xyz', 5, 'unterminated string'],
    ['an unterminated member name', '{"ab', 1, 'unterminated string'],
    ['an unterminated string in an element', '{"ballots":[{"k":"v}]}', 17, 'unterminated string'],
    ['a string ending in a backslash', '{"a":"x\\', 5, 'unterminated string'],
    ['a line feed in a value string', '{"a":"x\ny"}', 7, 'control character U+000A in a string'],
    ['a tab in an element string', '{"ballots":["\t"]}', 13, 'control character U+0009 in a string'],
    ['a control character in a member name', '{"a\u0001":1}', 3, 'control character U+0001 in a string'],
    ['a bad escape', '{"a":"\\x"}', 6, "bad escape in a string: '\\' followed by 'x'"],
    ['a bad escape in an element', '{"ballots":["\\a"]}', 13, "bad escape in a string: '\\' followed by 'a'"],
    ['a bad unicode escape', '{"a":"\\u12G4"}', 10, "bad escape in a string: 'G' is not a hex digit"],
    ['a member twice', '{"ballots":[],"ballots":[]}', 14, 'member "ballots" appears twice'],
    ['a head member twice', '{"a":1,"b":2,"a":1}', 13, 'member "a" appears twice'],
    ['a member twice, once escaped', '{"a":1,"\\u0061":2}', 7, 'member "a" appears twice'],
    ['a trailing comma in the object', '{"a":1,}', 7, "expected a member name, got '}'"],
    ['a trailing comma in an array', '{"ballots":[1,]}', 14, "expected a value, got ']'"],
    ['a leading comma in an array', '{"ballots":[,1]}', 12, "expected a value, got ','"],
    ['a missing comma between elements', '{"ballots":[1 2]}', 14, "expected ',' or ']', got '2'"],
    ['a missing comma between members', '{"a":1 "b":2}', 7, `expected ',' or '}', got '"'`],
    ['a colon between elements', '{"ballots":[1:2]}', 13, "expected ',' or ']', got ':'"],
    ['a semicolon between elements', '{"ballots":[1 ;2]}', 14, "expected ',' or ']', got ';'"],
    ['a colon between members', '{"a":1:"b":2}', 6, "expected ',' or '}', got ':'"],
    ['a string right after a number', '{"ballots":[1"a"]}', 13, `expected ',' or ']', got '"'`],
    ['a missing colon', '{"a" 1}', 5, "expected ':', got '1'"],
    ['a missing value', '{"a":}', 5, "expected a value, got '}'"],
    ['a member name that is not a string', '{a:1}', 1, "expected a member name or '}', got 'a'"],
    ['a head member that is not JSON', '{"a":tru}', 5, 'member "a": '],
    ['a head value with bad inner JSON', '{"a":[1 2]}', 5, 'member "a": '],
    [
      'a head value that is not UTF-8',
      new Uint8Array([...bytesOf('{"a":"'), 0xff, ...bytesOf('"}')]),
      5,
      'member "a" is not valid UTF-8',
    ],
    [
      'a member name that is not UTF-8',
      new Uint8Array([...bytesOf('{"'), 0xc3, ...bytesOf('":1}')]),
      1,
      'a member name is not valid UTF-8',
    ],
  ];
  for (const [what, content, offset, message] of cases) {
    it(`${what}: offset ${offset}`, async () => {
      for (const chunkBytes of [1, 2, 3, 1 << 20]) {
        const r = await scan(content, chunkBytes);
        expect(r).toEqual({ ok: false, offset, message: expect.stringContaining(message) });
        expect(!r.ok && r.message.startsWith(`not valid JSON at byte ${offset}: `)).toBe(true);
      }
    });
  }

  it('a head member longer than maxHeadMemberBytes, whatever the chunks', async () => {
    for (const chunkBytes of [1, 3, 1 << 20]) {
      expect(await scan('{"a":"12345"}', chunkBytes, 7)).toMatchObject({
        ok: true,
        value: { head: { a: '12345' } },
      });
      expect(await scan('{"a":"123456"}', chunkBytes, 7)).toEqual({
        ok: false,
        offset: 5,
        message: 'not valid JSON at byte 5: member "a" is longer than 7 bytes',
      });
      expect(await scan('{"abcdefgh":1}', chunkBytes, 7)).toEqual({
        ok: false,
        offset: 1,
        message: 'not valid JSON at byte 1: a member name is longer than 7 bytes',
      });
      // elements have no such limit (the name "ballots" is 9 bytes)
      const r = await scan('{"ballots":["123456789"]}', chunkBytes, 9);
      expect(r.ok && [...r.value.arrays.get('ballots')!]).toEqual([12, 23]);
      expect(await scan('{"ballots":["123456789"]}', chunkBytes, 8)).toMatchObject({ ok: false, offset: 1 });
    }
  });

  it('refuses chunk and member sizes that are not positive integers', async () => {
    const path = fileOf('{}');
    await expect(scanJsonObjectArrays(path, NAMES, { chunkBytes: 0 })).rejects.toThrow(RangeError);
    await expect(scanJsonObjectArrays(path, NAMES, { maxHeadMemberBytes: 1.5 })).rejects.toThrow(
      /maxHeadMemberBytes/,
    );
  });
});

describe('scanJsonObjectArrays: spans and head', () => {
  const text =
    ' { "ballots" : [ 1 , "a]}\\",\\\\" , {"b":[2,{}],"c":"\\\\"} , [] , true , -1.5e3 ] ,\n' +
    '"contest":{"name":"Kurt Gödel 😀","x":[1,"]"]}, "n" : null }\r\n';
  const elements = ['1', '"a]}\\",\\\\"', '{"b":[2,{}],"c":"\\\\"}', '[]', 'true', '-1.5e3'];

  it('records the exact bytes of each element, with no white space, and parses the head', async () => {
    const path = fileOf(text);
    const r = await scanJsonObjectArrays(path, NAMES);
    if (!r.ok) throw new Error(r.message);
    expect(r.value.head).toEqual({ contest: { name: 'Kurt Gödel 😀', x: [1, ']'] }, n: null });
    expect([...r.value.arrays.keys()]).toEqual(['ballots']);
    const spans = r.value.arrays.get('ballots')!;
    const bytes = bytesOf(text);
    const slices = [];
    for (let k = 0; k < spans.length; k += 2)
      slices.push(new TextDecoder().decode(bytes.subarray(spans[k], spans[k + 1])));
    expect(slices).toEqual(elements);
    expect(readJsonSpans(path, spans, 0, elements.length)).toEqual({
      values: elements.map((e) => JSON.parse(e)),
      bad: [],
    });
  });

  it('gives the same result with the chunks split at every offset', async () => {
    const bytes = bytesOf(text);
    const whole = createJsonSpansScanner(NAMES, { maxHeadMemberBytes: 1000 });
    whole.push(bytes);
    const expected = whole.end();
    expect(expected.ok).toBe(true);
    for (let k = 0; k <= bytes.length; k++) {
      const s = createJsonSpansScanner(NAMES, { maxHeadMemberBytes: 1000 });
      s.push(bytes.slice(0, k));
      s.push(bytes.slice(k));
      expect(s.end()).toEqual(expected);
    }
    for (let chunkBytes = 1; chunkBytes <= bytes.length + 1; chunkBytes++)
      expect(await scan(bytes, chunkBytes)).toEqual(expected);
  });

  it('finds an error at the same offset with the chunks split anywhere', async () => {
    const bad = bytesOf('{"contest":{"name":"Gödel 😀"},"ballots":["é\\u00e9", {"k":"\\q"}]}');
    for (let chunkBytes = 1; chunkBytes <= bad.length; chunkBytes++)
      expect(await scan(bad, chunkBytes)).toEqual({
        ok: false,
        offset: 63,
        message: "not valid JSON at byte 63: bad escape in a string: '\\' followed by 'q'",
      });
  });

  it('keeps empty arrays, puts a named member that is not an array in the head, and skips absent ones', async () => {
    const r = await scan('{ "ballots" : [ ], "rows":[], "plaintexts": {"a":[1]}, "x":"[" }');
    if (!r.ok) throw new Error(r.message);
    expect(r.value.head).toEqual({ plaintexts: { a: [1] }, x: '[' });
    expect([...r.value.arrays]).toEqual([
      ['ballots', new Float64Array(0)],
      ['rows', new Float64Array(0)],
    ]);
    const nulls = await scan('{"ballots":null,"rows":"[1]"}');
    expect(nulls.ok && nulls.value.head).toEqual({ ballots: null, rows: '[1]' });
    expect(nulls.ok && nulls.value.arrays.size).toBe(0);
    const none = await scan('{}');
    expect(none.ok && none.value).toEqual({ head: {}, arrays: new Map() });
  });

  it('keeps thousands of elements and deep nesting (the span list and bracket stack grow)', async () => {
    const ballots = Array.from({ length: 3000 }, (_, i) =>
      i % 3 === 0 ? { id: `b${i}`, row: [i, [i], '],"'] } : i % 3 === 1 ? `s${i}\\"` : i,
    );
    let deep: unknown = 'deep';
    for (let d = 0; d < 300; d++) deep = d % 2 ? [deep] : { d: deep };
    ballots.push(deep as never);
    const text = JSON.stringify({ format: 'f', ballots, rows: [deep] });
    for (const chunkBytes of [7, 1 << 20]) {
      const path = fileOf(text);
      const r = await scanJsonObjectArrays(path, NAMES, { chunkBytes });
      if (!r.ok) throw new Error(r.message);
      const spans = r.value.arrays.get('ballots')!;
      expect(spans.length).toBe(2 * 3001);
      expect(readJsonSpans(path, spans, 0, 3001)).toEqual({ values: ballots, bad: [] });
      expect(readJsonSpans(path, r.value.arrays.get('rows')!, 0, 1)).toEqual({ values: [deep], bad: [] });
    }
  });

  it('keeps a member named __proto__ as a member, not a prototype', async () => {
    const r = await scan('{"__proto__":{"polluted":1}}');
    if (!r.ok) throw new Error(r.message);
    expect(Object.getPrototypeOf(r.value.head)).toBe(Object.prototype);
    expect(Object.keys(r.value.head)).toEqual(['__proto__']);
    expect(Object.getOwnPropertyDescriptor(r.value.head, '__proto__')?.value).toEqual({ polluted: 1 });
  });
});

describe('readJsonSpans', () => {
  it('reports bad elements by absolute index', async () => {
    const content = new Uint8Array([
      ...bytesOf('{"ballots":[0,tru,{"a":[1 2]},3,\uFEFF4,"'),
      0xff,
      ...bytesOf('",6]}'),
    ]);
    const path = fileOf(content);
    const r = await scanJsonObjectArrays(path, NAMES);
    if (!r.ok) throw new Error(r.message);
    const spans = r.value.arrays.get('ballots')!;
    expect(spans.length / 2).toBe(7);
    const all = readJsonSpans(path, spans, 0, 7);
    expect(all.values).toEqual([0, undefined, undefined, 3, undefined, undefined, 6]);
    expect(all.bad.map((b) => b.index)).toEqual([1, 2, 4, 5]);
    expect(all.bad[3]!.message).toBe('not valid UTF-8');
    // a byte order mark before an element is kept, so that the element fails as the whole file does
    expect(parseWhole(content).ok).toBe(false);
    expect(readJsonSpans(path, spans, 3, 2)).toMatchObject({ values: [3, undefined], bad: [{ index: 4 }] });
    expect(readJsonSpans(path, spans, 6, 1)).toEqual({ values: [6], bad: [] });
    expect(readJsonSpans(path, spans, 7, 0)).toEqual({ values: [], bad: [] });
  });

  it('refuses a range outside the spans', async () => {
    const path = fileOf('{"ballots":[1,2]}');
    const r = await scanJsonObjectArrays(path, NAMES);
    if (!r.ok) throw new Error(r.message);
    const spans = r.value.arrays.get('ballots')!;
    expect(() => readJsonSpans(path, spans, -1, 1)).toThrow(/first/);
    expect(() => readJsonSpans(path, spans, 1, 2)).toThrow(/count/);
    expect(() => readJsonSpans(path, spans, 0.5, 1)).toThrow(RangeError);
  });

  it('reports elements past the end of a file that became shorter', async () => {
    const path = fileOf('{"ballots":[1,22,333]}');
    const r = await scanJsonObjectArrays(path, NAMES);
    if (!r.ok) throw new Error(r.message);
    writeFileSync(path, '{"ballots":[1,22');
    const got = readJsonSpans(path, r.value.arrays.get('ballots')!, 0, 3);
    expect(got.values).toEqual([1, 22, undefined]);
    expect(got.bad).toEqual([{ index: 2, message: "the file ends at byte 16, before this element's end" }]);
  });
});

describe('scanJsonObjectArrays and readJsonSpans agree with JSON.parse of the whole file (soundness law)', () => {
  it('on generated JSON objects: the scan is ok with exactly their elements', async () => {
    await fc.assert(
      fc.asyncProperty(document, chunkSize, async (doc, chunkBytes) => {
        const text = serialize(doc);
        expect(parseWhole(bytesOf(text)).ok).toBe(true); // the generator writes valid JSON
        expect((await scan(text)).ok).toBe(true);
        await checkLaw(bytesOf(text), chunkBytes);
      }),
      { numRuns: 1000 },
    );
  });

  it('on mutated JSON objects', async () => {
    await fc.assert(
      fc.asyncProperty(
        document,
        fc.array(mutation, { minLength: 1, maxLength: 3 }),
        chunkSize,
        async (doc, m, chunkBytes) => {
          await checkLaw(mutate(bytesOf(serialize(doc)), m), chunkBytes);
        },
      ),
      { numRuns: 1000 },
    );
  });

  it('on JSON objects with one separator or white space changed', async () => {
    const byte = fc.oneof(
      { arbitrary: fc.constantFrom(...bytesOf(',:[]{}" ;\n\v\f0')), weight: 4 },
      { arbitrary: fc.integer({ min: 0, max: 255 }), weight: 1 },
    );
    const change = fc.tuple(fc.nat(), fc.constantFrom('replace', 'insert', 'delete'), byte);
    await fc.assert(
      fc.asyncProperty(document, change, chunkSize, async (doc, [at, what, b], chunkBytes) => {
        await checkLaw(changeAtMark(serialize(doc, true), at, what, b), chunkBytes);
      }),
      { numRuns: 1000 },
    );
  });

  it('on token soup and random bytes', async () => {
    const garbage = fc.oneof(tokenSoup, fc.uint8Array({ maxLength: 40 }));
    await fc.assert(
      fc.asyncProperty(garbage, chunkSize, async (bytes, chunkBytes) => checkLaw(bytes, chunkBytes)),
      { numRuns: 1000 },
    );
  });
});
