/**
 * A state derived from an election's committed board: a fold of the entries of a few types, read
 * through the store's index on the entry type (`Store.typedLogEntries`) — each entry once, caught
 * up before every use — so that the board stays the one source of truth and the state is never a
 * second copy that could disagree with it. The writer's jobs add what their own batch appended
 * (not yet in the store) on top of a copy of it: see `stations/station-state.ts`.
 * @module
 */
import type { ServerContext } from '../context.js';

const decoder = new TextDecoder();
/** Entries read from the store per query while catching up. */
const PAGE = 256;

/** A fold over the entries of some types. */
export interface BoardFold<S> {
  /**
   * The state of election `id`'s committed board (concurrent callers share one catch-up). The
   * object is shared and kept: callers must not change it (copy it first).
   */
  committed(ctx: ServerContext, id: string): Promise<S>;
}

interface Folded<S> {
  /** entries read: [0, scanned) */
  scanned: number;
  readonly state: S;
}

interface Cache<S> {
  readonly byElection: Map<string, Folded<S>>;
  readonly pending: Map<string, Promise<void>>;
}

/**
 * A fold of the entries of `types`.
 * @param types - the entry types read (no other entry is read)
 * @param empty - the state of a board without such entries
 * @param apply - adds one parsed entry (of a type in `types`) at log index `index`
 */
export function boardFold<S>(
  types: readonly string[],
  empty: () => S,
  apply: (s: S, index: number, entry: Record<string, unknown>) => void,
): BoardFold<S> {
  /** Per store: several apps may share a process (tests). */
  const caches = new WeakMap<object, Cache<S>>();
  const cacheOf = (ctx: ServerContext): Cache<S> => {
    let c = caches.get(ctx.store);
    if (!c) caches.set(ctx.store, (c = { byElection: new Map(), pending: new Map() }));
    return c;
  };
  const sizeOf = (ctx: ServerContext, id: string): number => ctx.logs.get(id)?.size ?? 0;

  async function catchUp(ctx: ServerContext, id: string, f: Folded<S>): Promise<void> {
    const size = sizeOf(ctx, id);
    for (;;) {
      const rows = await ctx.store.typedLogEntries(id, types, f.scanned, size, PAGE);
      for (const r of rows) {
        apply(f.state, r.index, JSON.parse(decoder.decode(r.entry)) as Record<string, unknown>);
        f.scanned = r.index + 1;
      }
      if (rows.length < PAGE) break;
    }
    f.scanned = Math.max(f.scanned, size);
  }

  async function committed(ctx: ServerContext, id: string): Promise<S> {
    const c = cacheOf(ctx);
    let f = c.byElection.get(id);
    if (!f) c.byElection.set(id, (f = { scanned: 0, state: empty() }));
    if (f.scanned >= sizeOf(ctx, id)) return f.state;
    let p = c.pending.get(id);
    if (!p) {
      p = catchUp(ctx, id, f).finally(() => c.pending.delete(id));
      c.pending.set(id, p);
    }
    await p;
    // entries committed while that catch-up ran: one more pass
    return f.scanned >= sizeOf(ctx, id) ? f.state : committed(ctx, id);
  }

  return { committed };
}
