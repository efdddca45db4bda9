/**
 * The code index of check 7.C: a duplicate is found whatever its device, and its first
 * occurrence is named `file:line` as the ballot pass names locations.
 */
import { randomBytes } from 'node:crypto';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type CodePlace, createCodeIndex } from './code-index.js';

const code = (): string => randomBytes(32).toString('hex').toUpperCase();
const fileOf = (i: number): string => `ballots/device-${i + 1}.jsonl`;
/** The index, its places named `file:line` as the ballot pass names them. */
const index = () => {
  const ix = createCodeIndex();
  const name = (p: CodePlace | undefined) => p && `${fileOf(p.device)}:${p.lineNo}`;
  return {
    openDevice: (d: number) => ix.openDevice(d),
    closeDevice: (n: number) => ix.closeDevice(n),
    add: (c: string, base: number, line: number) => name(ix.add(c, base, line)),
    get size() {
      return ix.size;
    },
  };
};

describe('code index (7.C)', () => {
  it('names the first occurrence of a repeated code, across devices and past empty ones', () => {
    const ix = index();
    const a = code();
    const b = code();
    const d0 = ix.openDevice(0);
    expect(ix.add(code(), d0, 1)).toBeUndefined();
    expect(ix.add(a, d0, 2)).toBeUndefined();
    ix.closeDevice(2);
    ix.openDevice(1); // no lines
    ix.closeDevice(0);
    const d2 = ix.openDevice(2);
    expect(ix.add(b, d2, 1)).toBeUndefined();
    expect(ix.add(a, d2, 2)).toBe('ballots/device-1.jsonl:2');
    ix.closeDevice(2);
    const d4 = ix.openDevice(4); // index 3: a missing file, never opened
    expect(ix.add(b, d4, 7)).toBe('ballots/device-3.jsonl:1');
    expect(ix.size).toBe(3);
  });

  it('tells codes apart by all their 32 bytes', () => {
    const ix = index();
    const base = ix.openDevice(0);
    const a = code();
    const last = a.slice(0, 63) + (a[63] === 'F' ? 'E' : 'F');
    expect(ix.add(a, base, 1)).toBeUndefined();
    expect(ix.add(last, base, 2)).toBeUndefined();
    expect(ix.add(a.toLowerCase(), base, 3)).toBeUndefined(); // not the schema's form: kept apart
    expect(ix.add(last, base, 4)).toBe('ballots/device-1.jsonl:2');
  });

  it('locates every earlier line exactly (property)', () => {
    fc.assert(
      fc.property(
        fc.array(fc.nat({ max: 4 }), { minLength: 1, maxLength: 12 }),
        fc.nat(),
        (lengths, pick) => {
          const ix = index();
          const placed: { code: string; where: string }[] = [];
          lengths.forEach((n, i) => {
            const base = ix.openDevice(i);
            for (let line = 1; line <= n; line++) {
              const c = code();
              expect(ix.add(c, base, line)).toBeUndefined();
              placed.push({ code: c, where: `${fileOf(i)}:${line}` });
            }
            ix.closeDevice(n);
          });
          if (placed.length === 0) return;
          const target = placed[pick % placed.length]!;
          const base = ix.openDevice(lengths.length);
          expect(ix.add(target.code, base, 1)).toBe(target.where);
        },
      ),
    );
  });
});
