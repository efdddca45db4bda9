/**
 * Tamper-evidence of the Evident record (spec/record.md §9): any single field
 * changed anywhere, or a ballot dropped, duplicated or swapped, makes the record invalid.
 */
import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sampleManifest, simulateElection } from '@evident/record';
import { UnreadableError, verifyRecord } from '../verify.js';

let base: string;
const scratch: string[] = [];

beforeAll(async () => {
  base = mkdtempSync(join(tmpdir(), 'evident-tamper-'));
  await simulateElection(base, {
    manifest: sampleManifest({ districts: 1, contestsPerDistrict: 1, options: 2 }),
    guardians: 3,
    quorum: 2,
    absent: [2],
    ballots: 8,
    devices: 2,
    challengeEvery: 4,
  });
});
afterAll(() => {
  for (const d of [base, ...scratch]) rmSync(d, { recursive: true, force: true });
});

/** Verifies a copy of the base record after `edit`; true when the verifier accepts it. */
async function acceptsAfter(edit: (dir: string) => void): Promise<boolean> {
  const dir = mkdtempSync(join(tmpdir(), 'evident-tampered-'));
  scratch.push(dir);
  cpSync(base, dir, { recursive: true });
  edit(dir);
  try {
    const r = await verifyRecord(dir, { workers: 0 });
    return r.valid;
  } catch (e) {
    if (e instanceof UnreadableError) return false;
    throw e;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

type Leaf = { file: string; line?: number; path: (string | number)[]; value: unknown };

function leaves(value: unknown, path: (string | number)[], out: Omit<Leaf, 'file'>[]): void {
  if (Array.isArray(value)) value.forEach((v, i) => leaves(v, [...path, i], out));
  else if (value !== null && typeof value === 'object')
    for (const [k, v] of Object.entries(value)) leaves(v, [...path, k], out);
  else out.push({ path, value });
}

function recordFiles(dir: string): string[] {
  const top = readdirSync(dir).filter((f) => f.endsWith('.json') || f.endsWith('.jsonl'));
  return [...top, ...readdirSync(join(dir, 'ballots')).map((f) => `ballots/${f}`)];
}

function allLeaves(dir: string): Leaf[] {
  const out: Leaf[] = [];
  for (const file of recordFiles(dir)) {
    const text = readFileSync(join(dir, file), 'utf8');
    if (file.endsWith('.jsonl')) {
      text
        .split('\n')
        .filter(Boolean)
        .forEach((l, line) => {
          const ls: Omit<Leaf, 'file'>[] = [];
          leaves(JSON.parse(l), [], ls);
          out.push(...ls.map((x) => ({ ...x, file, line })));
        });
    } else {
      const ls: Omit<Leaf, 'file'>[] = [];
      leaves(JSON.parse(text), [], ls);
      out.push(...ls.map((x) => ({ ...x, file })));
    }
  }
  return out;
}

/** A value different from `v` of the same JSON type. */
function mutate(v: unknown, pick: number): unknown {
  if (typeof v === 'number') return v + 1 + (pick % 3);
  if (typeof v === 'boolean') return !v;
  if (typeof v === 'string') {
    if (/^[0-9A-F]+$/.test(v) && v.length >= 2) {
      const i = pick % v.length;
      const digits = '0123456789ABCDEF'.replace(v[i]!, '');
      return v.slice(0, i) + digits[pick % digits.length] + v.slice(i + 1);
    }
    return v + 'x';
  }
  return 'changed';
}

function setAt(obj: unknown, path: (string | number)[], value: unknown): void {
  let o = obj as Record<string | number, unknown>;
  for (const k of path.slice(0, -1)) o = o[k] as Record<string | number, unknown>;
  o[path[path.length - 1]!] = value;
}

function applyLeaf(dir: string, leaf: Leaf, value: unknown): void {
  const p = join(dir, leaf.file);
  const text = readFileSync(p, 'utf8');
  if (leaf.line === undefined) {
    const j = JSON.parse(text);
    setAt(j, leaf.path, value);
    writeFileSync(p, JSON.stringify(j, null, 2));
  } else {
    const lines = text.split('\n').filter(Boolean);
    const j = JSON.parse(lines[leaf.line]!);
    setAt(j, leaf.path, value);
    lines[leaf.line] = JSON.stringify(j);
    writeFileSync(p, lines.join('\n') + '\n');
  }
}

function editLines(dir: string, file: string, f: (lines: string[]) => string[]): void {
  const p = join(dir, file);
  const lines = readFileSync(p, 'utf8').split('\n').filter(Boolean);
  writeFileSync(p, f(lines).join('\n') + '\n');
}

describe('tamper-evidence of an Evident record', () => {
  it('accepts the untouched record', async () => {
    expect(await acceptsAfter(() => {})).toBe(true);
  });

  it('rejects a change of any single field anywhere', async () => {
    const all = allLeaves(base);
    expect(all.length).toBeGreaterThan(500);
    await fc.assert(
      fc.asyncProperty(fc.nat({ max: all.length - 1 }), fc.nat(), async (i, pick) => {
        const leaf = all[i]!;
        const ok = await acceptsAfter((dir) => applyLeaf(dir, leaf, mutate(leaf.value, pick)));
        if (ok)
          throw new Error(
            `accepted a change of ${leaf.file}${leaf.line !== undefined ? `:${leaf.line + 1}` : ''} ${leaf.path.join('.')}`,
          );
      }),
      { numRuns: Number(process.env['TAMPER_RUNS'] ?? 40) },
    );
  }, 3_600_000);

  it('rejects a change of every top-level scalar field of the small files', async () => {
    for (const leaf of allLeaves(base).filter((l) => !l.file.endsWith('.jsonl') && l.path.length === 1)) {
      expect(
        await acceptsAfter((dir) => applyLeaf(dir, leaf, mutate(leaf.value, 7))),
        `${leaf.file} ${leaf.path.join('.')}`,
      ).toBe(false);
    }
  }, 60_000);

  it('rejects a cast ballot turned challenged and a challenged ballot turned cast', async () => {
    for (const from of ['cast', 'challenged']) {
      const to = from === 'cast' ? 'challenged' : 'cast';
      expect(
        await acceptsAfter((dir) =>
          editLines(dir, 'ballots/device-2.jsonl', (ls) => {
            const i = ls.findIndex((l) => l.includes(`"state":"${from}"`));
            ls[i] = ls[i]!.replace(`"state":"${from}"`, `"state":"${to}"`);
            return ls;
          }),
        ),
      ).toBe(false);
    }
  });

  it('rejects a dropped, duplicated or swapped ballot', async () => {
    const f = 'ballots/device-1.jsonl';
    expect(await acceptsAfter((dir) => editLines(dir, f, (ls) => ls.slice(1)))).toBe(false);
    expect(await acceptsAfter((dir) => editLines(dir, f, (ls) => ls.slice(0, -1)))).toBe(false);
    expect(await acceptsAfter((dir) => editLines(dir, f, (ls) => [ls[0]!, ...ls]))).toBe(false);
    expect(await acceptsAfter((dir) => editLines(dir, f, (ls) => [ls[1]!, ls[0]!, ...ls.slice(2)]))).toBe(
      false,
    );
    expect(
      await acceptsAfter((dir) => {
        // move the last ballot of device 1 to device 2
        const a = readFileSync(join(dir, f), 'utf8').split('\n').filter(Boolean);
        editLines(dir, f, () => a.slice(0, -1));
        editLines(dir, 'ballots/device-2.jsonl', (ls) => [...ls, a[a.length - 1]!]);
      }),
    ).toBe(false);
    expect(await acceptsAfter((dir) => editLines(dir, 'challenged.jsonl', (ls) => ls.slice(1)))).toBe(false);
    expect(await acceptsAfter((dir) => editLines(dir, 'challenged.jsonl', (ls) => [...ls, ls[0]!]))).toBe(
      false,
    );
  }, 60_000);
});
