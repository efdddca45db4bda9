/**
 * The L1 pass over the log's bytes (read-log.ts with @evident/record's readJsonLineBytes and
 * ./canonical-spans.ts): each line's leaf is SHA-256(0x00 ∥ UTF-8 of the line as decoded), and
 * each line's L1.A/L1.B finding names it — lines ending in LF, CR LF or nothing, non-ASCII text,
 * invalid UTF-8, a line that is JSON but not canonical, one that is not JSON of integers.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { leafHash } from '@evident/e2e-crypto';
import { LOG_FILE } from '@evident/record';
import { afterAll, describe, expect, it } from 'vitest';
import { stepCollector } from '../report.js';
import { readLog } from './read-log.js';

const root = mkdtempSync(join(tmpdir(), 'evident-read-log-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));
let n = 0;

/** readLog over a log of these bytes: its L1 findings and the leaves it appended. */
async function l1Of(log: Uint8Array | string) {
  const dir = join(root, `r${n++}`);
  mkdirSync(join(dir, 'board'), { recursive: true });
  writeFileSync(join(dir, LOG_FILE), log);
  const l1 = stepCollector('L1', 'log');
  const l3 = stepCollector('L3', 'record');
  const leaves: Uint8Array[] = [];
  const tree = { append: (h: Uint8Array) => leaves.push(h) - 1 };
  const { batches } = await readLog(dir, l1, l3, stepCollector('L3', 'after'), tree);
  await batches;
  const step = l1.done();
  return { checked: step.checked, findings: step.failures.map((f) => `${f.location} ${f.check}`), leaves };
}

const enc = new TextEncoder();
const leafOf = (text: string): Uint8Array => leafHash(enc.encode(text));
const setup = '{"logPublicKey":"AB","type":"setup"}';

describe('the L1 pass over the log bytes', () => {
  it('reads LF, CR LF and a last line without an end alike, hashing each line without its end', async () => {
    const lines = [setup, '{"a":"Zoë — ✓ 𝄞","type":"note"}', '{"b":[1,-2,null,true],"type":"note"}'];
    for (const log of [
      lines.join('\n'),
      `${lines.join('\r\n')}\r\n`,
      `${lines.join('\n')}\n`,
      `${lines[0]}\r\n${lines[1]}\n${lines[2]}`,
    ]) {
      const r = await l1Of(log);
      expect(r.findings).toEqual([]);
      expect(r.checked).toBe(3);
      expect(r.leaves).toEqual(lines.map(leafOf));
    }
  });

  it('names every line that is JSON but not canonical, or not JSON, at its line number', async () => {
    const lines = [
      setup,
      '{"a":1, "type":"note"}', // white space
      '{"type":"note","a":1}', // members out of order
      '{"a":1,"a":1,"type":"note"}', // a member repeated
      '{"a":1.0,"type":"note"}',
      '{"a":"\\u0041","type":"note"}', // an escape where none is needed
      '{"a":"é","type":"note"}', // canonical, non-ASCII
      '{"a":1.5,"type":"note"}', // not JSON of integers
      '{"a":1', // not JSON
      '{"10":0,"9":0,"type":"note"}', // canonical, array-index names (the slow way)
    ];
    const r = await l1Of(`${lines.join('\r\n')}\r\n`);
    expect(r.findings).toEqual([
      'board/log.jsonl:2 L1.B',
      'board/log.jsonl:3 L1.B',
      'board/log.jsonl:4 L1.B',
      'board/log.jsonl:5 L1.B',
      'board/log.jsonl:6 L1.B',
      'board/log.jsonl:8 L1.B',
      'board/log.jsonl:9 L1.A',
    ]);
    expect(r.leaves).toEqual(lines.map(leafOf));
  });

  it('hashes a line of invalid UTF-8 as its decoded text, which is not JSON', async () => {
    const bad = new Uint8Array([0x7b, 0x22, 0x61, 0x22, 0x3a, 0x22, 0xff, 0x22, 0x7d]); // {"a":"\xFF"}
    const log = new Uint8Array([...enc.encode(`${setup}\n`), ...bad, 0x0a]);
    const r = await l1Of(log);
    expect(r.leaves).toEqual([leafOf(setup), leafOf('{"a":"\uFFFD"}')]);
    expect(r.findings).toEqual(['board/log.jsonl:2 L1.A']);
  });
});
