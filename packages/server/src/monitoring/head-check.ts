/**
 * `POST /elections/{id}/tree-heads/check {treeHead}` (spec/server-api.md §6.4, rule
 * "a tree head the log no longer extends"): a voter, the tracker or an observer submits a signed
 * tree head they kept (from a receipt). Signed by the log key and a prefix of the log → 200 with
 * the consistency proof from it to the current head. Signed by the log key but not a prefix —
 * the log is shorter than a head it signed (a rollback), or its first entries hash to another
 * root (a fork) → 409 `EVD_ERR_HEAD_NOT_EXTENDED` and one `anomaly-head-not-extended` event per
 * head: only the log key makes such a head, so it is evidence against the server itself. Not
 * signed by the log key → 400 and no event: anyone can make those. Public, rate-limited.
 * @module
 */
import { encodeLogHash, verifyTreeHead, type SignedTreeHead } from '@evident/e2e-crypto';
import type { FastifyInstance } from 'fastify';
import type { ServerContext } from '../context.js';
import { ApiError } from '../errors.js';
import { errorResponses, idSchema } from '../schemas.js';
import { recordSecurityEvent } from '../security/security-events.js';

/** Checks per client address and minute (a voter checks one head; a tracker a few). */
export const HEAD_CHECKS_PER_MINUTE = 30;

/** The heads already reported, per app (restarts read the events back). */
const reported = new WeakMap<ServerContext, Set<string>>();

/** What the log says of a head signed by its key. */
export type HeadVerdict =
  | { readonly extended: true; readonly proof: readonly string[] }
  | { readonly extended: false; readonly why: string };

/** Whether the election's log extends `head` (signed, its `logId` the election's). */
export function headVerdict(ctx: ServerContext, electionId: string, head: SignedTreeHead): HeadVerdict {
  const log = ctx.logs.get(electionId)!;
  const size = log.size;
  if (head.treeSize > size)
    return {
      extended: false,
      why: `the log holds ${size} entries, fewer than the ${head.treeSize} of a head its key signed: a rollback or a fork`,
    };
  if (encodeLogHash(log.tree.rootHash(head.treeSize)) !== head.rootHash.toLowerCase())
    return {
      extended: false,
      why: `the log's first ${head.treeSize} entries do not hash to the head's root: a fork (the log holds ${size} entries)`,
    };
  return { extended: true, proof: log.tree.consistencyProof(head.treeSize, size).map(encodeLogHash) };
}

/** Records the anomaly once per election and head. */
async function reportHead(
  ctx: ServerContext,
  electionId: string,
  head: SignedTreeHead,
  why: string,
  address: string,
) {
  const root = head.rootHash.toLowerCase();
  const key = `${electionId}\n${head.treeSize}\n${root}`;
  let seen = reported.get(ctx);
  if (!seen) reported.set(ctx, (seen = new Set()));
  if (seen.has(key)) return;
  const named = `tree head of size ${head.treeSize}, root ${root}`;
  const before = await ctx.store.alerts(electionId, 1000);
  if (!before.some((a) => a.kind === 'anomaly-head-not-extended' && a.reason.startsWith(named))) {
    await recordSecurityEvent(ctx, {
      kind: 'anomaly-head-not-extended',
      electionId,
      code: 'EVD_ERR_HEAD_NOT_EXTENDED',
      reason: `${named}, signed by the log key at ${new Date(head.timestamp).toISOString()}: ${why}`,
      field: 'treeHead',
      address,
    });
  }
  seen.add(key);
}

/** Registers the route. */
export function headCheckRoutes(app: FastifyInstance, ctx: ServerContext): void {
  app.post<{ Params: { electionId: string }; Body: { treeHead: SignedTreeHead } }>(
    '/elections/:electionId/tree-heads/check',
    {
      config: { rateLimit: { max: HEAD_CHECKS_PER_MINUTE, timeWindow: 60_000 } },
      schema: {
        tags: ['board'],
        summary:
          'Check that the log still extends a signed tree head kept from a receipt (409 when it does not)',
        params: { type: 'object', required: ['electionId'], properties: { electionId: idSchema } },
        body: {
          type: 'object',
          required: ['treeHead'],
          additionalProperties: false,
          properties: {
            treeHead: {
              type: 'object',
              required: ['logId', 'treeSize', 'timestamp', 'rootHash', 'signature'],
              additionalProperties: false,
              properties: {
                logId: { type: 'string', maxLength: 64 },
                treeSize: { type: 'integer', minimum: 0, maximum: 2 ** 40 },
                timestamp: { type: 'integer', minimum: 0 },
                rootHash: { type: 'string', pattern: '^[0-9A-Fa-f]{64}$' },
                signature: { type: 'string', pattern: '^[0-9A-Fa-f]{128}$' },
              },
            },
          },
        },
        response: {
          200: {
            type: 'object',
            required: ['extended', 'treeHead', 'proof'],
            properties: {
              extended: { type: 'boolean' },
              treeHead: { $ref: 'TreeHead#' },
              proof: { type: 'array', items: { type: 'string' } },
            },
          },
          ...errorResponses,
        },
      },
    },
    async (req) => {
      const { electionId } = req.params;
      const head = req.body.treeHead;
      const log = ctx.logs.get(electionId);
      if (!log) throw new ApiError('EVD_ERR_NOT_FOUND', `no election "${electionId}"`, 'electionId');
      if (head.logId !== electionId)
        throw new ApiError(
          'EVD_ERR_INVALID_DATA',
          `the head is of log "${head.logId}", not of this election`,
          'treeHead.logId',
        );
      if (!verifyTreeHead(head, ctx.logs.publicKey))
        throw new ApiError(
          'EVD_ERR_INVALID_SIGNATURE',
          'the head is not signed by this log key',
          'treeHead.signature',
        );
      const v = headVerdict(ctx, electionId, head);
      if (v.extended) return { extended: true, treeHead: log.head, proof: v.proof };
      await reportHead(ctx, electionId, head, v.why, req.ip);
      throw new ApiError(
        'EVD_ERR_HEAD_NOT_EXTENDED',
        `the log does not extend this tree head: ${v.why}`,
        'treeHead',
      );
    },
  );
}
