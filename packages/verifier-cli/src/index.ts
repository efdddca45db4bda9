/**
 * @evident/verifier-cli — `evident-verify` and its library form (spec/verification.md).
 * @module
 */
export * from './report.js';
export { verifyRecord, UnreadableError, type VerifyRecordOptions } from './verify.js';
export { detectFormat } from './verify-here.js';
export { verifyEvidentRecord, type VerifyOptions } from './evident/verify-evident.js';
export { main, formatReport, type CliIo } from './cli.js';
export { checkBoardLog, checkBoard, type BoardOutcome } from './log-check.js';
export type { FinalResult, OptionResult, StationResult, DistrictResult } from './paper/final-result.js';
