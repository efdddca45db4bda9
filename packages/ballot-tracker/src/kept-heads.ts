/**
 * Heads the voter kept, and the current head extending them (spec/tracker.md §3 step 3): a
 * receipt's head with its own inclusion proof, or any signed tree head saved earlier. Each must be
 * signed by the log key for this election, cover no more entries than the current head (else the
 * log was rolled back), and be a prefix of it by the server's RFC 9162 consistency proof
 * (§2.1.4.2), checked between the kept root and the current signed root. A server that rewrote
 * history since cannot pass: the two signed heads are the evidence.
 * @module
 */
import { type SignedTreeHead, verifyTreeHead } from '@evident/e2e-crypto';
import { checkEntryReceipt, headExtends } from '@evident/record/board';
import type { KeptReceipt } from './receipt-file.js';
import type { serverBoardApi } from './server-proofs.js';
import { TrackError } from './track-error.js';

type BoardApi = ReturnType<typeof serverBoardApi>;

/**
 * The current `head` extends the `kept` one, already known to be signed by the key.
 * @param label - names the kept head in messages ("the receipt's head", "the tree head in FILE")
 * @throws {TrackError} `inconsistent` for a roll-back or a fork
 */
async function proveExtendsSigned(
  api: BoardApi,
  label: string,
  kept: SignedTreeHead,
  head: SignedTreeHead,
): Promise<void> {
  // a larger kept head has no consistency proof to ask for: the server refuses first > second
  const standing =
    kept.treeSize > head.treeSize
      ? 'rollback'
      : headExtends(kept, head, await api.consistency(kept.treeSize, head.treeSize));
  if (standing === 'rollback')
    throw new TrackError(
      'inconsistent',
      `the server's signed head covers ${head.treeSize} entries, fewer than the ${kept.treeSize} of ${label}: the log was rolled back`,
    );
  if (standing === 'fork')
    throw new TrackError(
      'inconsistent',
      `the server's head of ${head.treeSize} entries does not extend ${label} of ${kept.treeSize} (the consistency proof fails): the log was rewritten — keep that head, it is evidence`,
    );
}

/**
 * A kept signed tree head: signed by `key` for this election, and extended by `head`.
 * @throws {TrackError} `wrong-key` when it is not signed by the key; `inconsistent` as above
 */
export async function proveExtends(
  api: BoardApi,
  label: string,
  kept: SignedTreeHead,
  head: SignedTreeHead,
  key: Uint8Array,
): Promise<void> {
  if (kept.logId !== head.logId || !verifyTreeHead(kept, key))
    throw new TrackError('wrong-key', `${label} is not signed by the log key for election "${head.logId}"`);
  await proveExtendsSigned(api, label, kept, head);
}

/**
 * The receipt's own head and inclusion proof under the key, the current head extending it, and
 * the ballot on the board where the receipt put it (`found`: the index the board holds it at).
 * @throws {TrackError} `usage` for a malformed receipt, `wrong-key`, `inconsistent`
 */
export async function proveReceipt(
  api: BoardApi,
  path: string,
  kept: KeptReceipt,
  head: SignedTreeHead,
  key: Uint8Array,
  found: number | undefined,
): Promise<void> {
  const r = checkEntryReceipt(
    { index: kept.logIndex, leafHash: kept.leafHash, treeHead: kept.treeHead, proof: kept.inclusionProof },
    { logPublicKey: key, electionId: head.logId },
  );
  if (!r.ok && r.failed === 'malformed') throw new TrackError('usage', `${path}: ${r.message}`);
  if (!r.ok && r.failed === 'tree-head')
    throw new TrackError('wrong-key', `${path}: the receipt's tree head is not signed by the log key`);
  if (!r.ok)
    throw new TrackError('inconsistent', `${path}: the receipt's own inclusion proof fails (${r.message})`);
  await proveExtendsSigned(api, "the receipt's head", kept.treeHead, head);
  if (found !== kept.logIndex)
    throw new TrackError(
      'inconsistent',
      `the receipt puts the ballot at entry ${kept.logIndex}, the board ${found === undefined ? 'holds no ballot with this code' : `at entry ${found}`}`,
    );
}
