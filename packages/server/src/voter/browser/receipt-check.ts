/**
 * What the voter's browser checks of a receipt (spec/server-api.md §5.4, §5.5), with nothing
 * but e2e-crypto: that the receipt names the confirmation code the browser computed, that the
 * tree head is signed by the log key (spec/bulletin-board.md §4.2), that the inclusion proof
 * leads from the receipt's leaf to the signed root (RFC 9162 §2.1.3.2), and that the board
 * entry at that index hashes to that leaf and holds exactly the submission the browser sent.
 * Also compares a challenged ballot's published opening with the choices made.
 * Pure functions: the page fetches, these decide. Never throws on bad data.
 * @module
 */
import {
  bytesEqual,
  canonicalJsonString,
  decodeLogHash,
  fromHex,
  leafHash,
  verifyInclusion,
  verifyTreeHead,
  type SignedTreeHead,
} from '@evident/e2e-crypto';

/** The receipt of a cast or challenge (spec/server-api.md §5.4), as far as the page reads it. */
export interface Receipt {
  readonly electionId: string;
  readonly intent: 'cast' | 'challenge';
  readonly confirmationCode: string;
  readonly logIndex: number;
  readonly leafHash: string;
  readonly treeHead: SignedTreeHead;
  readonly inclusionProof: readonly string[];
  readonly opened?: Readonly<Record<string, Readonly<Record<string, number>>>>;
  readonly openedRanked?: readonly { readonly contestId: string; readonly ranks: readonly number[] }[];
}

/** Why a receipt does not check. */
export type ReceiptFailure = 'code' | 'tree-head' | 'inclusion' | 'entry';

/** The outcome of {@link checkReceipt}. */
export type ReceiptCheck =
  { readonly ok: true; readonly treeSize: number } | { readonly ok: false; readonly failed: ReceiptFailure };

/**
 * Checks a receipt against what the browser sent.
 * @param receipt - the server's answer to the cast or challenge
 * @param submission - the signed submission the browser sent (its `ballot.code` is the
 *   confirmation code the browser computed)
 * @param logPublicKey - the log's Ed25519 public key (32 bytes)
 * @param entryText - the board entry at `receipt.logIndex`, exactly as served
 *   (`GET …/board/entries?start=i&limit=1`, field `entry`)
 * @returns ok with the signed tree size, or the first check that failed
 */
export function checkReceipt(
  receipt: Receipt,
  submission: { readonly ballot: { readonly code: string } },
  logPublicKey: Uint8Array,
  entryText: string,
): ReceiptCheck {
  try {
    if (receipt.confirmationCode.toUpperCase() !== submission.ballot.code.toUpperCase())
      return { ok: false, failed: 'code' };
    const head = receipt.treeHead;
    if (head.logId !== receipt.electionId || !verifyTreeHead(head, logPublicKey))
      return { ok: false, failed: 'tree-head' };
    const leaf = decodeLogHash(receipt.leafHash, 'leafHash');
    const proof = receipt.inclusionProof.map((h, i) => decodeLogHash(h, `inclusionProof[${i}]`));
    if (!verifyInclusion(leaf, receipt.logIndex, head.treeSize, proof, fromHex(head.rootHash, 'rootHash')))
      return { ok: false, failed: 'inclusion' };
    if (!bytesEqual(leafHash(new TextEncoder().encode(entryText)), leaf))
      return { ok: false, failed: 'entry' };
    const entry = JSON.parse(entryText) as { type?: unknown; submission?: unknown };
    const type = receipt.intent === 'cast' ? 'ballot' : 'challenged-ballot';
    if (entry.type !== type || canonicalJsonString(entry.submission) !== canonicalJsonString(submission))
      return { ok: false, failed: 'entry' };
    return { ok: true, treeSize: head.treeSize };
  } catch {
    return { ok: false, failed: 'entry' };
  }
}

/**
 * True when a challenged ballot's published opening (`receipt.opened`: contest → option →
 * value) gives every option of every contest on the ballot the value the voter chose (an
 * option not chosen: 0), and names no other contest.
 * @param contests - the contests of the ballot style with their option labels
 * @param votes - the choices made: contest → option → value
 */
export function openingMatches(
  opened: Receipt['opened'],
  contests: readonly { readonly label: string; readonly options: readonly { readonly label: string }[] }[],
  votes: Readonly<Record<string, Readonly<Record<string, number>>>>,
): boolean {
  if (!opened || Object.keys(opened).length !== contests.length) return false;
  return contests.every((c) => {
    const o = opened[c.label];
    return (
      o !== undefined &&
      Object.keys(o).length === c.options.length &&
      c.options.every((x) => o[x.label] === (votes[c.label]?.[x.label] ?? 0))
    );
  });
}

/**
 * True when a challenged ballot's published ranked openings (`receipt.openedRanked`, spec/
 * ranked-choice.md §2.7) give, for every ranked contest in manifest order, the candidates
 * ranked, in order, then zeros up to R.
 * @param rankings - contest id → candidate numbers (1..m) in order of preference
 */
export function rankedOpeningMatches(
  openedRanked: Receipt['openedRanked'],
  contests: readonly { readonly id: string; readonly ranks: number }[],
  rankings: Readonly<Record<string, readonly number[]>>,
): boolean {
  if (contests.length === 0) return openedRanked === undefined || openedRanked.length === 0;
  if (!openedRanked || openedRanked.length !== contests.length) return false;
  return contests.every((c, i) => {
    const o = openedRanked[i]!;
    const want = Array.from({ length: c.ranks }, (_, k) => rankings[c.id]?.[k] ?? 0);
    return o.contestId === c.id && o.ranks.length === c.ranks && want.every((x, k) => o.ranks[k] === x);
  });
}
