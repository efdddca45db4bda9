/**
 * @evident/server — the reference server: bulletin board (RFC 9162 transparency log), online
 * voting with credentials and revoting, election lifecycle (spec/server-api.md).
 * @module
 */
export { buildApp, type AppOptions } from './app.js';
export { openSqliteStore, type SqliteStoreOptions } from './store/sqlite-store.js';
export type * from './store/store.js';
export { ApiError, ERROR_STATUS, type ErrorCode } from './errors.js';
export {
  testIdentityProvider,
  type IdentityProvider,
  type VerifiedIdentity,
} from './identity/identity-provider.js';
export { inlineVerifier, workerVerifier, type BallotVerifier } from './verify/verifier.js';
export type { BallotSubmission } from './verify/ballot-check.js';
export type { Receipt } from './ballots/cast.js';
