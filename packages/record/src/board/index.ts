/**
 * `@evident/record/board`: the bulletin board's pure, browser-safe part (spec/bulletin-board.md,
 * spec/tracker.md) — checking entries against a signed head, the counted-ballots rule, a ballot's
 * state, entry receipts, the voter's receipt and kept-head files, the entries of one credential.
 * Nothing here reads files or loads schemas, so the tracker page bundles it as `evident-track`
 * runs it: one definition of each.
 * @module
 */
export * from './ballot-state.js';
export * from './board-reader.js';
export * from './counted-ballots.js';
export * from './credential-entries.js';
export * from './entry-receipt.js';
export * from './head-consistency.js';
export * from './kept-head-file.js';
export * from './receipt-file.js';
