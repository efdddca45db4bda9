/**
 * Voter routes: cast, challenge, the credential's chain head, and ballot lookup by tracking
 * code (spec/server-api.md §5).
 * @module
 */
import type { FastifyInstance } from 'fastify';
import type {} from '@fastify/swagger';
import { chainInitialCode, deviceAux0, fromHex, toHex } from '@evident/e2e-crypto';
import type { ServerContext } from '../context.js';
import { configOf, loadElection } from '../elections/election-actions.js';
import { ApiError } from '../errors.js';
import { credentialDevice, receiptFor, submitBallot } from '../ballots/cast.js';
import { electionParams, errorResponses, hex, hexN, idSchema } from '../schemas.js';
import type { BallotSubmission } from '../verify/ballot-check.js';
import { presentedIdentity } from '../identity/session-cookies.js';

/** Registers the routes. */
export function ballotRoutes(app: FastifyInstance, ctx: ServerContext): void {
  const body = {
    type: 'object',
    required: ['ballot'],
    additionalProperties: false,
    properties: { ballot: { $ref: 'BallotSubmission#' }, identity: { type: 'object', maxProperties: 16 } },
  } as const;
  const receipt = { 200: { $ref: 'Receipt#' }, ...errorResponses };

  app.post<{ Params: { electionId: string }; Body: { ballot: BallotSubmission; identity?: unknown } }>(
    '/elections/:electionId/ballots',
    {
      bodyLimit: ctx.limits.ballotBody,
      schema: {
        tags: ['voting'],
        summary: 'Cast a signed ballot; the receipt is sent once it is durable',
        params: electionParams,
        body,
        response: receipt,
      },
    },
    async (req) => {
      const receipt = await submitBallot(
        ctx,
        req.params.electionId,
        req.body.ballot,
        'cast',
        presentedIdentity(req, req.body.identity),
      );
      ctx.metrics.castAccepted();
      return receipt;
    },
  );

  app.post<{ Params: { electionId: string }; Body: { ballot: BallotSubmission; identity?: unknown } }>(
    '/elections/:electionId/challenges',
    {
      bodyLimit: ctx.limits.ballotBody,
      schema: {
        tags: ['voting'],
        summary: 'Challenge a ballot (Benaloh): reveal its nonce; its decryption is published',
        params: electionParams,
        body,
        response: receipt,
      },
    },
    async (req) =>
      submitBallot(
        ctx,
        req.params.electionId,
        req.body.ballot,
        'challenge',
        presentedIdentity(req, req.body.identity),
      ),
  );

  app.get<{ Params: { electionId: string; credential: string } }>(
    '/elections/:electionId/chains/:credential',
    {
      schema: {
        tags: ['voting'],
        summary: "A credential's confirmation-code chain head (to encrypt the next ballot)",
        params: {
          type: 'object',
          required: ['electionId', 'credential'],
          properties: { electionId: idSchema, credential: hex(512) },
        },
        response: {
          200: {
            type: 'object',
            required: ['device', 'previousCode', 'length'],
            properties: {
              device: { type: 'string' },
              previousCode: { type: 'string' },
              length: { type: 'integer' },
            },
          },
          ...errorResponses,
        },
      },
    },
    async (req) => {
      const e = await loadElection(ctx, req.params.electionId);
      const cfg = configOf(e);
      if (!cfg.extendedBaseHash)
        throw new ApiError('EVD_ERR_WRONG_PHASE', 'the key ceremony has not been imported');
      const cred = req.params.credential.toUpperCase();
      const device = credentialDevice(cred);
      const last = await ctx.store.latestBallot(e.id, cred);
      const previousCode = last
        ? last.confirmationCode
        : toHex(chainInitialCode(fromHex(cfg.extendedBaseHash), deviceAux0(device)));
      return { device, previousCode, length: last ? 1 : 0 };
    },
  );

  app.get<{ Params: { electionId: string; code: string } }>(
    '/elections/:electionId/ballots/:code',
    {
      schema: {
        tags: ['voting'],
        summary: 'Track a ballot by confirmation code: its receipt and whether it was superseded',
        params: {
          type: 'object',
          required: ['electionId', 'code'],
          properties: { electionId: idSchema, code: hexN(32) },
        },
        response: {
          200: {
            type: 'object',
            required: ['receipt', 'status'],
            properties: {
              receipt: { $ref: 'Receipt#' },
              // cancelled: cast, but its credential's voter was checked in at a polling station (§11.5)
              status: { type: 'string', enum: ['counted', 'superseded', 'challenged', 'cancelled'] },
              supersededBy: { type: 'integer' },
            },
          },
          ...errorResponses,
        },
      },
    },
    async (req) => {
      const id = req.params.electionId;
      await loadElection(ctx, id);
      const rows = await ctx.store.findBallotsByCode(id, req.params.code.toUpperCase());
      const b = rows[0];
      if (!b) throw new ApiError('EVD_ERR_NOT_FOUND', 'no ballot with this confirmation code', 'code');
      const status =
        b.intent === 'challenge'
          ? 'challenged'
          : (await ctx.store.isCancelled(id, b.credential))
            ? 'cancelled'
            : b.supersededBy !== null
              ? 'superseded'
              : 'counted';
      return {
        receipt: receiptFor(ctx, id, b),
        status,
        ...(b.supersededBy !== null ? { supersededBy: b.supersededBy } : {}),
      };
    },
  );
}
