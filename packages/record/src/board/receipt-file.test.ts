/**
 * The receipt file and the kept head file, read and written by one module each: the voter page
 * writes every field of the server's receipt as answered plus the key it pinned (over any key in
 * the answer), under a file name that says what it is and carries no path; that file reads back
 * to the same receipt with its key; the lookup's wrapped form reads too; each malformed field is
 * named; a kept head is read bare or as the server's tree-head answer. (The CLI's messages from these faults: tests/ballot-tracker.test.ts.)
 */
import { generateLogKey, toHex } from '@evident/e2e-crypto';
import { describe, expect, it } from 'vitest';
import { parseTreeHeadFile } from './kept-head-file.js';
import { isFileFault, parseReceiptFile, receiptFileName, receiptFileText } from './receipt-file.js';

const head = {
  logId: 'e1',
  treeSize: 8,
  timestamp: 1,
  rootHash: 'EF'.repeat(32),
  signature: '01'.repeat(64),
};
const receipt = {
  electionId: 'e1',
  intent: 'cast',
  confirmationCode: 'ab'.repeat(32),
  logIndex: 7,
  leafHash: 'CD'.repeat(32),
  treeHead: head,
  inclusionProof: ['12'.repeat(32)],
};
const key = generateLogKey().publicKey;

describe('parseReceiptFile', () => {
  it('reads back what the voter page writes, key included', () => {
    const { intent: _intent, ...kept } = receipt;
    expect(parseReceiptFile(receiptFileText(receipt, key))).toEqual({ ...kept, logPublicKey: toHex(key) });
    const wrapped = JSON.stringify({ receipt, status: 'counted', logPublicKey: toHex(key) });
    expect(parseReceiptFile(wrapped)).toMatchObject({ logIndex: 7, logPublicKey: toHex(key) });
    expect(parseReceiptFile(JSON.stringify(receipt))).not.toHaveProperty('logPublicKey');
  });

  it('names the field at fault', () => {
    const fault = (o: object) => {
      const r = parseReceiptFile(JSON.stringify({ ...receipt, ...o }));
      return isFileFault(r) ? r.fault : 'none';
    };
    expect(parseReceiptFile('not json')).toEqual({ fault: 'JSON', must: 'a JSON object' });
    expect(parseReceiptFile('[1]')).toMatchObject({ fault: 'JSON' });
    expect(fault({ electionId: 1 })).toBe('electionId');
    expect(fault({ confirmationCode: 'abc' })).toBe('confirmationCode');
    expect(fault({ logIndex: -1 })).toBe('logIndex');
    expect(fault({ logIndex: 1.5 })).toBe('logIndex');
    expect(fault({ leafHash: null })).toBe('leafHash');
    expect(fault({ treeHead: 1 })).toBe('treeHead');
    expect(fault({ treeHead: { ...head, treeSize: 7 } })).toBe('treeHead.treeSize');
    expect(fault({ inclusionProof: [1] })).toBe('inclusionProof');
    expect(fault({ logPublicKey: 'zz' })).toBe('logPublicKey');
    expect(fault({})).toBe('none');
  });
});

describe('parseTreeHeadFile', () => {
  it('reads a head alone or the server’s answer, and names a missing field', () => {
    expect(parseTreeHeadFile(JSON.stringify(head))).toEqual(head);
    expect(
      parseTreeHeadFile(JSON.stringify({ treeHead: { ...head, extra: 1 }, logPublicKey: 'AA' })),
    ).toEqual(head);
    expect(parseTreeHeadFile('{')).toMatchObject({ fault: 'JSON' });
    for (const field of ['logId', 'treeSize', 'timestamp', 'rootHash', 'signature'] as const)
      expect(parseTreeHeadFile(JSON.stringify({ ...head, [field]: undefined }))).toMatchObject({
        fault: field,
      });
  });
});

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
