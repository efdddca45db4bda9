/**
 * A per-election state object kept as JSON in the store's `meta` table under `<prefix>:<election>`
 * and staged in the writer (`Tx.get`/`Tx.set`), so that the jobs of one batch see each other's
 * changes before the commit. The decryption state (tally/decryption-state.ts) and the mix state
 * (ranked/ranked-state.ts) are two of them.
 * @module
 */
import type { Tx } from '../board/writer.js';
import type { ServerContext } from '../context.js';

/** The three ways to reach one kind of state. */
export interface MetaState<T> {
  /** Reads the state (outside the writer); undefined when none was saved. */
  read(ctx: ServerContext, id: string): Promise<T | undefined>;
  /** Reads the state inside a writer job (a copy of what earlier jobs of the batch staged, else the stored one). */
  staged(ctx: ServerContext, tx: Tx, id: string): Promise<T | undefined>;
  /** Stages the new state and its write to the store. */
  save(tx: Tx, id: string, s: T): void;
}

/**
 * The state kept under `<prefix>:<election>`.
 * @param prefix - the meta key's prefix, e.g. `decryption`
 */
export function metaState<T>(prefix: string): MetaState<T> {
  const key = (id: string): string => `${prefix}:${id}`;
  const read = async (ctx: ServerContext, id: string): Promise<T | undefined> => {
    const v = await ctx.store.getMeta(key(id));
    return v ? (JSON.parse(v) as T) : undefined;
  };
  return {
    read,
    async staged(ctx, tx, id) {
      const staged = tx.get(key(id)) as T | undefined;
      if (staged) return structuredClone(staged);
      return read(ctx, id);
    },
    save(tx, id, s) {
      tx.set(key(id), s);
      tx.mutate({ kind: 'meta', key: key(id), value: JSON.stringify(s) });
    },
  };
}
