/**
 * Checks of whole log entries (L3.H openings of challenged ballots, L3.K guardian uploads) in
 * batches, as plain-data tasks: in the verification's worker threads when a runner is given, so
 * that the L1 pass reads on while they are checked, else in this thread. Either way the findings
 * are reported at {@link EntryQueue.flush}, in log order, so that they are the same with and
 * without workers.
 * @module
 */
import type { Collector } from './log-summary.js';
import { taskQueue } from './task-queue.js';

/** A failure of an entry check, `where` already naming the log line. */
export interface EntryFinding {
  readonly check: string;
  readonly where: string;
  readonly message: string;
}

/** Runs a task somewhere (a worker thread). */
export type EntryRunner<T> = (task: T) => Promise<EntryFinding[]>;

/** The queue of {@link entryQueue}. */
export interface EntryQueue<T> {
  /**
   * Queues an item; `make` turns the batch's items into its task, `group` is what the batch's
   * items share (a change of group closes the batch).
   */
  add<I>(item: I, make: (items: I[]) => T, group: unknown): Promise<void>;
  /** Checks what is queued and reports every failure on `step`, in log order. */
  flush(step: Collector): Promise<void>;
}

/**
 * A queue of batches of `size` items.
 * @param local - the check in this thread
 * @param run - where batches run (default: `local` in this thread)
 */
export function entryQueue<T>(
  size: number,
  local: (task: T) => EntryFinding[],
  run?: EntryRunner<T>,
): EntryQueue<T> {
  const queue = taskQueue(size, local, run);
  return {
    add: (item, make, group) => queue.add(item, make, group),
    async flush(step) {
      for (const r of await queue.drain()) for (const f of r) step.fail(f.check, f.where, f.message);
    },
  };
}
