/**
 * `@evident/server/testing`: the server's test kit for the private load and benchmark workspace
 * (`@evident/load`) — a local election set up and decrypted through the HTTP API with simulated
 * guardians, signed station sheets, the ballot client and generator, the compiled server as a
 * child process and a minimal keep-alive HTTP client. Not for production (the guardians' secrets
 * live in the calling process), and not an API for deployments: it may change with any release.
 * @module
 */
export { ballotClient, deviceOf, type BallotClient, type ClientElection } from '../client/ballot-client.js';
export {
  initializedJson,
  injectCall,
  mustCall,
  setUpElection,
  simpleManifest,
  type Call,
  type LocalElection,
  type SetUpOptions,
} from './local-election.js';
export { closeAndDecrypt, decryptRounds, publicationEnded } from './run-election.js';
export { simulatedGuardian, type SimulatedGuardian } from './trustee-sim.js';
export type { BallotSubmission } from '../verify/ballot-check.js';
export { countedSheet, paperManifest, registerStationKey, signSheet } from './station-sheets.js';
export * from './http.js';
export * from './dos-probes.js';
export * from './synthetic-results.js';
export * from './display-soak.js';
export * from './load-generator.js';
export * from './raw-http.js';
export { measurePublication, type PublicationRun } from './publish-probe.js';
export { adoptStageFiles, storeStageFiles } from '../ranked/stage-file-store.js';
export { rankedRequestDigest, storedChunks, writeRankedRequest } from '../ranked/ranked-request.js';
export { openStore } from '../store/open-store.js';
export { requestToPost, type PreparedRequest } from '../ranked/ranked-request-post.js';
export type { RankedState } from '../ranked/ranked-state.js';
