/** Signed tree heads: sign/verify round trip and tamper tests (spec/bulletin-board.md §4). */
import { describe, expect, it } from 'vitest';
import {
  generateLogKey,
  signTreeHead,
  treeHeadMessage,
  verifyTreeHead,
  type SignedTreeHead,
} from './tree-head.js';
import { EMPTY_ROOT_HASH, leafHash } from './tree-hash.js';

describe('signed tree heads', () => {
  const key = generateLogKey();
  const root = leafHash(new Uint8Array([1, 2, 3]));
  const sth = signTreeHead(key.secretKey, 'election-1', 42, root, 1_700_000_000_000);

  it('verifies under the log key and not under another', () => {
    expect(verifyTreeHead(sth, key.publicKey)).toBe(true);
    expect(verifyTreeHead(sth, generateLogKey().publicKey)).toBe(false);
  });

  it('rejects any changed field', () => {
    const changes: Partial<SignedTreeHead>[] = [
      { logId: 'election-2' },
      { treeSize: 43 },
      { timestamp: 1_700_000_000_001 },
      { rootHash: sth.rootHash.replace(/^./, (c) => (c === '0' ? '1' : '0')) },
      { signature: sth.signature.replace(/.$/, (c) => (c === '0' ? '1' : '0')) },
      { signature: 'zz' },
      { rootHash: '00' },
      { treeSize: -1 },
    ];
    for (const c of changes) expect(verifyTreeHead({ ...sth, ...c }, key.publicKey)).toBe(false);
    expect(verifyTreeHead(null as unknown as SignedTreeHead, key.publicKey)).toBe(false);
  });

  it('binds every field into the message, length-prefixed', () => {
    const a = treeHeadMessage('ab', 1, 2, EMPTY_ROOT_HASH);
    const b = treeHeadMessage('a', 1, 2, EMPTY_ROOT_HASH);
    expect(a.length).toBe(b.length + 1);
    expect(() => treeHeadMessage('a', 1, 2, new Uint8Array(31))).toThrow(RangeError);
  });
});
