/** HMAC-SHA-256 and SHA-256: the native (node:crypto) and portable (@noble/hashes) paths agree. */
import { hmac } from '@noble/hashes/hmac.js';
import { sha256 } from '@noble/hashes/sha2.js';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { concatBytes } from '../bytes.js';
import { hmacSha256, hmacSha256Portable, nativeHmac, sha256Digest } from './hmac.js';

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
