/**
 * `@evident/polling-station`: the polling-station app `evident-station` (spec/stations.md).
 * @module
 */
export { main } from './cli.js';
// paper ballots, the marking device and counting (spec/stations.md §3, §5, §7)
export {
  blankBallotCodes,
  bmdBallotCode,
  ballotQrPng,
  freshSerial,
  BALLOT_QR_LEVEL,
} from './ballots/ballot-qr.js';
export { blankBallotsPdf, bmdBallotPdf } from './ballots/ballot-pdf.js';
export { initPrintingKey, openPrintingKey, PRINTING_KEY_FORMAT } from './ballots/printing-key.js';
export { registerBmdPages, type BmdContext } from './bmd/bmd-pages.js';
export { bmdCode, readChoices } from './bmd/bmd-marks.js';
export { ensureCountTables } from './count/count-tables.js';
export {
  CLOCK_TOLERANCE_MS,
  decideCountingStart,
  wallTime,
  type ClockOverride,
} from './count/clock-policy.js';
export {
  startCounting,
  finishCounting,
  reopenCounting,
  reconciliation,
  countedBallots,
  countSession,
} from './count/counting-session.js';
export { scanBallot, enterMarks, rejectionCounts, type ScanResult } from './count/scan-ballot.js';
export {
  makeSheet,
  correctSheet,
  stationSheets,
  buildSheet,
  type MadeSheet,
  type Witness,
} from './count/tally-sheet-make.js';
export { registerCountPages, type CountPagesContext } from './count/count-pages.js';
export { CountError, type CountErrorCode } from './count/count-error.js';
export type { CountEnv, StationIdentity, StationCoreDeps } from './count/station-env.js';
export { countEnvOf, identityFromBundle, stationCoreDeps } from './count/station-context.js';
