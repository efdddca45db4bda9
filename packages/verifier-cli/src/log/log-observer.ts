/**
 * A check that follows the log entry by entry, in the one L1 pass over `board/log.jsonl`
 * (./read-log.ts): the lifecycle order (L4, ./lifecycle.ts) and the credential checks C1 and C5
 * (./credential-checks.ts) see each entry once, so a million-ballot log is read once.
 * @module
 */
import type { Json } from './log-summary.js';

/** One check over the log's entries, in log order. */
export interface LogObserver {
  /**
   * An entry that is a JSON object with a string `type` (L1.A).
   * @param index - its 0-based log index
   * @param at - its location, `board/log.jsonl:<line>`
   */
  entry(e: Json & { type: string }, index: number, at: string): void;
  /** After the last entry. */
  end(): void;
}
