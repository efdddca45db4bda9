/**
 * Retry delays: exponential backoff with full jitter — a delay drawn uniformly in
 * [0, min(cap, base · 2^attempt)) — so that stations coming back online together do not knock
 * on the server in step (spec/stations.md §10).
 * @module
 */

/** Backoff parameters. */
export interface Backoff {
  /** the first ceiling, ms */
  readonly baseMs: number;
  /** the largest ceiling, ms */
  readonly capMs: number;
}

/** The station's default: 0.5 s doubling up to 60 s. */
export const DEFAULT_BACKOFF: Backoff = Object.freeze({ baseMs: 500, capMs: 60_000 });

/**
 * The delay before retry number `attempt` (0 for the first retry).
 * @param random - uniform in [0, 1) (default Math.random: the jitter needs no secrecy)
 */
export function backoffDelay(
  attempt: number,
  b: Backoff = DEFAULT_BACKOFF,
  random: () => number = Math.random,
): number {
  const ceiling = Math.min(b.capMs, b.baseMs * 2 ** Math.min(attempt, 30));
  return Math.floor(random() * ceiling);
}
