/** SHA-256 and HMAC-SHA-256 over words (./sha256-words.ts) give node:crypto's bytes. */
import { createHash, createHmac } from 'node:crypto';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { concatBytes, toHex } from '../bytes.js';
import { hmacKeySchedule, hmacWords, sha256Words, wordsInto } from './sha256-words.js';

const hex = (w: Int32Array): string => {
  const out = new Uint8Array(32);
  wordsInto(w, out, 0);
  return toHex(out);
};
const upper = (b: Buffer): string => b.toString('hex').toUpperCase();

/** Every length across the padding's edges: 55/56 and 63/64 bytes in one and two blocks. */
const EDGES = [0, 1, 55, 56, 57, 63, 64, 65, 119, 120, 127, 128, 129, 225, 289, 320];

describe('SHA-256 over words', () => {
  it('gives the FIPS 180-2 digest of "abc"', () => {
    expect(hex(sha256Words(new TextEncoder().encode('abc')))).toBe(
      'BA7816BF8F01CFEA414140DE5DAE2223B00361A396177A9CB410FF61F20015AD',
    );
  });
  it('agrees with node:crypto at every padding edge and on random split messages', () => {
    for (const n of EDGES) {
      const m = Uint8Array.from({ length: n }, (_, i) => (i * 151 + n) & 0xff);
      expect(hex(sha256Words(m))).toBe(upper(createHash('sha256').update(m).digest()));
    }
    fc.assert(
      fc.property(fc.array(fc.uint8Array({ maxLength: 200 }), { maxLength: 4 }), (parts) => {
        const want = upper(
          createHash('sha256')
            .update(concatBytes(...parts))
            .digest(),
        );
        expect(hex(sha256Words(...parts))).toBe(want);
      }),
    );
  });
});

describe('HMAC-SHA-256 over words', () => {
  it('agrees with node:crypto for keys of every length (longer than a block: hashed first)', () => {
    fc.assert(
      fc.property(
        fc.uint8Array({ maxLength: 100 }),
        fc.array(fc.uint8Array({ maxLength: 200 }), { maxLength: 4 }),
        (key, parts) => {
          const want = upper(
            createHmac('sha256', key)
              .update(concatBytes(...parts))
              .digest(),
          );
          expect(hex(hmacWords(hmacKeySchedule(key), parts))).toBe(want);
        },
      ),
    );
  });
  it('one schedule serves many messages, each at a padding edge', () => {
    const key = Uint8Array.from({ length: 32 }, (_, i) => 255 - i);
    const schedule = hmacKeySchedule(key);
    for (const n of EDGES) {
      const m = Uint8Array.from({ length: n }, (_, i) => (i * 7 + n) & 0xff);
      expect(hex(hmacWords(schedule, [m]))).toBe(upper(createHmac('sha256', key).update(m).digest()));
    }
  });
  it('writes the words big-endian at the offset given', () => {
    const out = new Uint8Array(40);
    wordsInto(Int32Array.from([0x01020304, -1, 0, 0, 0, 0, 0, 0x7f000080]), out, 4);
    expect(toHex(out.subarray(0, 12))).toBe('0000000001020304FFFFFFFF');
    expect(toHex(out.subarray(32, 40))).toBe('7F00008000000000');
  });
});
