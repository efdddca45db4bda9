/**
 * Bulletin-board routes (spec/bulletin-board.md §5): entries, tree heads, inclusion and
 * consistency proofs. All public and answered from memory except the entries themselves.
 * The hot reads keep their serialized answers (spec/server-api.md §6.5): the tree head until
 * the next commit signs a new one, inclusion proofs by (index, tree size) — an answer for a
 * given tree size never changes — in a bounded map.
 * @module
 */
import type { FastifyInstance } from 'fastify';
import type {} from '@fastify/swagger';
import { encodeLogHash, toHex } from '@evident/e2e-crypto';
import type { ServerContext } from '../context.js';
import { ApiError } from '../errors.js';
import { errorResponses, idSchema } from '../schemas.js';
import type { ElectionLog } from '../board/election-logs.js';

const decoder = new TextDecoder();
/** Most inclusion-proof answers kept (oldest dropped first). */
const INCLUSION_CACHE = 50_000;
const JSON_TYPE = 'application/json; charset=utf-8';
const int = { type: 'integer', minimum: 0, maximum: 2 ** 40 } as const;

/** Rows read from the store at a time while a page fills. */
const PAGE_CHUNK = 32;

/**
 * At most `limit` entries from `start`, stopping once their text reaches `ctx.limits.pageBytes`
 * (always at least one): read in small chunks, so that a page of large entries is never loaded
 * whole (spec/server-api.md §10).
 */
async function entryPage(ctx: ServerContext, electionId: string, start: number, limit: number) {
  const out: Awaited<ReturnType<ServerContext['store']['logEntries']>> = [];
  let bytes = 0;
  while (out.length < limit && (out.length === 0 || bytes < ctx.limits.pageBytes)) {
    // a page may be read from a replica (spec §6.7): it then ends where the replica is, and `next` goes on
    const rows = await (ctx.store.staleReads ?? ctx.store).logEntries(
      electionId,
      start + out.length,
      Math.min(PAGE_CHUNK, limit - out.length),
    );
    if (rows.length === 0) break;
    for (const r of rows) {
      if (out.length > 0 && bytes + r.entry.length > ctx.limits.pageBytes) return out;
      out.push(r);
      bytes += r.entry.length;
    }
  }
  return out;
}

