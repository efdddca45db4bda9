/**
 * Live turnout per polling station for the results (spec/server-api.md §12.3 `paper.checkIns`):
 * how many check-ins each station has taken, read from the store, and a per-election change
 * counter that the check-in route bumps when it accepts some, so that the results stream
 * (routes/results.ts) knows a new snapshot is due although the board did not grow (an accepted
 * check-in is private: only a cancellation it causes is a board entry).
 * The counter lives in this process; on several nodes the store's change feed bumps it too
 * (board/commit-feed.ts), so a check-in taken on another node shows within the notice delay.
 * @module
 */
import type { ServerContext } from '../context.js';

/** Per context (one app), per election: how many times accepted check-ins were noted. */
const changes = new WeakMap<ServerContext, Map<string, number>>();

/** Notes that check-ins of election `id` were accepted (a new snapshot is due). */
export function noteCheckIns(ctx: ServerContext, id: string): void {
  let m = changes.get(ctx);
  if (!m) changes.set(ctx, (m = new Map()));
  m.set(id, (m.get(id) ?? 0) + 1);
}

/** How many times accepted check-ins of election `id` were noted since start. */
export function checkInsVersion(ctx: ServerContext, id: string): number {
  return changes.get(ctx)?.get(id) ?? 0;
}

/** The check-ins taken so far by each station of election `id` that took any. */
export function checkInCounts(ctx: ServerContext, id: string): Promise<Record<string, number>> {
  return ctx.store.checkInsByStation(id);
}
