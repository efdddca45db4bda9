/** The ristretto255 profile against RFC 9496 Appendix A. */
import { describe, expect, it } from 'vitest';
import { fromHex, toHex } from '../bytes.js';
import { InvalidDataError } from '../errors.js';
import { encodeTo } from './group.js';
import { ristretto } from './ristretto255.js';

describe('ristretto255 (RFC 9496)', () => {
  it('encodes small multiples of the generator as in RFC 9496 A.1', () => {
    const expected = [
      '0000000000000000000000000000000000000000000000000000000000000000',
      'e2f2ae0a6abc4e71a884a961c500515f58e30b6aa582dd8db6a65945e08d2d76',
      '6a493210f7499cd17fecb510ae0cea23a110e8d5b901f8acadd3095c73a3b919',
      '94741f5d5d52755ece4f23f044ee27d5d1ea1e2bd196b462166b16152a9d0259',
    ];
    expected.forEach((hex, i) =>
      expect(toHex(ristretto.encode(ristretto.gExp(BigInt(i))))).toBe(hex.toUpperCase()),
    );
  });
  it('rejects non-canonical and invalid encodings (RFC 9496 A.2) as NOT_IN_GROUP', () => {
    const bad = [
      '00ffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff', // non-canonical field element
      'ffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f', // non-canonical field element
      '0100000000000000000000000000000000000000000000000000000000000000', // negative field element
      'ecffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f', // p − 1: negative
    ];
    for (const hex of bad) {
      let err: unknown;
      try {
        ristretto.decode(fromHex(hex), 'credential');
      } catch (e) {
        err = e;
      }
      expect(err).toBeInstanceOf(InvalidDataError);
      expect((err as InvalidDataError).code).toBe('NOT_IN_GROUP');
      expect((err as InvalidDataError).field).toBe('credential');
    }
  });
  it('exp accepts 0 and q (noble multiply does not)', () => {
    expect(ristretto.equals(ristretto.exp(ristretto.g, 0n), ristretto.one)).toBe(true);
    expect(ristretto.equals(ristretto.exp(ristretto.g, ristretto.q), ristretto.one)).toBe(true);
    expect(ristretto.equals(ristretto.exp(ristretto.g, ristretto.q + 1n), ristretto.g)).toBe(true);
  });
  it('encodeInto writes the encoding at the offset, and the point keeps its own bytes', () => {
    const decoded = ristretto.decode(ristretto.encode(ristretto.gExp(5n)), 'x');
    for (const p of [decoded, ristretto.gExp(7n), ristretto.mul(decoded, ristretto.g), ristretto.one]) {
      const out = new Uint8Array(70).fill(0xaa);
      encodeTo(ristretto, p, out, 3);
      expect(toHex(out.subarray(3, 35))).toBe(toHex(ristretto.encode(p)));
      expect(out[2]).toBe(0xaa);
      expect(out[35]).toBe(0xaa);
      out.fill(0xff); // the output is the caller's: the point's encoding is not changed by it
      expect(ristretto.equals(ristretto.decode(ristretto.encode(p), 'x'), p)).toBe(true);
    }
  });
  it('decode copies its input and decodeOwned takes it over, both checking membership', () => {
    const enc = ristretto.encode(ristretto.gExp(9n));
    const copy = enc.slice();
    const p = ristretto.decode(copy, 'x');
    copy.fill(0); // decode's caller may reuse its bytes
    expect(toHex(ristretto.encode(p))).toBe(toHex(enc));
    const q = ristretto.decodeOwned!(enc.slice(), 'x');
    expect(ristretto.equals(q, ristretto.gExp(9n))).toBe(true);
    expect(toHex(ristretto.encode(q))).toBe(toHex(enc));
    const bad = fromHex('0100000000000000000000000000000000000000000000000000000000000000');
    expect(() => ristretto.decodeOwned!(bad, 'y')).toThrow(InvalidDataError);
  });
});
