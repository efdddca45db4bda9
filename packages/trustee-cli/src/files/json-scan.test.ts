/**
 * The block-wise JSON scanner: captured values parsed as JSON.parse would, across block
 * boundaries (values longer than a block, multi-byte characters, escapes in member names);
 * skipped and descended parts still checked to be JSON; every malformed file refused.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { type JsonPath, JsonScanError, scanJson } from './json-scan.js';

const dir = mkdtempSync(join(tmpdir(), 'evident-json-scan-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
let n = 0;
const file = (text: string | Buffer): string => {
  const p = join(dir, `f${n++}.json`);
  writeFileSync(p, text);
  return p;
};

/** Captures every element of `list` and every other top-level member. */
function scan(text: string | Buffer) {
  const got: [JsonPath, unknown][] = [];
  const opened: string[] = [];
  scanJson(
    file(text),
    (p) =>
      p.length === 0 || (p.length === 1 && p[0] === 'list')
        ? 'descend'
        : p[0] === 'skipped'
          ? 'skip'
          : 'capture',
    (p, v) => got.push([p, v]),
    (p, arr) => opened.push(`${p.join('.')}:${arr ? 'array' : 'object'}`),
  );
  return { got, opened };
}

describe('scanJson', () => {
  it('captures what is chosen, as JSON.parse reads it, whatever the layout', () => {
    const doc = {
      'a\\"b': 1,
      list: [{ x: 'é€😀', y: [1, 2.5e3, -0.5, true, false, null] }, 'two', 3, [], {}],
      skipped: { deep: [[[1]], 'x'] },
      tail: 'end',
    };
    for (const text of [JSON.stringify(doc), JSON.stringify(doc, null, 3)]) {
      const { got, opened } = scan(text);
      expect(got).toEqual([
        [['a\\"b'], 1],
        [['list', 0], doc.list[0]],
        [['list', 1], 'two'],
        [['list', 2], 3],
        [['list', 3], []],
        [['list', 4], {}],
        [['tail'], 'end'],
      ]);
      expect(opened).toEqual([':object', 'list:array']);
    }
  });

  it('reads values longer than a block and characters split between blocks', () => {
    const long = 'Ab'.repeat(700_000) + '€'.repeat(300_000); // > 2 blocks, 3-byte characters
    const list = Array.from({ length: 5000 }, (_, i) => ({ i, s: `€${i}\\"` }));
    const { got } = scan(JSON.stringify({ first: long, list, skipped: [long] }));
    expect(got[0]).toEqual([['first'], long]);
    expect(got.slice(1).map(([, v]) => v)).toEqual(list);
  });

  it.each([
    ['{"a":1,}'],
    ['{"a" 1}'],
    ['{"list":[1,]}'],
    ['{"list":[1 2]}'],
    ['{"skipped":[tru]}'],
    ['{"skipped":{"x":01x}}'],
    ['{"a":1}{"b":2}'],
    ['{"a":"open'],
    ['{"list":[1,2'],
    ['{"a":"tab\there"}'],
    [''],
  ])('refuses %j', (text) => {
    expect(() => scan(text)).toThrow(JsonScanError);
  });

  it('refuses bytes that are not UTF-8', () => {
    expect(() => scan(Buffer.from([0x7b, 0x22, 0x61, 0x22, 0x3a, 0x22, 0xff, 0x22, 0x7d]))).toThrow(
      JsonScanError,
    );
  });
});
