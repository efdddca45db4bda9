/**
 * hash_to_ristretto255 with WebAssembly square roots equals noble's (RFC 9380 §6.8.2, RFC 9496
 * §4.3.4) on random messages and domain strings.
 */
import { ristretto255_hasher } from '@noble/curves/ed25519.js';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { toHex, utf8Bytes } from '../bytes.js';
import { hashToRistrettoFast } from './ristretto-hash.js';

describe('hashToRistrettoFast', () => {
  it('equals noble hashToCurve (property)', () => {
    expect(hashToRistrettoFast).toBeDefined();
    fc.assert(
      fc.property(
        fc.uint8Array({ maxLength: 80 }),
        fc.string({ minLength: 1, maxLength: 300 }),
        (msg, dst) => {
          const ours = hashToRistrettoFast!(msg, dst);
          const noble = ristretto255_hasher.hashToCurve(msg, { DST: utf8Bytes(dst) });
          expect(toHex(ours.toBytes())).toBe(toHex(noble.toBytes()));
        },
      ),
      { numRuns: 200 },
    );
  });
});
