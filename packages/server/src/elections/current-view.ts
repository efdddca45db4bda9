/**
 * Refusing only on the store's word (spec/server-api.md §6.6, staleness). A node's fast checks —
 * before verification, outside the write lock — read its own view of an election: the election
 * row (the SQLite store keeps rows until the change feed reports another node's commit) and its
 * board (trees caught up by the change feed; board folds such as the stations' state are bounded
 * by them). Another node's commit reaches that view a few ms later, so a check that would refuse
 * (not open yet, no key registered yet, the close instant passed by an old schedule) reads the
 * store again first — the election row around any cache, the board caught up — and runs once
 * more: only a refusal the store agrees with is sent. Refusals are rare, so the extra reads cost
 * nothing on the way that accepts. The checks under the write lock are unchanged.
 * @module
 */
import type { ServerContext } from '../context.js';
import { ApiError, type ErrorCode } from '../errors.js';

/** The refusals a view a moment old can give wrongly: an election or board behind the store. */
const VIEW_REFUSALS: ReadonlySet<ErrorCode> = new Set<ErrorCode>([
  'EVD_ERR_WRONG_PHASE',
  'EVD_ERR_ILLEGAL_TRANSITION',
  'EVD_ERR_UNREGISTERED_STATION',
  'EVD_ERR_TOO_EARLY',
]);

/**
 * Brings this node's view of election `id` up to the store: its row read around any cache
 * (which refreshes the cache), its log's tree and head caught up with what other nodes committed.
 */
export async function catchUpElection(ctx: ServerContext, id: string): Promise<void> {
  await ctx.store.getElection(id, { fresh: true });
  await ctx.logs.exclusive(() => ctx.logs.catchUp([id]));
}

/**
 * Runs the fast checks `check` of election `id`; when they refuse with a refusal that a stale
 * view could give, catches the view up ({@link catchUpElection}) and runs them once more, whose
 * answer stands.
 * @param also - further codes that the view can give wrongly here (e.g. `EVD_ERR_NOT_FOUND` for
 *   a board entry another node wrote)
 * @throws whatever `check` throws on the current view
 */
export async function onCurrentView<T>(
  ctx: ServerContext,
  id: string,
  check: () => Promise<T>,
  also: readonly ErrorCode[] = [],
): Promise<T> {
  try {
    return await check();
  } catch (e) {
    if (!(e instanceof ApiError) || !(VIEW_REFUSALS.has(e.code) || also.includes(e.code))) throw e;
    await catchUpElection(ctx, id);
    return check();
  }
}
