/**
 * The receipt file the voter page offers to keep (spec/tracker.md §2): the server's receipt
 * exactly as it answered (spec/server-api.md §5.4) plus `logPublicKey`, the log key this page
 * checked the receipt under — the key the page pinned when it loaded the election, not one
 * fetched afresh when the file is made. The server's receipt carries no key; with this file
 * `evident-track --receipt FILE` checks the ballot later under the same key, whatever the server
 * answers then. Pure functions: the page makes the download link.
 * @module
 */
import { toHex } from '@evident/e2e-crypto';

/** The receipt as the server answered it: the fields named here, and every other one, kept as received. */
export interface ServerReceipt {
  readonly electionId: string;
  readonly confirmationCode: string;
}

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
