/**
 * `@evident/server/testing`: the server's test fixtures for the private load and benchmark
 * workspace (`@evident/load`) — a local election, signed station sheets, the ballot client and
 * generator, the compiled server as a child process and a minimal keep-alive HTTP client. Not
 * an API for deployments: it may change with any release.
 * @module
 */
export { injectCall, setUpElection, type LocalElection, type Call } from './local-election.js';
export { countedSheet, paperManifest, registerStationKey, signSheet } from './station-sheets.js';
export { ballotClient, deviceOf, type BallotClient, type ClientElection } from '../client/ballot-client.js';
export * from './http.js';
export * from './dos-probes.js';
export * from './synthetic-results.js';
export * from './display-soak.js';
export * from './load-generator.js';
export * from './raw-http.js';
