/**
 * Evident's load generators and benchmarks, kept out of the published packages: `npm run bench:*` scripts run the compiled files of this workspace. The throwaway
 * PostgreSQL cluster (pg-cluster.ts) is exported for the tests' support code too.
 * @module
 */
export { freePort, pgBinDir, startPgCluster, type PgCluster, type PgClusterOptions } from './pg-cluster.js';
export { openBenchDb, pgSettings, processTreeCpuMs, type BenchDb, type PgInfo } from './bench-db.js';
