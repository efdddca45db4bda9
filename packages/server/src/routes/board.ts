/**
 * Bulletin-board routes (spec/bulletin-board.md §5): entries (./board-entries.ts), the files
 * entries name by digest (./board-entry-files.ts), tree heads,
 * inclusion and consistency proofs. All public and answered from memory except the entries
 * themselves. The hot reads keep their serialized answers with an `ETag` (spec/server-api.md
 * §6.5): the tree head until the next commit signs a new one, inclusion proofs by (index, tree
 * size) — an answer for a given tree size never changes, `immutable` when the request names it —
 * in a bounded map. Both are small: sent uncompressed.
 * @module
 */
import type { FastifyInstance } from 'fastify';
import type {} from '@fastify/swagger';
import { encodeLogHash, toHex } from '@evident/e2e-crypto';
import { cachedAnswer, IMMUTABLE, NO_CACHE, sendCached, type CachedAnswer } from '../limits/cached-answer.js';
import { boardEntriesRoute } from './board-entries.js';
import { boardEntryFilesRoute } from './board-entry-files.js';
import { inclusionProof } from '../board/proof-frontier.js';
import type { ServerContext } from '../context.js';
import { ApiError } from '../errors.js';
import { errorResponses, idSchema } from '../schemas.js';
import type { ElectionLog } from '../board/election-logs.js';

/** Most inclusion-proof answers kept (oldest dropped first). */
const INCLUSION_CACHE = 50_000;
const int = { type: 'integer', minimum: 0, maximum: 2 ** 40 } as const;

/** Registers the routes. */
export function boardRoutes(app: FastifyInstance, ctx: ServerContext): void {
  const logOf = (id: string): ElectionLog => {
    const l = ctx.logs.get(id);
    if (!l) throw new ApiError('EVD_ERR_NOT_FOUND', `no election "${id}"`, 'electionId');
    return l;
  };
  const params = { type: 'object', required: ['electionId'], properties: { electionId: idSchema } } as const;
  const headCache = new Map<string, { head: unknown; answer: CachedAnswer }>();
  const inclusionCache = new Map<string, CachedAnswer>();
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
          answer: cachedAnswer(
            JSON.stringify({ treeHead: log.head, logPublicKey: toHex(ctx.logs.publicKey) }),
          ),
        };
        headCache.set(log.electionId, hit);
      }
      return sendCached(req, reply, hit.answer, { cacheControl: NO_CACHE, compress: false });
    },
  );

  boardEntriesRoute(app, ctx, logOf);
  boardEntryFilesRoute(app, ctx);

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
      let answer = inclusionCache.get(key);
      if (answer === undefined) {
        const body = JSON.stringify({
          index,
          treeSize,
          leafHash: encodeLogHash(log.tree.leafHash(index)),
          proof: inclusionProof(log.tree, index, treeSize).map(encodeLogHash),
        });
        if (inclusionCache.size >= INCLUSION_CACHE)
          inclusionCache.delete(inclusionCache.keys().next().value!);
        answer = cachedAnswer(body);
        inclusionCache.set(key, answer);
      }
      // a proof for a tree size named in the request never changes
      const cacheControl = req.query.treeSize === undefined ? NO_CACHE : IMMUTABLE;
      return sendCached(req, reply, answer, { cacheControl, compress: false });
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
