/**
 * Ranked-choice mixing routes (spec/server-api.md §7.5): after the tally, anyone reads the mix
 * of a ranked contest (the ballots entering it and the stages so far); a trustee (its token bound
 * to its guardian, or the administrator carrying a file) uploads the next stage, which
 * `evident-trustee mix` wrote. The decryption of the mixed rows then goes through the
 * decryption routes with kind `ranked`.
 * @module
 */
import { createReadStream } from 'node:fs';
import type { IncomingMessage } from 'node:http';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { requireRole, tokenGuardianOf } from '../auth/roles.js';
import type { ServerContext } from '../context.js';
import { ApiError } from '../errors.js';
import { mixFileSpool } from '../ranked/mix-file-cache.js';
import { mixStatus, uploadStage } from '../ranked/mix-session.js';
import { removeSpooled, spoolBody, type SpooledUpload } from '../ranked/stage-upload-files.js';
import { anyObject, electionParams, errorResponses, idSchema, requestSummarySchema } from '../schemas.js';

const contestParams = {
  type: 'object',
  required: ['electionId', 'contestId'],
  additionalProperties: false,
  properties: { electionId: idSchema, contestId: { type: 'string', pattern: '^[A-Za-z0-9._-]{1,128}$' } },
} as const;
/** Registers the routes. */
export function rankedRoutes(app: FastifyInstance, ctx: ServerContext): void {
  const trustee = requireRole(ctx.store, 'trustee');
  const mixFiles = mixFileSpool(ctx, ctx.spoolDir);
  type P = { electionId: string };
  type PC = { electionId: string; contestId: string };

  app.get<{ Params: P }>(
    '/elections/:electionId/ranked',
    {
      schema: {
        tags: ['ranked'],
        summary: 'Where the mixing of the ranked contests stands: stages per contest, the decryption request',
        params: electionParams,
        response: {
          200: {
            type: 'object',
            required: ['required', 'complete', 'contests'],
            properties: {
              required: { type: 'integer' },
              complete: { type: 'boolean' },
              requestIndex: { type: 'integer' },
              contests: {
                type: 'array',
                items: {
                  type: 'object',
                  properties: {
                    contestId: { type: 'string' },
                    rows: { type: 'integer' },
                    stages: {
                      type: 'array',
                      items: {
                        type: 'object',
                        properties: {
                          x: { type: 'integer' },
                          id: { type: 'string' },
                          logIndex: { type: 'integer' },
                        },
                      },
                    },
                  },
                },
              },
            },
          },
          ...errorResponses,
        },
      },
    },
    async (req) => mixStatus(ctx, req.params.electionId),
  );

  app.get<{ Params: PC }>(
    '/elections/:electionId/ranked/:contestId/mix',
    {
      schema: {
        tags: ['ranked'],
        summary:
          'The mix of a ranked contest so far: ballots entering it and accepted stages (`evident-trustee mix --input`); written once per accepted stage to a file and streamed',
        params: contestParams,
        response: { 200: anyObject, ...errorResponses },
      },
    },
    async (req, reply) => {
      const file = await mixFiles(req.params.electionId, req.params.contestId);
      return reply
        .type('application/json; charset=utf-8')
        .header('content-length', file.size)
        .send(createReadStream('', { fd: file.fd }));
    },
  );

  // the stage file is streamed to the spool folder, not parsed here (./ranked/stage-upload-files.ts)
  void app.register(async (scope) => {
    scope.addContentTypeParser('application/json', (req: FastifyRequest, payload: IncomingMessage) =>
      spoolBody(ctx.spoolDir, req, payload),
    );
    scope.post<{ Params: PC; Body: SpooledUpload | undefined }>(
      '/elections/:electionId/ranked/:contestId/mix',
      {
        onRequest: trustee,
        schema: {
          tags: ['ranked'],
          summary:
            'Upload the next mix stage (`evident-trustee/mix-stage`, streamed; its signature and proof of shuffle are verified on files before it is accepted)',
          params: contestParams,
          response: {
            200: {
              type: 'object',
              required: ['contestId', 'stage', 'logIndex', 'complete'],
              properties: {
                contestId: { type: 'string' },
                stage: { type: 'integer' },
                logIndex: { type: 'integer' },
                complete: { type: 'boolean' },
                request: requestSummarySchema,
              },
            },
            ...errorResponses,
          },
        },
      },
      async (req) => {
        if (!req.body?.file) throw new ApiError('EVD_ERR_VALIDATION', 'the stage file is missing', 'stage');
        try {
          return await uploadStage(
            ctx,
            req.params.electionId,
            req.params.contestId,
            req.body,
            tokenGuardianOf(req),
          );
        } finally {
          removeSpooled(req.body.file);
        }
      },
    );
  });
}
