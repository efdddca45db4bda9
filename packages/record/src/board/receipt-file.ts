/**
 * The voter's receipt file (spec/tracker.md §2), written and read here only: the receipt the
 * server answered to the cast (spec/server-api.md §5.4) — election id, confirmation code, log
 * index, leaf hash, signed tree head and inclusion proof, every other field kept as received —
 * plus `logPublicKey`, the log key the voter page pinned when it loaded the election (a source
 * other than the server that answers later). Also read: the tracking lookup's answer
 * `{receipt, …}` with `logPublicKey` beside it. The voter page writes it, `evident-track
 * --receipt` and the tracker page read it. Pure and browser-safe; only the shape is checked here,
 * signatures and proofs by the tracker.
 * @module
 */
import { type SignedTreeHead, toHex } from '@evident/e2e-crypto';

/** A receipt as kept by the voter. */
export interface KeptReceipt {
  readonly electionId: string;
  readonly confirmationCode: string;
  readonly logIndex: number;
  readonly leafHash: string;
  readonly treeHead: SignedTreeHead;
  readonly inclusionProof: readonly string[];
  /** the log key kept with the receipt (hex), when there is one */
  readonly logPublicKey?: string;
}

/** Why a file is not what it should be: the field at fault (`JSON` for the whole text) and what it must be. */
export interface FileFault {
  readonly fault: string;
  readonly must: string;
}

/** The receipt as the server answered it: the fields named here, and every other one, kept as received. */
export interface ServerReceipt {
  readonly electionId: string;
  readonly confirmationCode: string;
}

const isObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);
const HEX64 = /^[0-9a-fA-F]{64}$/;

/** The parsed JSON object of `text`, or undefined when it is not one. */
export function jsonObject(text: string): Record<string, unknown> | undefined {
  try {
    const v: unknown = JSON.parse(text);
    return isObject(v) ? v : undefined;
  } catch {
    return undefined;
  }
}

/** The receipt in a receipt file's text, or the field at fault. */
export function parseReceiptFile(text: string): KeptReceipt | FileFault {
  const outer = jsonObject(text);
  if (!outer) return { fault: 'JSON', must: 'a JSON object' };
  const r = isObject(outer.receipt) ? outer.receipt : outer;
  const bad = (fault: string, must: string): FileFault => ({ fault, must });
  if (typeof r.electionId !== 'string') return bad('electionId', 'a string');
  if (typeof r.confirmationCode !== 'string' || !HEX64.test(r.confirmationCode))
    return bad('confirmationCode', 'a tracking code (64 hex digits)');
  if (typeof r.logIndex !== 'number' || !Number.isSafeInteger(r.logIndex) || r.logIndex < 0)
    return bad('logIndex', 'a non-negative integer');
  if (typeof r.leafHash !== 'string') return bad('leafHash', 'a hex string');
  if (!isObject(r.treeHead)) return bad('treeHead', 'a signed tree head');
  const size = r.treeHead.treeSize;
  if (typeof size !== 'number' || !Number.isSafeInteger(size) || size <= r.logIndex)
    return bad('treeHead.treeSize', 'an integer above logIndex');
  if (!Array.isArray(r.inclusionProof) || !r.inclusionProof.every((h) => typeof h === 'string'))
    return bad('inclusionProof', 'an array of hex strings');
  const key = r.logPublicKey ?? outer.logPublicKey;
  if (key !== undefined && (typeof key !== 'string' || !HEX64.test(key.trim())))
    return bad('logPublicKey', '64 hex digits (an Ed25519 public key)');
  return {
    electionId: r.electionId,
    confirmationCode: r.confirmationCode,
    logIndex: r.logIndex,
    leafHash: r.leafHash,
    treeHead: r.treeHead as unknown as SignedTreeHead,
    inclusionProof: r.inclusionProof as string[],
    ...(key !== undefined ? { logPublicKey: key } : {}),
  };
}

/** True when a parse gave a fault rather than a value. */
export const isFileFault = <T extends object>(v: T | FileFault): v is FileFault =>
  typeof (v as { fault?: unknown }).fault === 'string';

/**
 * The text of the receipt file: the receipt's own fields, then `logPublicKey` (upper-case hex).
 * @param logPublicKey - the log key the page pinned (32 bytes)
 */
export function receiptFileText(receipt: ServerReceipt, logPublicKey: Uint8Array): string {
  // the pinned key, over any `logPublicKey` the server might have slipped into its answer
  return JSON.stringify({ ...receipt, logPublicKey: toHex(logPublicKey) }, null, 2) + '\n';
}

/** A file name that says what the file is: `evident-receipt-<election>-<code's first 12>.json`. */
export function receiptFileName(receipt: ServerReceipt): string {
  const safe = (s: string) => s.replace(/[^A-Za-z0-9_-]/g, '_');
  return `evident-receipt-${safe(receipt.electionId)}-${safe(receipt.confirmationCode.slice(0, 12))}.json`;
}
