/**
 * When each station was last heard from, read from the store (so that every node of a cluster,
 * and a restarted one, says the same): the latest check-in it sent (its `received_at`) and the
 * latest of its sheets on the board (the `station-sheet` entry's time). The sync-lag gauge of
 * the Prometheus metrics (spec/server-api.md §6.4) is computed from it when scraped.
 * @module
 */
import type { ServerContext } from '../context.js';
import { paperIndex } from '../sheets/paper-index.js';

/** A station and when it was last heard from (ms, the server's clock). */
export interface StationHeard {
  readonly electionId: string;
  readonly station: string;
  readonly time: number;
}

/** Every station heard from, in any election. */
export async function stationsLastHeard(ctx: ServerContext): Promise<StationHeard[]> {
  const heard = new Map<string, StationHeard>();
  const note = (electionId: string, station: string, time: number) => {
    const key = JSON.stringify([electionId, station]);
    const was = heard.get(key);
    if (!was || was.time < time) heard.set(key, { electionId, station, time });
  };
  for (const c of await ctx.store.lastCheckIns()) note(c.electionId, c.station, c.receivedAt);
  for (const e of await ctx.store.listElections()) {
    if (!ctx.logs.get(e.id)) continue;
    const ix = await paperIndex(ctx, e.id);
    for (const [station, chain] of ix.chains) for (const s of chain) note(e.id, station, s.time);
  }
  return [...heard.values()];
}
