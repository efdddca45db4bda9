/**
 * A receipt of a board entry is taken only when its head is signed by the pinned log key for this
 * election, its proof leads from its leaf to the signed root, and (when known) the entry hashes to
 * its leaf: a forged head, another election, a wrong log key, a broken proof, another entry and a
 * malformed receipt are each named.
 */
import {
  createMerkleLog,
  encodeLogHash,
  generateLogKey,
  leafHash,
  toHex,
  utf8Bytes,
} from '@evident/e2e-crypto';
import { describe, expect, it } from 'vitest';
import { signedBoard } from '../../test/signed-board.js';
import { checkEntryReceipt } from './entry-receipt.js';

const E = 'e1';
const key = generateLogKey();
const board = signedBoard(
  [
    { type: 'setup', electionId: E, logPublicKey: toHex(key.publicKey) },
    { type: 'open', time: 1 },
    { type: 'poll-book-close', station: 'p1', time: 2 },
    { type: 'close', time: 3 },
  ],
  E,
  key,
);
const tree = createMerkleLog(board.texts.map((t) => leafHash(utf8Bytes(t))));
/** The server's receipt of entry `index`. */
const receiptOf = (index: number) => ({
  index,
  leafHash: encodeLogHash(leafHash(utf8Bytes(board.texts[index]!))),
  treeHead: board.head,
  proof: tree.inclusionProof(index).map(encodeLogHash),
});
const ctx = { logPublicKey: key.publicKey, electionId: E };

describe('checkEntryReceipt', () => {
  it('takes a receipt of the pinned log, with or without the entry', () => {
    expect(checkEntryReceipt(receiptOf(2), ctx)).toEqual({ ok: true, index: 2, treeSize: 4 });
    expect(
      checkEntryReceipt(receiptOf(2), { ...ctx, entry: board.texts[2]!, logPublicKey: toHex(key.publicKey) }),
    ).toMatchObject({ ok: true });
  });

  it('refuses a head of another key, another election, or a forged signature', () => {
    expect(
      checkEntryReceipt(receiptOf(2), { ...ctx, logPublicKey: generateLogKey().publicKey }),
    ).toMatchObject({
      ok: false,
      failed: 'tree-head',
    });
    expect(checkEntryReceipt(receiptOf(2), { ...ctx, electionId: 'e2' })).toMatchObject({
      failed: 'tree-head',
    });
    const forged = { ...receiptOf(2), treeHead: { ...board.head, treeSize: 5 } };
    expect(checkEntryReceipt(forged, ctx)).toMatchObject({ failed: 'tree-head' });
  });

  it('refuses a proof that does not lead to the signed root, and another entry', () => {
    expect(checkEntryReceipt({ ...receiptOf(2), index: 1 }, ctx)).toMatchObject({ failed: 'inclusion' });
    expect(checkEntryReceipt({ ...receiptOf(2), proof: receiptOf(2).proof.slice(1) }, ctx)).toMatchObject({
      failed: 'inclusion',
    });
    expect(checkEntryReceipt(receiptOf(2), { ...ctx, entry: board.texts[1]! })).toMatchObject({
      failed: 'entry',
    });
  });

  it('names a malformed receipt instead of throwing', () => {
    for (const bad of [
      null,
      'x',
      { ...receiptOf(2), index: -1 },
      { ...receiptOf(2), proof: 'p' },
      { ...receiptOf(2), leafHash: 'zz' },
    ])
      expect(checkEntryReceipt(bad, ctx)).toMatchObject({ ok: false, failed: 'malformed' });
  });
});
