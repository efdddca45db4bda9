/**
 * ElectionGuard 2.0 interoperability of `evident-verify`: reads egk's JSON election records and
 * runs EG 2.0 Verifications 1–18 (spec/verification-eg2.md).
 * @module
 */
export {
  verifyElectionGuardRecord,
  isElectionGuardRecord,
  STEP_TITLES,
  type Eg2VerifyOptions,
} from './verify-record.js';
export { UnreadableRecordError } from './json-node.js';
