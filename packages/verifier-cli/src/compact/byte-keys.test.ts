/**
 * The compact key table: every key found again at its ordinal across growth and pages, keys that
 * differ in any byte kept apart, and string keys that never share bytes unless equal.
 */
import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { byteKeyTable, hexKey, labelKey } from './byte-keys.js';

describe('byteKeyTable', () => {
  it('numbers 100,000 keys in order of insertion and finds each again (growth, several pages)', () => {
    const t = byteKeyTable();
    const keys = Array.from({ length: 100_000 }, () => randomBytes(32));
    keys.forEach((k, i) => expect(t.intern(k)).toBe(i));
    expect(t.size).toBe(100_000);
    keys.forEach((k, i) => {
      expect(t.find(k)).toBe(i);
      expect(t.intern(k)).toBe(i);
      expect(Buffer.from(t.keyAt(i)).equals(k)).toBe(true);
    });
    expect(t.size).toBe(100_000);
    expect(t.find(randomBytes(32))).toBe(-1);
  });

  it('keeps apart keys that differ in one byte anywhere', () => {
    const t = byteKeyTable();
    const k = randomBytes(32);
    t.intern(k);
    for (let i = 0; i < 32; i++) {
      const other = Buffer.from(k);
      other[i] = other[i]! ^ 1;
      expect(t.find(other)).toBe(-1);
    }
    expect(() => t.intern(new Uint8Array(31))).toThrow(RangeError);
  });

  it('hexKey: 64 upper-case hex digits are their bytes; any other string is hashed, case kept', () => {
    const h = randomBytes(32).toString('hex').toUpperCase();
    expect(hexKey(h, 'code').toString('hex').toUpperCase()).toBe(h);
    expect(hexKey(h.toLowerCase(), 'code').equals(hexKey(h, 'code'))).toBe(false);
    expect(hexKey('ab', 'code').equals(hexKey('AB', 'code'))).toBe(false);
    expect(hexKey('x', 'code').equals(hexKey('x', 'credential'))).toBe(false);
    const label = `online-${h.toLowerCase()}`;
    expect(labelKey(label).equals(hexKey(h, 'credential'))).toBe(true);
    expect(labelKey(`online-${h}`).equals(labelKey(label))).toBe(false);
    expect(labelKey('device-1').equals(labelKey('device-2'))).toBe(false);
  });
});
