/**
 * @evident/trustee-cli — the `evident-trustee` command (key ceremony and threshold decryption,
 * file based). The programmatic entry `run` and the file codecs are exported for tests and tools.
 * @module
 */
export { run, type Streams } from './program.js';
export { EXIT, TrusteeError } from './errors.js';
export { silentIO, type CommandIO, type CommandResult } from './io.js';
export { readCeremony, makeCeremony, ceremonyJson, type Ceremony } from './files/ceremony-file.js';
export { readElectionKey, keyShareCommitments, type ElectionKey } from './files/election-key.js';
export {
  requestJson,
  readRequest,
  type RequestItem,
  type DecryptionRequest,
} from './files/decryption-files.js';
export { type BoardView, checkedView } from './checks/board-view.js';
export { boardTargets } from './checks/board-targets.js';
export { type StageSource, withStageFiles } from './checks/board-stages.js';
export { compareTargets } from './checks/decryption-targets.js';
export { proveStageOnFiles, type StageJob } from './commands/mix-stage-files.js';
