/**
 * Reading a bulletin-board entry back as JSON (spec/bulletin-board.md §2): the decryption and
 * mix sessions read the requests, uploads, inputs and stages they posted. Entries never change
 * once written, so their parsed JSON is cached, per store (several apps may share a process).
 * @module
 */
import type { ServerContext } from '../context.js';
import { ApiError } from '../errors.js';

const decoder = new TextDecoder();

/** Parsed entries by store, keyed `<election>#<index>`. */
const caches = new WeakMap<object, Map<string, Record<string, unknown>>>();
/** Entries cached per store before the cache starts over. */
const CACHE_LIMIT = 20_000;

/**
 * A board entry, parsed (cached).
 * @param index - the entry's log index
 * @throws {ApiError} EVD_ERR_INTERNAL when the entry is missing
 */
export async function boardEntry(
  ctx: ServerContext,
  id: string,
  index: number,
): Promise<Record<string, unknown>> {
  let cache = caches.get(ctx.store);
  if (!cache) caches.set(ctx.store, (cache = new Map()));
  const k = `${id}#${index}`;
  const hit = cache.get(k);
  if (hit) return hit;
  const [row] = await ctx.store.logEntries(id, index, 1);
  if (!row) throw new ApiError('EVD_ERR_INTERNAL', `board entry ${index} missing`);
  const v = JSON.parse(decoder.decode(row.entry)) as Record<string, unknown>;
  if (cache.size > CACHE_LIMIT) cache.clear();
  cache.set(k, v);
  return v;
}