/** Registers the routes. */
export function boardRoutes(app: FastifyInstance, ctx: ServerContext): void {
  const logOf = (id: string): ElectionLog => {
    const l = ctx.logs.get(id);
    if (!l) throw new ApiError('EVD_ERR_NOT_FOUND', `no election "${id}"`, 'electionId');
    return l;
  };
  const params = { type: 'object', required: ['electionId'], properties: { electionId: idSchema } } as const;
  const headCache = new Map<string, { head: unknown; body: string }>();
  const inclusionCache = new Map<string, string>();
  const proof = { type: 'array', items: { type: 'string' } } as const;

  app.get<{ Params: { electionId: string } }>(
    '/elections/:electionId/board/tree-head',
    {
      schema: {
        tags: ['board'],
        summary: 'The latest signed tree head and the log public key (Ed25519)',
        params,
        response: {
          200: {
            type: 'object',
            required: ['treeHead', 'logPublicKey'],
            properties: { treeHead: { $ref: 'TreeHead#' }, logPublicKey: { type: 'string' } },
          },
          ...errorResponses,
        },
      },
    },
    async (req, reply) => {
      const log = logOf(req.params.electionId);
      let hit = headCache.get(log.electionId);
      if (!hit || hit.head !== log.head) {
        // a new head object is signed at every commit: serialize once per head
        hit = {
          head: log.head,
          body: JSON.stringify({ treeHead: log.head, logPublicKey: toHex(ctx.logs.publicKey) }),
        };
        headCache.set(log.electionId, hit);
      }
      return reply.type(JSON_TYPE).send(hit.body);
    },
  );

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
        response: {
          200: {
            type: 'object',
            required: ['treeSize', 'entries'],
            properties: {
              treeSize: { type: 'integer' },
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
          },
          ...errorResponses,
        },
      },
    },
    async (req) => {
      const log = logOf(req.params.electionId);
      const size = log.size;
      const start = req.query.start ?? 0;
      const page = await entryPage(
        ctx,
        log.electionId,
        start,
        Math.min(req.query.limit ?? 100, Math.max(0, size - start)),
      );
      const next = start + page.length;
      return {
        treeSize: size,
        ...(next < size ? { next } : {}),
        entries: page.map((r) => ({
          index: r.index,
          type: r.type,
          entry: decoder.decode(r.entry),
          leafHash: encodeLogHash(r.leafHash),
        })),
      };
    },
  );

  app.get<{ Params: { electionId: string }; Querystring: { index: number; treeSize?: number } }>(
    '/elections/:electionId/board/inclusion',
    {
      schema: {
        tags: ['board'],
        summary: 'Inclusion proof of a leaf in the tree of treeSize leaves (RFC 9162 §2.1.3)',
        params,
        querystring: {
          type: 'object',
          required: ['index'],
          additionalProperties: false,
          properties: { index: int, treeSize: int },
        },
        response: {
          200: {
            type: 'object',
            required: ['index', 'treeSize', 'leafHash', 'proof'],
            properties: {
              index: { type: 'integer' },
              treeSize: { type: 'integer' },
              leafHash: { type: 'string' },
              proof,
            },
          },
          ...errorResponses,
        },
      },
    },
    async (req, reply) => {
      const log = logOf(req.params.electionId);
      const treeSize = req.query.treeSize ?? log.size;
      const { index } = req.query;
      if (treeSize > log.size)
        throw new ApiError('EVD_ERR_VALIDATION', `treeSize must be ≤ ${log.size}`, 'treeSize');
      if (index >= treeSize)
        throw new ApiError('EVD_ERR_VALIDATION', `index must be < treeSize (${treeSize})`, 'index');
      const key = `${log.electionId}|${index}|${treeSize}`;
      let body = inclusionCache.get(key);
      if (body === undefined) {
        body = JSON.stringify({
          index,
          treeSize,
          leafHash: encodeLogHash(log.tree.leafHash(index)),
          proof: log.tree.inclusionProof(index, treeSize).map(encodeLogHash),
        });
        if (inclusionCache.size >= INCLUSION_CACHE)
          inclusionCache.delete(inclusionCache.keys().next().value!);
        inclusionCache.set(key, body);
      }
      return reply.type(JSON_TYPE).send(body);
    },
  );

  app.get<{ Params: { electionId: string }; Querystring: { first: number; second?: number } }>(
    '/elections/:electionId/board/consistency',
    {
      schema: {
        tags: ['board'],
        summary: 'Consistency proof between two tree sizes (RFC 9162 §2.1.4)',
        params,
        querystring: {
          type: 'object',
          required: ['first'],
          additionalProperties: false,
          properties: { first: int, second: int },
        },
        response: {
          200: {
            type: 'object',
            required: ['first', 'second', 'firstHash', 'secondHash', 'proof'],
            properties: {
              first: { type: 'integer' },
              second: { type: 'integer' },
              firstHash: { type: 'string' },
              secondHash: { type: 'string' },
              proof,
            },
          },
          ...errorResponses,
        },
      },
    },
    async (req) => {
      const log = logOf(req.params.electionId);
      const second = req.query.second ?? log.size;
      const { first } = req.query;
      if (second > log.size)
        throw new ApiError('EVD_ERR_VALIDATION', `second must be ≤ ${log.size}`, 'second');
      if (first > second) throw new ApiError('EVD_ERR_VALIDATION', 'first must be ≤ second', 'first');
      return {
        first,
        second,
        firstHash: encodeLogHash(log.tree.rootHash(first)),
        secondHash: encodeLogHash(log.tree.rootHash(second)),
        proof: log.tree.consistencyProof(first, second).map(encodeLogHash),
      };
    },
  );
}
