/**
 * The server's test kit for the private workspaces (`@evident/server/testing`, used by
 * `@evident/load`): the voter client, an election set up and decrypted through the HTTP API with
 * simulated guardians. Not for production: the guardians' secrets live in the calling process.
 * @module
 */
export { ballotClient, deviceOf, type BallotClient, type ClientElection } from '../client/ballot-client.js';
export {
  initializedJson,
  mustCall,
  setUpElection,
  simpleManifest,
  type Call,
  type LocalElection,
  type SetUpOptions,
} from './local-election.js';
export { closeAndDecrypt, decryptRounds } from './run-election.js';
export { simulatedGuardian, type SimulatedGuardian } from './trustee-sim.js';
export type { BallotSubmission } from '../verify/ballot-check.js';
