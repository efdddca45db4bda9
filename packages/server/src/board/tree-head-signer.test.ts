/** The native tree-head signer gives byte for byte the heads of e2e-crypto's `signTreeHead`. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { generateLogKey, logPublicKey, signTreeHead, verifyTreeHead } from '@evident/e2e-crypto';
import { treeHeadSigner } from './tree-head-signer.js';

describe('treeHeadSigner', () => {
  it('signs exactly as signTreeHead (RFC 8032 is deterministic), and the heads verify', () => {
    fc.assert(
      fc.property(
        fc.uint8Array({ minLength: 32, maxLength: 32 }),
        fc.string({ minLength: 1, maxLength: 40 }),
        fc.nat(),
        fc.uint8Array({ minLength: 32, maxLength: 32 }),
        fc.nat(),
        (sk, logId, size, root, t) => {
          const head = treeHeadSigner(sk)(logId, size, root, t);
          expect(head).toEqual(signTreeHead(sk, logId, size, root, t));
          expect(verifyTreeHead(head, logPublicKey(sk))).toBe(true);
        },
      ),
      { numRuns: 30 },
    );
  });
  it('refuses a key that is not 32 bytes', () => {
    expect(() => treeHeadSigner(generateLogKey().secretKey.subarray(1))).toThrow(RangeError);
  });
});
