/**
 * `GET /elections/{id}/board/entries?start&limit` (spec/bulletin-board.md §5, spec/server-api.md
 * §6.5, §10): log entries from `start`, at most `limit` and at most the page byte limit (at least
 * one); `next` continues while entries remain.
 *
 * A complete page — `limit` entries, or cut by the byte limit, with entries after it — never
 * changes: it is serialised once (`board/page-cache.ts`), sent with a strong `ETag` and
 * `Cache-Control: immutable`, compressed once per coding asked for, and its `treeSize` is the
 * board's size when this node first built it. The page that ends the board (the last one, still
 * filling, or a full one with nothing after it yet) is kept only until the node's tree grows, with
 * the current `treeSize` and `Cache-Control: no-cache`; a page a lagging replica ended early is
 * built for each request. Their `ETag` still spares an unchanged page's bytes (304).
 * @module
 */
import type { FastifyInstance } from 'fastify';
import { encodeLogHash } from '@evident/e2e-crypto';
import type { ServerContext } from '../context.js';
import { errorResponses, idSchema } from '../schemas.js';
import type { ElectionLog } from '../board/election-logs.js';
import { pageCache } from '../board/page-cache.js';
import { cachedAnswer, IMMUTABLE, NO_CACHE, sendCached } from '../limits/cached-answer.js';
import type { LogEntryRow } from '../store/store.js';

const decoder = new TextDecoder();
const int = { type: 'integer', minimum: 0, maximum: 2 ** 40 } as const;
/** Entries of a page when the request names no `limit`. */
export const DEFAULT_PAGE_LIMIT = 100;
/** Rows read from the store at a time while a page fills. */
const PAGE_CHUNK = 32;

/**
 * At most `limit` entries from `start`, stopping once their text reaches `ctx.limits.pageBytes`
 * (always at least one): read in small chunks, so that a page of large entries is never loaded
 * whole (spec/server-api.md §10). `cut`: the byte limit ended the page (its entries are then
 * fixed whatever follows).
 */
async function entryPage(ctx: ServerContext, electionId: string, start: number, limit: number) {
  const rows: LogEntryRow[] = [];
  let bytes = 0;
  while (rows.length < limit) {
    if (rows.length > 0 && bytes >= ctx.limits.pageBytes) return { rows, cut: true };
    // a page may be read from a replica (spec §6.7): it then ends where the replica is, and `next` goes on
    const got = await (ctx.store.staleReads ?? ctx.store).logEntries(
      electionId,
      start + rows.length,
      Math.min(PAGE_CHUNK, limit - rows.length),
    );
    if (got.length === 0) break;
    for (const r of got) {
      if (rows.length > 0 && bytes + r.entry.length > ctx.limits.pageBytes) return { rows, cut: true };
      rows.push(r);
      bytes += r.entry.length;
    }
  }
  return { rows, cut: false };
}

const pageSchema = {
  type: 'object',
  required: ['treeSize', 'entries'],
  properties: {
    treeSize: {
      type: 'integer',
      description: "the board's size: now, or when this node first built the page if it is complete",
    },
    next: { type: 'integer', description: 'the start of the next page, while entries remain' },
    entries: {
      type: 'array',
      items: {
        type: 'object',
        required: ['index', 'type', 'entry', 'leafHash'],
        properties: {
          index: { type: 'integer' },
          type: { type: 'string' },
          entry: { type: 'string' },
          leafHash: { type: 'string' },
        },
      },
    },
  },
} as const;

/** Registers the route. */
export function boardEntriesRoute(
  app: FastifyInstance,
  ctx: ServerContext,
  logOf: (id: string) => ElectionLog,
): void {
  const pages = pageCache(ctx.limits.pageCacheBytes);
  const params = { type: 'object', required: ['electionId'], properties: { electionId: idSchema } } as const;

  app.get<{ Params: { electionId: string }; Querystring: { start?: number; limit?: number } }>(
    '/elections/:electionId/board/entries',
    {
      schema: {
        tags: ['board'],
        summary:
          'Log entries from start: at most limit, and at most the page byte limit (at least one); `next` continues',
        params,
        querystring: {
          type: 'object',
          additionalProperties: false,
          properties: { start: int, limit: { type: 'integer', minimum: 1, maximum: ctx.limits.pageEntries } },
        },
        response: { 200: pageSchema, ...errorResponses },
      },
    },
    async (req, reply) => {
      const log = logOf(req.params.electionId);
      const start = req.query.start ?? 0;
      const limit = req.query.limit ?? DEFAULT_PAGE_LIMIT;
      const hit = pages.get(log, start, limit);
      if (hit)
        return sendCached(req, reply, hit.answer, {
          cacheControl: hit.atSize === undefined ? IMMUTABLE : NO_CACHE,
          compress: true,
          grew: (n) => pages.grew(hit.answer, n),
        });
      const size = log.size;
      const { rows, cut } = await entryPage(
        ctx,
        log.electionId,
        start,
        Math.min(limit, Math.max(0, size - start)),
      );
      const next = start + rows.length;
      const answer = cachedAnswer(
        reply.serialize({
          treeSize: size,
          ...(next < size ? { next } : {}),
          entries: rows.map((r) => ({
            index: r.index,
            type: r.type,
            entry: decoder.decode(r.entry),
            leafHash: encodeLogHash(r.leafHash),
          })),
        }) as string,
      );
      // complete, and `next` true forever: entries follow it
      const complete = (rows.length === limit || cut) && next < size;
      // the page ending the board: its bytes hold until the tree grows
      const ending = !complete && next === size;
      if (!complete && !ending)
        return sendCached(req, reply, answer, { cacheControl: NO_CACHE, compress: true });
      const leaves = new Uint8Array(rows.length * 32);
      rows.forEach((r, i) => leaves.set(r.leafHash, i * 32));
      pages.put(log.electionId, start, limit, { answer, leaves, ...(ending ? { atSize: size } : {}) });
      return sendCached(req, reply, answer, {
        cacheControl: complete ? IMMUTABLE : NO_CACHE,
        compress: true,
        grew: (n) => pages.grew(answer, n),
      });
    },
  );
}
