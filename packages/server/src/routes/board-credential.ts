/**
 * `GET /elections/{id}/board/credential/{credential}?treeSize=N` (spec/bulletin-board.md §5,
 * spec/tracker.md §7): the entries that decide the state of one credential's ballots — the
 * `open` entry, its `ballot` and `challenged-ballot` entries, the `supersession` and
 * `cancellation` entries naming it (`@evident/record/board`'s credential-entries.ts) — each
 * with its exact text and its inclusion proof in the tree of `treeSize` entries (default: the
 * current head's). What the tracker page reads instead of the whole board: each entry is proved
 * on the signed log, so the server cannot invent one; that it left none out, the page cannot
 * prove (spec/tracker.md §7 says what that leaves). Answered from indexed tables, not a scan.
 * @module
 */
import type { FastifyInstance } from 'fastify';
import { encodeLogHash } from '@evident/e2e-crypto';
import { concernsCredential } from '@evident/record/board';
import type { ServerContext } from '../context.js';
import { ApiError } from '../errors.js';
import { errorResponses, hex, idSchema } from '../schemas.js';

const decoder = new TextDecoder();
/** How far after a superseding ballot its `supersession` entry is looked for (the same commit appends it next). */
const SUPERSESSION_REACH = 8;

/** The log indices of the entries deciding `credential`'s state, below `treeSize`, ascending. */
async function credentialIndices(
  ctx: ServerContext,
  electionId: string,
  credential: string,
  treeSize: number,
): Promise<number[]> {
  const store = ctx.store;
  const open = await store.typedLogEntries(electionId, ['open'], 0, treeSize, 1);
  const ballots = await store.credentialBallots(electionId, credential);
  const supersessions = await Promise.all(
    ballots
      .filter((b) => b.supersededBy !== null)
      .map((b) =>
        store.typedLogEntries(
          electionId,
          ['supersession'],
          b.supersededBy!,
          b.supersededBy! + SUPERSESSION_REACH,
          SUPERSESSION_REACH,
        ),
      ),
  );
  const cancellation = await store.cancellationIndex(electionId, credential);
  const supersessionIndices = supersessions.flat().filter((r) => {
    const e = JSON.parse(decoder.decode(r.entry)) as Record<string, unknown>;
    return concernsCredential(r.type, e, credential);
  });
  const all = [
    ...open.map((r) => r.index),
    ...ballots.map((b) => b.logIndex),
    ...supersessionIndices.map((r) => r.index),
    ...(cancellation !== undefined ? [cancellation] : []),
  ];
  return [...new Set(all)].filter((i) => i < treeSize).sort((a, b) => a - b);
}

/** Registers the route. */
export function boardCredentialRoutes(app: FastifyInstance, ctx: ServerContext): void {
  app.get<{ Params: { electionId: string; credential: string }; Querystring: { treeSize?: number } }>(
    '/elections/:electionId/board/credential/:credential',
    {
      schema: {
        tags: ['board'],
        summary:
          "The entries deciding one credential's ballots' state, each with its inclusion proof in the tree of treeSize entries",
        params: {
          type: 'object',
          required: ['electionId', 'credential'],
          properties: { electionId: idSchema, credential: { ...hex(512), minLength: 2 } },
        },
        querystring: {
          type: 'object',
          additionalProperties: false,
          properties: { treeSize: { type: 'integer', minimum: 1, maximum: 2 ** 40 } },
        },
        response: {
          200: {
            type: 'object',
            required: ['credential', 'treeSize', 'entries'],
            properties: {
              credential: { type: 'string' },
              treeSize: { type: 'integer' },
              entries: {
                type: 'array',
                items: {
                  type: 'object',
                  required: ['index', 'entry', 'proof'],
                  properties: {
                    index: { type: 'integer' },
                    entry: { type: 'string' },
                    proof: { type: 'array', items: { type: 'string' } },
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
      const log = ctx.logs.get(req.params.electionId);
      if (!log)
        throw new ApiError('EVD_ERR_NOT_FOUND', `no election "${req.params.electionId}"`, 'electionId');
      const treeSize = req.query.treeSize ?? log.head.treeSize;
      if (treeSize > log.size)
        throw new ApiError('EVD_ERR_VALIDATION', `treeSize must be ≤ ${log.size}`, 'treeSize');
      const credential = req.params.credential.toUpperCase();
      const indices = await credentialIndices(ctx, log.electionId, credential, treeSize);
      const entries = await Promise.all(
        indices.map(async (index) => {
          const [row] = await ctx.store.logEntries(log.electionId, index, 1);
          return {
            index,
            entry: decoder.decode(row!.entry),
            proof: log.tree.inclusionProof(index, treeSize).map(encodeLogHash),
          };
        }),
      );
      return { credential, treeSize, entries };
    },
  );
}
