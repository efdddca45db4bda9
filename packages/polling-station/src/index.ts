/**
 * `@evident/polling-station`: the polling-station app `evident-station` (spec/stations.md).
 * @module
 */
export { main } from './cli.js';
