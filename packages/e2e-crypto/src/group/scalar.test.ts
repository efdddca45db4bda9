/** Scalars: range checks, encodings, sampling. */
import { describe, expect, it } from 'vitest';
import { InvalidDataError } from '../errors.js';
import { EG_Q } from './eg-4096.js';
import { checkScalar, decodeScalar, encodeScalar, invMod, mod, randomScalar } from './scalar.js';

describe('scalars in Z_q', () => {
  it('checkScalar accepts [0, q) and names the field otherwise', () => {
    expect(checkScalar(0n, EG_Q, 'v')).toBe(0n);
    expect(checkScalar(EG_Q - 1n, EG_Q, 'v')).toBe(EG_Q - 1n);
    for (const bad of [EG_Q, EG_Q + 1n, -1n]) {
      expect(() => checkScalar(bad, EG_Q, 'proof.v')).toThrow(InvalidDataError);
      expect(() => checkScalar(bad, EG_Q, 'proof.v')).toThrow(/proof\.v/);
    }
  });
  it('decodeScalar: 32 bytes, < q; b(q − 1, 32) as in EG 2.0 §5.1.2', () => {
    const qm1 = encodeScalar(EG_Q - 1n);
    expect(qm1[31]).toBe(0x42);
    expect(decodeScalar(qm1, EG_Q, 'c')).toBe(EG_Q - 1n);
    expect(() => decodeScalar(encodeScalar(EG_Q), EG_Q, 'c')).toThrow(/c: scalar is not in/);
    expect(() => decodeScalar(new Uint8Array(31), EG_Q, 'c')).toThrow(InvalidDataError);
  });
  it('randomScalar is in range and not constant; invMod inverts', () => {
    const a = randomScalar(EG_Q);
    const b = randomScalar(EG_Q);
    expect(a).not.toBe(b);
    expect(a >= 0n && a < EG_Q).toBe(true);
    expect(mod(a * invMod(a, EG_Q), EG_Q)).toBe(1n);
    expect(() => invMod(0n, EG_Q)).toThrow(RangeError);
  });
});
