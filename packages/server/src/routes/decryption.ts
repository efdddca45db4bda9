/**
 * Tally and trustee decryption routes (spec/server-api.md §7.1–7.2): the administrator tallies
 * and issues the round-1 challenge; trustees (role `trustee`, one token per guardian) upload the
 * files `evident-trustee decrypt` writes; anyone downloads requests and challenges.
 * @module
 */
import { createReadStream } from 'node:fs';
import type { FastifyInstance } from 'fastify';
import { requireRole, tokenGuardianOf } from '../auth/roles.js';
import type { ServerContext } from '../context.js';
import {
  anyObject,
  electionParams,
  errorResponses,
  idSchema,
  requestSummarySchema,
  trusteeFileRef,
} from '../schemas.js';
import { REQUEST_KINDS, type RequestKind } from '@evident/record';
import { decryptionFileCache } from '../tally/decryption-file-cache.js';
import {
  decryptionStatus,
  issueChallenge,
  restartRound,
  uploadPartial,
  uploadResponse,
} from '../tally/decryption-session.js';
import { publishNow, settlePublications } from '../tally/publication-jobs.js';
import { tallyElection } from '../tally/tally-election.js';

const kindParams = {
  type: 'object',
  required: ['electionId', 'kind'],
  additionalProperties: false,
  properties: { electionId: idSchema, kind: { type: 'string', enum: [...REQUEST_KINDS] } },
} as const;
const uploadAnswer = {
  200: {
    type: 'object',
    required: ['guardian', 'round', 'logIndex'],
    properties: {
      guardian: { type: 'integer' },
      round: { type: 'integer' },
      logIndex: { type: 'integer' },
      again: { type: 'boolean' },
      publishing: { type: 'boolean' },
    },
  },
  ...errorResponses,
} as const;

const JSON_TYPE = 'application/json; charset=utf-8';

/** The schema of a file of one kind that anyone downloads (a request or a challenge). */
const downloadSchema = (summary: string) =>
  ({
    tags: ['tally'],
    summary,
    params: kindParams,
    response: { 200: anyObject, ...errorResponses },
  }) as const;

/** The schema of a guardian's upload of one round, its body the trustee file's schema. */
const uploadSchema = (file: 'partial-decryption' | 'decryption-response', summary: string) =>
  ({
    tags: ['tally'],
    summary,
    params: kindParams,
    body: trusteeFileRef(file),
    response: uploadAnswer,
  }) as const;

/** Registers the routes. */
export function decryptionRoutes(app: FastifyInstance, ctx: ServerContext): void {
  // a publication started by the last response ends before the server closes
  app.addHook('onClose', () => settlePublications(ctx));
  const admin = requireRole(ctx.store);
  const trustee = requireRole(ctx.store, 'trustee');
  const files = decryptionFileCache(ctx);
  type P = { electionId: string };
  type PK = { electionId: string; kind: RequestKind };

  app.post<{ Params: P }>(
    '/elections/:electionId/tally',
    {
      onRequest: admin,
      schema: {
        tags: ['tally'],
        summary: 'Aggregate the counted ballots, post the encrypted tally and the decryption requests',
        params: electionParams,
        response: {
          200: {
            type: 'object',
            required: ['castBallots', 'challengedBallots', 'requests'],
            properties: {
              castBallots: { type: 'integer' },
              challengedBallots: { type: 'integer' },
              requests: {
                type: 'array',
                items: requestSummarySchema,
              },
            },
          },
          ...errorResponses,
        },
      },
    },
    async (req) => tallyElection(ctx, req.params.electionId),
  );

  app.get<{ Params: P }>(
    '/elections/:electionId/decryption',
    {
      schema: {
        tags: ['tally'],
        summary: 'Where the decryption stands: requests, uploads, quorum',
        params: electionParams,
        response: { 200: anyObject, ...errorResponses },
      },
    },
    async (req) => decryptionStatus(ctx, req.params.electionId),
  );

  app.get<{ Params: PK }>(
    '/elections/:electionId/decryption/:kind/request',
    { schema: downloadSchema('The decryption request file for `evident-trustee decrypt --request`') },
    async (req, reply) => {
      const file = await files.request(req.params.electionId, req.params.kind);
      if (typeof file === 'string') return reply.type(JSON_TYPE).send(file);
      // the ranked request of version 2, spooled (../tally/decryption-file-cache.ts)
      return reply
        .type(JSON_TYPE)
        .header('content-length', file.size)
        .send(createReadStream('', { fd: file.fd }));
    },
  );

  app.post<{ Params: PK; Body: Record<string, unknown> }>(
    '/elections/:electionId/decryption/:kind/partials',
    {
      onRequest: trustee,
      schema: uploadSchema(
        'partial-decryption',
        'Upload a guardian’s round-1 partial decryptions (its `<g>.partial.json`)',
      ),
    },
    async (req) => uploadPartial(ctx, req.params.electionId, req.params.kind, req.body, tokenGuardianOf(req)),
  );

  app.post<{ Params: P }>(
    '/elections/:electionId/decryption/challenge',
    {
      onRequest: admin,
      schema: {
        tags: ['tally'],
        summary: 'Close round 1: the guardians who uploaded form the quorum; post the challenges',
        params: electionParams,
        response: { 200: anyObject, ...errorResponses },
      },
    },
    async (req) => issueChallenge(ctx, req.params.electionId),
  );

  app.get<{ Params: PK }>(
    '/elections/:electionId/decryption/:kind/challenge',
    { schema: downloadSchema('The challenge file for `evident-trustee decrypt --challenge`') },
    async (req, reply) =>
      reply.type(JSON_TYPE).send(await files.challenge(req.params.electionId, req.params.kind)),
  );

  app.post<{ Params: PK; Body: Record<string, unknown> }>(
    '/elections/:electionId/decryption/:kind/responses',
    {
      onRequest: trustee,
      schema: uploadSchema(
        'decryption-response',
        'Upload a guardian’s round-2 responses; the last one publishes the results',
      ),
    },
    async (req) =>
      uploadResponse(ctx, req.params.electionId, req.params.kind, req.body, tokenGuardianOf(req), req.log),
  );

  app.post<{ Params: P; Body: { reason: string } }>(
    '/elections/:electionId/decryption/restart',
    {
      onRequest: admin,
      schema: {
        tags: ['tally'],
        summary: 'Start a new round (a guardian of the quorum did not answer or answered wrongly)',
        params: electionParams,
        body: {
          type: 'object',
          required: ['reason'],
          additionalProperties: false,
          properties: { reason: { type: 'string', minLength: 1, maxLength: 500 } },
        },
        response: {
          200: { type: 'object', required: ['round'], properties: { round: { type: 'integer' } } },
          ...errorResponses,
        },
      },
    },
    async (req) => restartRound(ctx, req.params.electionId, req.body.reason),
  );

  app.post<{ Params: P }>(
    '/elections/:electionId/decryption/combine',
    {
      onRequest: admin,
      schema: {
        tags: ['tally'],
        summary:
          'Publish once every response is in: joins the publication running on this node, or starts one (after a crash or a failure), and answers when it ends',
        params: electionParams,
        response: { 200: anyObject, ...errorResponses },
      },
    },
    async (req) => {
      await publishNow(ctx, req.params.electionId, req.log);
      return decryptionStatus(ctx, req.params.electionId);
    },
  );
}
