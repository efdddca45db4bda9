/** The eg-4096 profile: arithmetic against bigint-crypto-utils, membership (EG 2.0 check 2.A/5.A). */
import { modPow } from 'bigint-crypto-utils';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { bigintToBytes } from '../bytes.js';
import { InvalidDataError } from '../errors.js';
import { EG_G, EG_P, EG_Q, EG_R, eg4096 } from './eg-4096.js';

const decodeCode = (x: bigint | Uint8Array): string | undefined => {
  try {
    eg4096.decode(typeof x === 'bigint' ? bigintToBytes(x, 512) : x, 'K');
    return undefined;
  } catch (e) {
    return e instanceof InvalidDataError ? e.code : 'OTHER';
  }
};

describe('eg-4096', () => {
  it('windowed exponentiation equals bigint-crypto-utils modPow', () => {
    fc.assert(
      fc.property(fc.bigInt({ min: 2n, max: EG_P - 1n }), fc.bigInt({ min: 0n, max: EG_Q - 1n }), (b, e) => {
        expect(eg4096.exp(b, e)).toBe(modPow(b, e, EG_P));
      }),
      { numRuns: 6 },
    );
  });
  it('g = 2^r mod p (EG 2.0 §3.1.1) and the cofactor r starts as printed in the spec', () => {
    expect(modPow(2n, EG_R, EG_P)).toBe(EG_G);
    expect(
      EG_R.toString(16)
        .toUpperCase()
        .startsWith('100000000000000000000000000000000000000000000000000000000000000BCB17217F7'),
    ).toBe(true);
  });
  it('rejects 0, p − 1 (order 2), p, values ≥ p, and a random non-residue as NOT_IN_GROUP', () => {
    expect(decodeCode(0n)).toBe('NOT_IN_GROUP');
    expect(decodeCode(EG_P - 1n)).toBe('NOT_IN_GROUP');
    expect(decodeCode(EG_P)).toBe('NOT_IN_GROUP');
    expect(decodeCode(2n)).toBe('NOT_IN_GROUP'); // 2 generates far more than the order-q subgroup
    expect(decodeCode(new Uint8Array(512).fill(0xff))).toBe('NOT_IN_GROUP');
    expect(decodeCode(1n)).toBeUndefined();
    expect(decodeCode(EG_G)).toBeUndefined();
  });
});
