export * from './tally-sheet.js';
export * from './cvrs.js';
export * from './ballot-token.js';
export * from './paper-entries.js';
export * from './sheet-parts.js';
