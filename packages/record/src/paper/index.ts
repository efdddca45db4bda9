export * from './tally-sheet.js';
export * from './tally-sheet-check.js';
export * from './cvrs.js';
export * from './stations-expected.js';
export * from './ballot-token.js';
export * from './paper-entries.js';
export * from './sheet-parts.js';
export * from './check-in-document.js';
