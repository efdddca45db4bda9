/**
 * The chunked reader of a JSON file keeps memory O(one value): every value is dropped from its
 * container once delivered or dropped, so a container is delivered empty however many members it
 * had, and a captured value is delivered whole.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, expect, it } from 'vitest';
import { type JsonPath, type JsonRole, readJsonValues } from './json-values.js';

const dir = mkdtempSync(join(tmpdir(), 'evident-json-values-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

it('delivers captured values whole and containers emptied of their members', async () => {
  const list = Array.from({ length: 3000 }, (_, i) => ({ i, s: `€${i}`, deep: [[i]] }));
  const file = join(dir, 'a.json');
  writeFileSync(file, JSON.stringify({ head: { x: [1, 2] }, list, tail: 'end' }));
  const role = (p: JsonPath): JsonRole =>
    p.length === 0 || (p.length === 1 && p[0] === 'list')
      ? 'open'
      : p[0] === 'list' && p.length > 2
        ? 'inside'
        : p[0] === 'head'
          ? 'drop'
          : 'capture';
  const got: [JsonPath, unknown, string][] = [];
  await readJsonValues(file, 'a.json', role, (p, v, r) => got.push([p, structuredClone(v), r]));
  expect(got.slice(0, 3000).map(([p, v]) => [p[1], v])).toEqual(list.map((v, i) => [i, v]));
  expect(got.slice(3000)).toEqual([
    [['list'], [], 'open'],
    [['tail'], 'end', 'capture'],
    [[], {}, 'open'],
  ]);
});
