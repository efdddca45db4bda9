/** Byte helpers: b(a, m) of EG 2.0 eq 98 and hex. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { bigintToBytes, bytesToBigint, fromHex, toHex, u32 } from './bytes.js';
import { InvalidDataError } from './errors.js';

describe('bytes', () => {
  it('b(a, m) is big-endian, left-padded, and inverts bytesToBigint (EG 2.0 §5.1.1 examples)', () => {
    expect(toHex(bigintToBytes(8572345n, 512)).endsWith('0000000082CDB9')).toBe(true);
    expect(bigintToBytes(0n, 512)).toEqual(new Uint8Array(512));
    expect(toHex(bigintToBytes(15n, 4))).toBe('0000000F');
    fc.assert(
      fc.property(fc.bigInt({ min: 0n, max: (1n << 256n) - 1n }), (a) => {
        expect(bytesToBigint(bigintToBytes(a, 32))).toBe(a);
      }),
    );
  });
  it('bytesToBigint reads every length alike: by 64-bit words (≤ 64 bytes) and by hex, in views too', () => {
    fc.assert(
      fc.property(fc.uint8Array({ minLength: 0, maxLength: 80 }), fc.nat(7), (bytes, skip) => {
        const viaHex = bytes.length === 0 ? 0n : BigInt('0x' + toHex(bytes));
        expect(bytesToBigint(bytes)).toBe(viaHex);
        // a view at an odd offset of a larger buffer (a word read must not assume alignment)
        const big = new Uint8Array(bytes.length + skip + 1);
        big.set(bytes, skip + 1);
        expect(bytesToBigint(big.subarray(skip + 1))).toBe(viaHex);
      }),
    );
    expect(bytesToBigint(new Uint8Array(64).fill(255))).toBe((1n << 512n) - 1n);
    expect(bytesToBigint(Uint8Array.of(0, 0, 0, 0, 0, 0, 1, 2))).toBe(258n);
  });
  it('refuses values that do not fit and negative values', () => {
    expect(() => bigintToBytes(1n << 32n, 4)).toThrow(RangeError);
    expect(toHex(bigintToBytes((1n << 32n) - 1n, 4))).toBe('FFFFFFFF');
    expect(() => bigintToBytes(-1n, 4)).toThrow(RangeError);
    expect(() => u32(-1)).toThrow(RangeError);
  });
  it('fromHex names the field on bad hex', () => {
    expect(fromHex('0aFF')).toEqual(new Uint8Array([10, 255]));
    expect(() => fromHex('abc', 'ballot.code')).toThrow(InvalidDataError);
    expect(() => fromHex('zz', 'ballot.code')).toThrow(/ballot\.code/);
  });
});
