/**
 * A node's side of the store's change feed (spec/server-api.md §6.6): on every notice of a commit
 * (this node's or another's), the node's trees and heads catch up (so tree heads, proofs, board
 * pages and the results stream show other nodes' entries within the notice delay), the timers of
 * scheduled closes are re-armed from the stored schedule, and the results stream is told that
 * private rows (check-ins) may have changed.
 * @module
 */
import type { ServerContext } from '../context.js';
import { armCloseTimer } from '../elections/election-actions.js';
import { noteCheckIns } from '../stations/check-in-counts.js';

/**
 * Follows the store's commits for `ctx`; notices that arrive while one is handled are handled
 * together next.
 * @returns a function that stops following
 */
export function followCommits(ctx: ServerContext): () => void {
  let due = new Set<string>();
  let running = false;
  /** Each log's size at the previous notice: a notice that changed no log may be check-ins. */
  const sizes = new Map<string, number>();
  const run = async (): Promise<void> => {
    running = true;
    try {
      while (due.size > 0) {
        const ids = [...due];
        due = new Set();
        await ctx.logs.exclusive(() => ctx.logs.catchUp(ids));
        for (const id of ids) {
          const e = await ctx.store.getElection(id);
          if (!e) continue;
          armCloseTimer(ctx, e);
          // a check-in taken elsewhere changes no log: the stream's snapshot is due all the same
          const size = ctx.logs.get(id)?.size ?? 0;
          if (sizes.get(id) === size) noteCheckIns(ctx, id);
          sizes.set(id, size);
        }
      }
    } catch {
      // the store is unreachable: the next notice (or the next batch's catch-up) tries again
    } finally {
      running = false;
    }
  };
  return ctx.store.onCommit((ids) => {
    for (const id of ids) due.add(id);
    if (!running) void run();
  });
}
