/** The hash H and its input encodings (EG 2.0 §5.1–5.3). */
import { hmac } from '@noble/hashes/hmac.js';
import { sha256 } from '@noble/hashes/sha2.js';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { bytesToBigint, concatBytes, toHex } from '../bytes.js';
import { eg4096 } from '../group/eg-4096.js';
import { ristretto } from '../group/ristretto255.js';
import { H, domain, hashToInt, hashToScalar, int4, lengthPrefixed, str, versionKey } from './hash.js';
import { SHORT_MESSAGE, hmacSha256 } from './hmac.js';

describe('EG 2.0 §5 encodings', () => {
  it('strings are length-prefixed UTF-8 (§5.1.4 example)', () => {
    expect(toHex(str('ElectionGuard'))).toBe('0000000D456C656374696F6E4775617264');
  });
  it('small integers are 4 bytes big-endian (§5.1.3 examples)', () => {
    expect(toHex(int4(5))).toBe('00000005');
    expect(toHex(int4(3))).toBe('00000003');
    expect(() => int4(2 ** 31)).toThrow(RangeError);
  });
  it('ver is the UTF-8 version padded to 32 bytes (§3.1.2)', () => {
    expect(toHex(versionKey('v2.0.0'))).toBe('76322E302E30' + '00'.repeat(26));
    expect(() => versionKey('x'.repeat(33))).toThrow(RangeError);
  });
  it('H(B0; B1) is HMAC-SHA-256 (RFC 4231 test case 2 key/data shape)', () => {
    // RFC 4231 §4.3: key "Jefe", data "what do ya want for nothing?"
    const mac = hmacSha256(
      new TextEncoder().encode('Jefe'),
      new TextEncoder().encode('what do ya want for nothing?'),
    );
    expect(toHex(mac)).toBe('5BDCC146BF60754E6A042426089575C75A003F089D2739839DEC58B964EC3843');
    expect(() => H(new Uint8Array(31), domain(1))).toThrow(RangeError);
    expect(toHex(H(new Uint8Array(32), domain(1), lengthPrefixed(new Uint8Array([7]))))).toBe(
      toHex(hmacSha256(new Uint8Array(32), new Uint8Array([1, 0, 0, 0, 1, 7]))),
    );
  });
  it('HMAC with a reused key object agrees with a fresh HMAC, also after the key bytes change', () => {
    const fresh = (k: Uint8Array, ...m: Uint8Array[]) => {
      const h = hmac.create(sha256, k);
      for (const x of m) h.update(x);
      return toHex(h.digest());
    };
    fc.assert(
      fc.property(
        fc.uint8Array({ minLength: 32, maxLength: 32 }),
        fc.array(fc.uint8Array({ maxLength: 200 }), { maxLength: 4 }),
        fc.nat(31),
        (key, msgs, at) => {
          expect(toHex(hmacSha256(key, ...msgs))).toBe(fresh(key, ...msgs));
          expect(toHex(hmacSha256(key, ...msgs))).toBe(fresh(key, ...msgs)); // the cached schedule
          key[at] = key[at]! ^ 0x5a; // a caller reuses its array for another key
          expect(toHex(hmacSha256(key, ...msgs))).toBe(fresh(key, ...msgs));
        },
      ),
      { numRuns: 50 },
    );
  });
  it('hash outputs as integers (§5.4) and as scalars of each profile', () => {
    const h = new Uint8Array(32).fill(0xff);
    expect(hashToInt(h)).toBe((1n << 256n) - 1n);
    expect(hashToScalar(eg4096, h)).toBe((1n << 256n) - 1n - eg4096.q);
    const r = hashToScalar(ristretto, h);
    expect(r >= 0n && r < ristretto.q).toBe(true);
  });
  it('the ristretto255 challenge scalar is HMAC(h, 0x01) ∥ HMAC(h, 0x02) read big-endian mod ℓ', () => {
    // the definition of spec/crypto.md §2.3, computed with noble: the word path gives its value
    const reference = (h: Uint8Array): bigint => {
      const wide = concatBytes(hmac(sha256, h, Uint8Array.of(1)), hmac(sha256, h, Uint8Array.of(2)));
      return bytesToBigint(wide) % ristretto.q;
    };
    fc.assert(
      fc.property(fc.uint8Array({ minLength: 32, maxLength: 32 }), (h) => {
        expect(hashToScalar(ristretto, h)).toBe(reference(h));
      }),
      { numRuns: 500 },
    );
    for (const fill of [0x00, 0x36, 0x5c, 0x80, 0xff]) {
      const h = new Uint8Array(32).fill(fill);
      expect(hashToScalar(ristretto, h)).toBe(reference(h));
    }
  });
  it('H gives HMAC-SHA-256 on both sides of the short-message threshold', () => {
    const key = Uint8Array.from({ length: 32 }, (_, i) => i * 9);
    for (const n of [SHORT_MESSAGE - 1, SHORT_MESSAGE, SHORT_MESSAGE + 1]) {
      const m = Uint8Array.from({ length: n }, (_, i) => i & 0xff);
      expect(toHex(H(key, domain(0x21), m))).toBe(toHex(hmac(sha256, key, concatBytes(domain(0x21), m))));
    }
  });
});
