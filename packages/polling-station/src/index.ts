/**
 * `@evident/polling-station`: the polling-station app `evident-station` (spec/stations.md).
 * The core other parts of the station build on: the database and audit trail, poll workers,
 * the sealed station key, the provisioned bundle and receipt checks, the outbox and sync loop,
 * the clock offset and the web UI's frame.
 * @module
 */
export { main, program } from './cli.js';
export { StationError } from './station-error.js';
export * from './store/station-db.js';
export {
  addWorker,
  listWorkers,
  requireWorker,
  signIn,
  type SignIn,
  type Worker,
} from './workers/workers.js';
export { classifyWorkerSecret, type WorkerSecretKind } from './workers/worker-secret.js';
export { createSession, endSession, sessionOf, type Session } from './workers/sessions.js';
export * from './keys/station-key.js';
export { readSecretInput, stationPassphrase, PASSPHRASE_ENV } from './keys/passphrase.js';
export { checkBundle, type BundleFinding, type RollVoter, type StationBundle } from './provision/bundle.js';
export {
  checkReceipt,
  type EntryReceipt,
  type ReceiptCheck,
  type ReceiptContext,
} from './provision/receipt.js';
export {
  provisionStation,
  requireBundle,
  serverSettings,
  storedBundle,
  type StoredBundle,
} from './provision/provision.js';
export * from './pollbook/check-in.js';
export * from './pollbook/close.js';
export * from './sync/outbox.js';
export * from './sync/clock.js';
export * from './sync/backoff.js';
export {
  lastSync,
  runSync,
  syncOnce,
  type LoopOptions,
  type SyncPass,
  type SyncTarget,
} from './sync/sync-loop.js';
export { stationSyncTarget } from './sync/sync-target.js';
export {
  httpTransport,
  TransportError,
  type HttpAnswer,
  type HttpCall,
  type Transport,
} from './sync/transport.js';
export {
  buildStationUi,
  serveStationUi,
  UI_HOST,
  type PageRegistrar,
  type StationUiContext,
  type StationUiOptions,
} from './ui/station-ui.js';
export { esc, page, type Frame, type NavLink } from './ui/html.js';
export { currentSession, formBody, postSession, viewSession } from './ui/session-guard.js';
export { stationStatus } from './ui/status-page.js';
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
// the sheet's QR codes and printed report, reading codes from photos (spec/stations.md §3, §6)
export { sheetQrPngs } from './sheet/sheet-qr.js';
export { sheetPdf } from './sheet/sheet-pdf.js';
export { readCodes, type ScannedCode } from './scan/read-codes.js';
export { photographCodes, DEGRADATIONS, type Degradation } from './scan/degrade.js';
export { seededRandom } from './scan/photo-ops.js';
// an observer's check of a posted sheet from photos of its codes (spec/stations.md §6)
export {
  sheetRead,
  type PhotoSummary,
  type SheetReadOptions,
  type SheetReadReport,
  type SheetVerdict,
} from './sheet-read/read-sheet.js';
export { reportText as sheetReportText } from './sheet-read/sheet-read-command.js';
export { SheetReadError } from './sheet-read/sheet-read-error.js';
