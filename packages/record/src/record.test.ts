import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ristretto as G, elementFromJson, hexFromJson } from '@evident/e2e-crypto';
import { parseChecked, readJsonLines, RecordReadError } from './read.js';
import { openJsonLines } from './write.js';

describe('record codecs and streaming', () => {
  it('writes and reads JSON Lines in order, streaming', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'evident-jsonl-'));
    try {
      const w = openJsonLines(dir, 'sub/x.jsonl');
      for (let i = 0; i < 20_000; i++) await w.write({ i });
      await w.close();
      let n = 0;
      for await (const l of readJsonLines(join(dir, 'sub/x.jsonl'))) {
        expect(JSON.parse(l.text).i).toBe(n);
        expect(l.lineNo).toBe(++n);
      }
      expect(n).toBe(20_000);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('rejects lowercase hex and elements outside the group, naming the field', () => {
    expect(() => hexFromJson('ab', 'f')).toThrow(/f: expected uppercase/);
    expect(() => elementFromJson(G, 'FF'.repeat(32), 'ballot.alpha')).toThrow(/ballot\.alpha/);
    expect(elementFromJson(G, '00'.repeat(32), 'x')).toBeDefined();
  });

  it('names file and field on schema errors', () => {
    try {
      parseChecked('{"devices":[{"label":"a","closingHash":"XY"}]}', 'devices.json', 'devices');
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(RecordReadError);
      expect((e as RecordReadError).field).toBe('devices[0].closingHash');
    }
    expect(() => parseChecked('{', 'f.json', 'devices')).toThrow(/f\.json: malformed JSON/);
  });
});
