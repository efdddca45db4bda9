/**
 * What every route plugin shares: the store, the writer, the logs, the verifier, the clock.
 * @module
 */
import type { ElectionLogs } from './board/election-logs.js';
import type { Writer } from './board/writer.js';
import type { RouteAuth } from './auth/authenticate-first.js';
import type { IdentityProvider } from './identity/identity-provider.js';
import type { ServerLimits } from './limits/limits.js';
import type { StreamGate } from './limits/stream-gate.js';
import type { RefusalBurstRule } from './monitoring/refusal-burst.js';
import type { ServerMetrics } from './monitoring/server-metrics.js';
import type { Store } from './store/store.js';
import type { BallotVerifier } from './verify/verifier.js';

/** The server's shared state. */
export interface ServerContext {
  readonly store: Store;
  readonly writer: Writer;
  readonly logs: ElectionLogs;
  readonly verifier: BallotVerifier;
  readonly identity: IdentityProvider | undefined;
  /** The clock (ms since the epoch); injectable for tests of scheduled closing. */
  readonly now: () => number;
  /** Timers of scheduled closes, by election. */
  readonly closeTimers: Map<string, NodeJS.Timeout>;
  /** Body sizes, stream caps, page sizes, timeouts (spec/server-api.md §10). */
  readonly limits: ServerLimits;
  /** Admission and back-pressure of the event streams. */
  readonly streams: StreamGate;
  /** Security metrics (Prometheus registry of this app). */
  readonly metrics: ServerMetrics;
  /** The anomaly rule on refused ballot submissions per address. */
  readonly refusalBursts: RefusalBurstRule;
  /**
   * The app's own folder for large files it writes (spooled answers, spec/server-api.md §6.5),
   * removed when the app closes.
   */
  readonly spoolDir: string;
  /** Every route that checks a role, as registered (all of them before the body is read). */
  readonly authenticatedRoutes: readonly RouteAuth[];
}
