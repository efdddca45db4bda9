import { createReadStream, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { afterAll, describe, expect, it } from 'vitest';
import { readJsonLineBytes } from './json-lines.js';
import { readJsonLines } from './read.js';

const dir = mkdtempSync(join(tmpdir(), 'evident-json-lines-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
let n = 0;
const fileOf = (bytes: Uint8Array | string): string => {
  const path = join(dir, `f${n++}.jsonl`);
  writeFileSync(path, bytes);
  return path;
};

/** The reference: Node's readline over the file decoded as UTF-8 (what readJsonLines did before). */
async function readlineLines(path: string): Promise<{ lineNo: number; text: string }[]> {
  const rl = createInterface({ input: createReadStream(path, { encoding: 'utf8' }), crlfDelay: Infinity });
  const out: { lineNo: number; text: string }[] = [];
  let lineNo = 0;
  let pendingEmpty = 0;
  for await (const text of rl) {
    lineNo++;
    if (text.length === 0) {
      pendingEmpty++;
      continue;
    }
    for (; pendingEmpty > 0; pendingEmpty--) out.push({ lineNo: lineNo - pendingEmpty, text: '' });
    out.push({ lineNo, text });
  }
  return out;
}

async function bytesLines(path: string, chunk?: number) {
  const out: { lineNo: number; text: string; bytes: number[] }[] = [];
  for await (const l of readJsonLineBytes(path, chunk)) out.push({ ...l, bytes: [...l.bytes] });
  return out;
}

const enc = new TextEncoder();

describe('readJsonLineBytes', () => {
  const cases: [string, Uint8Array | string][] = [
    ['LF lines', '{"a":1}\n{"b":2}\n'],
    ['CRLF lines', '{"a":1}\r\n{"b":2}\r\n'],
    ['a lone CR ends a line', '{"a":1}\r{"b":2}\n\r\n'],
    ['a last line without an end', '{"a":1}\n{"b":"é"}'],
    ['a last line ending in CR', '{"a":1}\r'],
    ['empty lines inside and at the end', '\n{"a":1}\n\n\r\n{"b":2}\n\n\n'],
    ['nothing', ''],
    ['only line ends', '\n\r\n\r'],
    ['non-ASCII', '{"name":"Zoë — ✓ 𝄞"}\n{"x":"\u2028"}\n'],
    ['a byte-order mark', '\uFEFF{"a":1}\n'],
    [
      'invalid UTF-8',
      new Uint8Array([0x7b, 0xff, 0x7d, 0x0a, 0xe2, 0x82, 0x0a, 0xc3, 0x0d, 0x0a, 0x41, 0xed, 0xa0, 0x80]),
    ],
  ];
  for (const [name, content] of cases)
    it(`gives readline's lines, and the UTF-8 of each: ${name}`, async () => {
      const path = fileOf(content);
      const want = await readlineLines(path);
      for (const chunk of [1, 2, 3, 7, 1 << 20]) {
        const got = await bytesLines(path, chunk);
        expect(got.map(({ lineNo, text }) => ({ lineNo, text }))).toEqual(want);
        for (const l of got) expect(l.bytes).toEqual([...enc.encode(l.text)]);
      }
      const plain: unknown[] = [];
      for await (const l of readJsonLines(path)) plain.push(l);
      expect(plain).toEqual(want);
    });

  it('gives the file bytes of a valid line, as read', async () => {
    const line = '{"name":"Zoë"}';
    const got = await bytesLines(fileOf(`${line}\r\n`), 4);
    expect(got).toHaveLength(1);
    expect(Buffer.from(got[0]!.bytes).toString('utf8')).toBe(line);
  });

  it('reads lines longer than a chunk, across chunk ends, CR LF split between chunks', async () => {
    const long = `{"x":"${'A'.repeat(5000)}"}`;
    const text = `${long}\r\n{"a":1}\r\n${long}\n${long}`;
    const path = fileOf(text);
    const want = await readlineLines(path);
    expect(want).toHaveLength(4);
    for (const chunk of [64, 4097, 5007, 5008, 5009]) {
      const got = await bytesLines(path, chunk);
      expect(got.map(({ lineNo, text: t }) => ({ lineNo, text: t }))).toEqual(want);
    }
  });

  it('fails on a missing file', async () => {
    await expect(bytesLines(join(dir, 'missing.jsonl'))).rejects.toThrow(/ENOENT/);
  });
});
