/** HMAC-SHA-256 and SHA-256: the native (node:crypto) and portable (@noble/hashes) paths agree. */
import { hmac } from '@noble/hashes/hmac.js';
import { sha256 } from '@noble/hashes/sha2.js';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { concatBytes } from '../bytes.js';
import {
  NATIVE_INNER,
  NATIVE_INNER_MAX,
  SHORT_MESSAGE,
  hmacSha256,
  hmacSha256Portable,
  nativeHmac,
  sha256Digest,
} from './hmac.js';

const bytes = (max: number) => fc.uint8Array({ maxLength: max });

describe('HMAC-SHA-256', () => {
  it('runs natively under Node', () => {
    expect(nativeHmac).toBe(true);
  });
  it('native, portable and noble give the same bytes on random keys and split messages', () => {
    fc.assert(
      fc.property(
        fc.uint8Array({ minLength: 32, maxLength: 32 }),
        fc.array(bytes(300), { maxLength: 5 }),
        (key, parts) => {
          const want = hmac(sha256, key, concatBytes(...parts));
          expect(hmacSha256(key, ...parts)).toEqual(want);
          expect(hmacSha256Portable(key, ...parts)).toEqual(want);
        },
      ),
    );
  });
  it('gives the same bytes on both sides of every threshold, for keys of 0, 32, 64 and 65 bytes', () => {
    const sizes = [NATIVE_INNER, SHORT_MESSAGE, SHORT_MESSAGE + 1, NATIVE_INNER_MAX, 2 * NATIVE_INNER_MAX];
    for (const keyLength of [0, 32, 64, 65]) {
      const key = Uint8Array.from({ length: keyLength }, (_, i) => (i * 7 + 1) & 0xff);
      for (const n of sizes.flatMap((x) => [x - 1, x, x + 1])) {
        const m = Uint8Array.from({ length: n }, (_, i) => (i * 13) & 0xff);
        const want = hmac(sha256, key, m);
        expect(hmacSha256(key, m.subarray(0, 3), m.subarray(3))).toEqual(want);
        expect(hmacSha256Portable(key, m)).toEqual(want);
      }
    }
    // a second message under the same key: the scratch of the one before leaves nothing behind
    const key = new Uint8Array(32).fill(5);
    const long = new Uint8Array(1000).fill(9);
    hmacSha256(key, long);
    const short = new Uint8Array(NATIVE_INNER).fill(1);
    expect(hmacSha256(key, short)).toEqual(hmac(sha256, key, short));
  });
  it('returns a plain Uint8Array of 32 bytes', () => {
    const d = hmacSha256(new Uint8Array(32), new Uint8Array([1]));
    expect(d.constructor).toBe(Uint8Array);
    expect(d.length).toBe(32);
  });
  it('a changed key changes the output (no stale key schedule)', () => {
    const key = new Uint8Array(32);
    const a = hmacSha256(key, new Uint8Array([7]));
    key[0] = 1;
    expect(hmacSha256(key, new Uint8Array([7]))).not.toEqual(a);
    expect(hmacSha256Portable(key, new Uint8Array([7]))).not.toEqual(a);
  });
});

describe('SHA-256', () => {
  it('gives noble’s bytes at every length around the blocks and the short-message bound', () => {
    const m = Uint8Array.from({ length: 400 }, (_, i) => (i * 37 + 11) & 0xff);
    for (let n = 0; n <= 330; n++) expect(sha256Digest(m.subarray(0, n))).toEqual(sha256(m.subarray(0, n)));
    expect(sha256Digest(m.subarray(0, 30), m.subarray(30, 321))).toEqual(sha256(m.subarray(0, 321)));
  });
  it('gives noble’s bytes, short messages (over words) and long ones (native)', () => {
    fc.assert(
      fc.property(fc.array(bytes(200), { maxLength: 4 }), (parts) => {
        expect(sha256Digest(...parts)).toEqual(sha256(concatBytes(...parts)));
      }),
    );
  });
});
