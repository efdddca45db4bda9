/**
 * Anomaly rule "a burst of refused ballots from one address" (spec/server-api.md §6.4): one
 * client address whose ballot submissions are refused {@link REFUSAL_BURST_THRESHOLD} times within
 * {@link REFUSAL_BURST_WINDOW_MS} raises one alert, and no other from that address until the
 * window that raised it has passed. A voter who mistypes a few times stays far below it; a script
 * trying credentials or replaying ballots does not.
 * @module
 */

/** Refused ballot submissions from one address that make a burst. */
export const REFUSAL_BURST_THRESHOLD = 20;
/** The window the refusals of a burst fall in (ms). */
export const REFUSAL_BURST_WINDOW_MS = 60_000;
/** Addresses followed at once; past it the quietest are forgotten, so a spread flood stays bounded. */
const MAX_ADDRESSES = 10_000;

/** The rule's state. */
export interface RefusalBurstRule {
  /**
   * Notes one refusal from `address` at `time` (ms).
   * @returns the number of refusals in the window when this one raises an alert, else undefined
   */
  observe(address: string, time: number): number | undefined;
}

/** A rule with the given threshold and window (defaults: the named constants). */
export function refusalBurstRule(
  threshold = REFUSAL_BURST_THRESHOLD,
  windowMs = REFUSAL_BURST_WINDOW_MS,
): RefusalBurstRule {
  if (!Number.isInteger(threshold) || threshold < 1)
    throw new RangeError('threshold must be a positive integer');
  if (!(windowMs > 0)) throw new RangeError('windowMs must be positive');
  // per address: the times of its latest refusals (at most `threshold`) and of its last alert
  const seen = new Map<string, { times: number[]; alertedAt: number }>();
  return {
    observe(address, time) {
      let s = seen.get(address);
      if (!s) {
        if (seen.size >= MAX_ADDRESSES) forgetQuiet(seen, time - windowMs);
        s = { times: [], alertedAt: -Infinity };
        seen.set(address, s);
      }
      s.times.push(time);
      while (s.times.length > 0 && s.times[0]! <= time - windowMs) s.times.shift();
      if (s.times.length > threshold) s.times.shift();
      if (s.times.length < threshold || time - s.alertedAt < windowMs) return undefined;
      s.alertedAt = time;
      return s.times.length;
    },
  };
}

/** Drops the addresses with no refusal since `since` (or, if none is quiet, the oldest one). */
function forgetQuiet(seen: Map<string, { times: number[] }>, since: number): void {
  for (const [a, s] of seen) if ((s.times[s.times.length - 1] ?? -Infinity) <= since) seen.delete(a);
  if (seen.size >= MAX_ADDRESSES) seen.delete(seen.keys().next().value!);
}
