/**
 * Checks a server's receipt of a board entry `{index, leafHash, treeHead, proof}` (the stations'
 * endpoints, spec/server-api.md §11–§12) against a pinned log key: the tree head is signed by that
 * key for this election, the proof leads from the leaf at `index` to the signed root (RFC 9162
 * §2.1.3.2), and, when the entry's text is at hand, that it hashes to the leaf. The one check of
 * such receipts, for the station and for the server's tests. Never throws on bad data.
 * @module
 */
import {
  bytesEqual,
  decodeLogHash,
  fromHex,
  leafHash,
  utf8Bytes,
  verifyInclusion,
  verifyTreeHead,
  type SignedTreeHead,
} from '@evident/e2e-crypto';

/** A receipt of a board entry, as the station endpoints answer it. */
export interface EntryReceipt {
  readonly index: number;
  readonly leafHash: string;
  readonly treeHead: SignedTreeHead;
  readonly proof: readonly string[];
}

/** What is checked against. */
export interface EntryReceiptContext {
  /** the pinned log key: 32 bytes or 64 hex digits */
  readonly logPublicKey: Uint8Array | string;
  readonly electionId: string;
  /** the entry's exact text, when known */
  readonly entry?: string;
}

/** The outcome of {@link checkEntryReceipt}. */
export type EntryReceiptCheck =
  | { readonly ok: true; readonly index: number; readonly treeSize: number }
  | {
      readonly ok: false;
      readonly failed: 'malformed' | 'tree-head' | 'inclusion' | 'entry';
      readonly message: string;
    };

/** Checks a receipt (see the module comment). */
export function checkEntryReceipt(receipt: unknown, ctx: EntryReceiptContext): EntryReceiptCheck {
  const r = receipt as Partial<EntryReceipt> | null;
  let key: Uint8Array;
  let leaf: Uint8Array;
  let proof: Uint8Array[];
  let root: Uint8Array;
  try {
    key = typeof ctx.logPublicKey === 'string' ? fromHex(ctx.logPublicKey, 'logPublicKey') : ctx.logPublicKey;
    if (typeof r !== 'object' || r === null) throw new Error('receipt: an object expected');
    if (typeof r.index !== 'number' || !Number.isSafeInteger(r.index) || r.index < 0)
      throw new Error('receipt.index: a non-negative integer expected');
    if (!Array.isArray(r.proof)) throw new Error('receipt.proof: an array expected');
    if (typeof r.treeHead !== 'object' || r.treeHead === null)
      throw new Error('receipt.treeHead: an object expected');
    leaf = decodeLogHash(String(r.leafHash), 'receipt.leafHash');
    proof = r.proof.map((h, i) => decodeLogHash(String(h), `receipt.proof[${i}]`));
    root = decodeLogHash(String(r.treeHead.rootHash), 'receipt.treeHead.rootHash');
  } catch (e) {
    return { ok: false, failed: 'malformed', message: (e as Error).message };
  }
  const head = r.treeHead!;
  if (head.logId !== ctx.electionId || !verifyTreeHead(head, key))
    return {
      ok: false,
      failed: 'tree-head',
      message: 'the tree head is not signed by the pinned log key for this election',
    };
  if (!verifyInclusion(leaf, r.index!, head.treeSize, proof, root))
    return {
      ok: false,
      failed: 'inclusion',
      message: `the proof does not lead from entry ${r.index} to the signed root`,
    };
  if (ctx.entry !== undefined && !bytesEqual(leafHash(utf8Bytes(ctx.entry)), leaf))
    return { ok: false, failed: 'entry', message: 'the entry does not hash to the receipt’s leaf' };
  return { ok: true, index: r.index!, treeSize: head.treeSize };
}
