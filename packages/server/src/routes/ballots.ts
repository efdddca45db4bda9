/**
 * Voter routes: cast, challenge, the credential's chain head, and ballot lookup by tracking
 * code (spec/server-api.md §5).
 * @module
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type {} from '@fastify/swagger';
import { chainInitialCode, deviceAux0, fromHex, toHex } from '@evident/e2e-crypto';
import type { ServerContext } from '../context.js';
import { configOf, loadElection } from '../elections/election-actions.js';
import { ApiError } from '../errors.js';
import { credentialDevice, receiptFor, submitBallot, type ReceivedBody } from '../ballots/cast.js';
import { electionParams, errorResponses, hex, hexN, idSchema } from '../schemas.js';
import {
  castBodyFault,
  castBodySchema,
  compileCastSchema,
  validationRefusal,
} from '../verify/submission-text.js';
import { presentedIdentity } from '../identity/session-cookies.js';

/** Registers the routes. */
export function ballotRoutes(app: FastifyInstance, ctx: ServerContext): void {
  const receipt = { 200: { $ref: 'Receipt#' }, ...errorResponses };
  // the body's text goes unparsed to the verification worker, which parses it and checks it
  // against the schema (../verify/submission-text.ts); the handler reads it whole only when it
  // must (ReceivedBody.strict, in fastify's order); the route's schemas stay for the API's
  // description
  const texts = new WeakMap<FastifyRequest, string>();
  const paramsValid = compileCastSchema(electionParams, 'params');
  const validatorCompiler = () => () => true;
  let parseJson: ReturnType<FastifyInstance['getDefaultJsonParser']>;
  const received = (req: FastifyRequest, reply: FastifyReply): ReceivedBody => {
    let read: { value: unknown } | { error: unknown } | undefined;
    const whole = (): unknown => {
      const text = texts.get(req);
      let parsed: unknown = req.body;
      if (text !== undefined) {
        let failed: Error | null = null;
        // fastify's own JSON parser (prototype keys refused), which answers at once
        parseJson(req, text, (e: Error | null, v?: unknown) => ((failed = e), (parsed = v)));
        if (failed) {
          reply.header('connection', 'close');
          throw failed;
        }
      }
      if (!paramsValid(req.params)) {
        const { message, field } = validationRefusal(paramsValid.errors ?? [], 'params');
        throw new ApiError('EVD_ERR_VALIDATION', message, field);
      }
      const fault = castBodyFault(parsed);
      if (fault) throw fault;
      return parsed;
    };
    return {
      text: texts.get(req),
      paramsOk: paramsValid(req.params),
      strict() {
        if (!read) {
          try {
            read = { value: whole() };
          } catch (e) {
            read = { error: e };
          }
        }
        if ('error' in read) throw read.error;
        return read.value;
      },
      closeConnection: () => void reply.header('connection', 'close'),
    };
  };
  /**
   * The body a refusal is noted with (monitoring/credential-burst.ts reads its credential): parsed
   * and coerced by the schema as fastify's validation left it; left as it is when it is not JSON.
   */
  const parsedForRefusal = (req: FastifyRequest): unknown => {
    const text = texts.get(req);
    if (text === undefined) return req.body;
    let parsed: unknown = req.body;
    parseJson(req, text, (e: Error | null, v?: unknown) => {
      if (!e) parsed = v;
    });
    if (parsed !== req.body) castBodyFault(parsed);
    return parsed;
  };
  const cast =
    (intent: 'cast' | 'challenge') =>
    async (req: FastifyRequest<{ Params: { electionId: string } }>, reply: FastifyReply) => {
      try {
        return await submitBallot(ctx, req.params.electionId, received(req, reply), intent, (id) =>
          presentedIdentity(req, id),
        );
      } catch (e) {
        req.body = parsedForRefusal(req);
        throw e;
      }
    };
  const route = (summary: string) => ({
    bodyLimit: ctx.limits.ballotBody,
    validatorCompiler,
    schema: {
      tags: ['voting'],
      summary,
      params: electionParams,
      body: castBodySchema,
      response: receipt,
    },
  });
  void app.register(async (scope) => {
    parseJson = scope.getDefaultJsonParser('error', 'error');
    scope.addContentTypeParser('application/json', { parseAs: 'string' }, (req, text, done) => {
      texts.set(req, text as string);
      done(null, text);
    });
    scope.post<{ Params: { electionId: string } }>(
      '/elections/:electionId/ballots',
      route('Cast a signed ballot; the receipt is sent once it is durable'),
      async (req, reply) => {
        const receipt = await cast('cast')(req, reply);
        ctx.metrics.castAccepted();
        return receipt;
      },
    );
    scope.post<{ Params: { electionId: string } }>(
      '/elections/:electionId/challenges',
      route('Challenge a ballot (Benaloh): reveal its nonce; its decryption is published'),
      cast('challenge'),
    );
  });

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
