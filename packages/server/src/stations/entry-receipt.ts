/**
 * The receipt of a board entry a station posted (spec/server-api.md §11): its log index, leaf
 * hash, the signed tree head after the commit and the entry's inclusion proof in that head, so
 * that the station checks against its pinned log key that the entry is on the board.
 * @module
 */
import { encodeLogHash, type SignedTreeHead } from '@evident/e2e-crypto';
import type { ServerContext } from '../context.js';

/** A receipt `{index, leafHash, treeHead, proof}`. */
export interface EntryReceipt {
  readonly index: number;
  readonly leafHash: string;
  readonly treeHead: SignedTreeHead;
  readonly proof: string[];
}

/** The receipt of committed entry `index` of election `id`, in the latest tree head. */
export function entryReceipt(ctx: ServerContext, id: string, index: number): EntryReceipt {
  const log = ctx.logs.get(id)!;
  const head = log.head;
  return {
    index,
    leafHash: encodeLogHash(log.tree.leafHash(index)),
    treeHead: head,
    proof: log.tree.inclusionProof(index, head.treeSize).map(encodeLogHash),
  };
}

/** JSON Schema of {@link EntryReceipt}. */
export const entryReceiptSchema = {
  type: 'object',
  required: ['index', 'leafHash', 'treeHead', 'proof'],
  properties: {
    index: { type: 'integer' },
    leafHash: { type: 'string' },
    treeHead: { $ref: 'TreeHead#' },
    proof: { type: 'array', items: { type: 'string' } },
  },
} as const;
