/**
 * The receipt file the voter page offers (receipt-keep.ts): every field of the server's receipt
 * as answered, plus the key the page pinned, in upper-case hex, over any key the server put in its
 * answer; a file name that says what it is and carries no path. (The file checked by
 * `evident-track --receipt` against a real server: tests/ballot-tracker.test.ts.)
 */
import { describe, expect, it } from 'vitest';
import { generateLogKey, toHex } from '@evident/e2e-crypto';
import { receiptFileName, receiptFileText } from './receipt-keep.js';

const receipt = {
  electionId: 'e1',
  intent: 'cast',
  confirmationCode: 'ab'.repeat(32),
  logIndex: 7,
  leafHash: 'CD'.repeat(32),
  treeHead: { logId: 'e1', treeSize: 8, timestamp: 1, rootHash: 'EF'.repeat(32), signature: '01'.repeat(64) },
  inclusionProof: ['12'.repeat(32)],
  supersedes: 5,
};

describe('receiptFileText', () => {
  const pinned = generateLogKey().publicKey;

  it('keeps every field of the receipt as answered and adds the pinned key', () => {
    const kept = JSON.parse(receiptFileText(receipt, pinned));
    expect(kept).toEqual({ ...receipt, logPublicKey: toHex(pinned) });
    expect(kept.logPublicKey).toMatch(/^[0-9A-F]{64}$/);
  });

  it('a key in the server’s answer gives way to the one the page pinned', () => {
    const other = toHex(generateLogKey().publicKey);
    const answered = { ...receipt, logPublicKey: other };
    const kept = JSON.parse(receiptFileText(answered, pinned));
    expect(kept.logPublicKey).toBe(toHex(pinned));
  });
});

describe('receiptFileName', () => {
  it('names the election and the start of the tracking code', () => {
    expect(receiptFileName(receipt)).toBe('evident-receipt-e1-abababababab.json');
  });

  it('keeps no path or odd character from the election id', () => {
    expect(receiptFileName({ ...receipt, electionId: '../x y' })).toBe(
      'evident-receipt-___x_y-abababababab.json',
    );
  });
});
