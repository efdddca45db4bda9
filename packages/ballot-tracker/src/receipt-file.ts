/**
 * The voter's receipt file (spec/tracker.md §2): the receipt the server answered to the cast
 * (spec/server-api.md §5.4) — election id, confirmation code, log index, leaf hash, signed tree
 * head and inclusion proof —, optionally with `logPublicKey`, the log key the voter kept with it
 * from a source other than the server that answers. Also accepted: the tracking lookup's answer
 * `{receipt, …}` with `logPublicKey` beside it.
 * @module
 */
import { readFileSync } from 'node:fs';
import type { SignedTreeHead } from '@evident/e2e-crypto';
import { TrackError } from './track-error.js';

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

const isObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

/**
 * Reads a receipt file. Only the shape is checked here; signatures and proofs are the tracker's.
 * @throws {TrackError} `usage`, naming the file and the field at fault
 */
export function readReceiptFile(path: string): KeptReceipt {
  let json: unknown;
  try {
    json = JSON.parse(readFileSync(path, 'utf8'));
  } catch (e) {
    const why =
      e instanceof SyntaxError ? 'is not JSON' : `cannot be read (${(e as NodeJS.ErrnoException).code})`;
    throw new TrackError('usage', `${path} ${why}`);
  }
  const outer = isObject(json) ? json : {};
  const r = isObject(outer.receipt) ? outer.receipt : outer;
  const bad = (field: string, what: string) => new TrackError('usage', `${path}: ${field} must be ${what}`);
  if (typeof r.electionId !== 'string') throw bad('electionId', 'a string');
  if (typeof r.confirmationCode !== 'string') throw bad('confirmationCode', 'a string');
  if (typeof r.logIndex !== 'number' || !Number.isSafeInteger(r.logIndex) || r.logIndex < 0)
    throw bad('logIndex', 'a non-negative integer');
  if (typeof r.leafHash !== 'string') throw bad('leafHash', 'a hex string');
  if (!isObject(r.treeHead)) throw bad('treeHead', 'a signed tree head');
  const size = r.treeHead.treeSize;
  if (typeof size !== 'number' || !Number.isSafeInteger(size) || size <= r.logIndex)
    throw bad('treeHead.treeSize', 'an integer above logIndex');
  if (!Array.isArray(r.inclusionProof) || !r.inclusionProof.every((h) => typeof h === 'string'))
    throw bad('inclusionProof', 'an array of hex strings');
  const key = r.logPublicKey ?? outer.logPublicKey;
  if (key !== undefined && typeof key !== 'string') throw bad('logPublicKey', 'a hex string');
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
