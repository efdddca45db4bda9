/**
 * The receipt file the voter page offers to keep (spec/tracker.md §2): the server's receipt
 * exactly as it answered plus `logPublicKey`, the log key this page pinned when it loaded the
 * election. Written by `@evident/record/board` (receipt-file.ts), the one module that also reads
 * it for `evident-track --receipt` and the tracker page.
 * @module
 */
export { receiptFileName, receiptFileText, type ServerReceipt } from '@evident/record/board';
