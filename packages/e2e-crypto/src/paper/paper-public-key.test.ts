/**
 * `isPaperPublicKey`: a registered station or printing key must be a 32-byte encoding of an
 * Ed25519 point of large order (RFC 8032 §5.1.3); anything else is refused without a throw.
 */
import { describe, expect, it } from 'vitest';
import { toHex } from '../bytes.js';
import { generatePaperKey, isPaperPublicKey } from './paper-signature.js';

describe('isPaperPublicKey', () => {
  it('accepts a generated key in either hex case', () => {
    const k = toHex(generatePaperKey().publicKey);
    expect(isPaperPublicKey(k)).toBe(true);
    expect(isPaperPublicKey(k.toLowerCase())).toBe(true);
  });

  it('refuses the wrong length, non-hex, a small-order point and a non-point', () => {
    const k = toHex(generatePaperKey().publicKey);
    expect(isPaperPublicKey(k.slice(2))).toBe(false);
    expect(isPaperPublicKey(`${k}00`)).toBe(false);
    expect(isPaperPublicKey(`${k.slice(0, 62)}ZZ`)).toBe(false);
    // the identity (y = 1) has order 1
    expect(isPaperPublicKey(`01${'00'.repeat(31)}`)).toBe(false);
    // y = 2 is not the y-coordinate of a curve point
    expect(isPaperPublicKey(`02${'00'.repeat(31)}`)).toBe(false);
    expect(isPaperPublicKey(42 as unknown as string)).toBe(false);
  });
});
