/**
 * `@evident/ballot-tracker`: a voter's check of a tracking code against a server's bulletin
 * board (spec/tracker.md). The command is `evident-track` (cli.ts).
 * @module
 */
export { ballotState, findBallot, type BallotState, type TrackedBallot } from '@evident/record/board';
export * from './kept-head-file.js';
export * from './receipt-file.js';
export * from './track-error.js';
export * from './track.js';
export { describeReport } from './describe-report.js';
export { main } from './cli.js';
export { checkPostedSheet, type SheetCheckAnswer, type SheetCheckOptions } from './sheet-check.js';
