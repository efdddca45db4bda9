/**
 * Token administration (spec/server-api.md §3) and health.
 * @module
 */
import type { FastifyInstance } from 'fastify';
import { requireRole } from '../auth/roles.js';
import { generateToken, tokenRow } from '../auth/tokens.js';
import type { ServerContext } from '../context.js';
import { ApiError } from '../errors.js';
import { errorResponses } from '../schemas.js';
import { ROLES, type Role } from '../store/store.js';

/** Registers the routes. */
export function adminRoutes(app: FastifyInstance, ctx: ServerContext): void {
  const admin = requireRole(ctx.store);
  const tokenInfo = {
    type: 'object',
    required: ['id', 'role', 'label', 'createdAt', 'revoked'],
    properties: {
      id: { type: 'string' },
      role: { type: 'string' },
      label: { type: 'string' },
      createdAt: { type: 'integer' },
      revoked: { type: 'boolean' },
      guardian: { type: 'integer' },
      station: { type: 'string' },
    },
  } as const;

  app.get(
    '/health',
    {
      schema: {
        tags: ['admin'],
        summary: 'Liveness',
        response: {
          200: {
            type: 'object',
            required: ['status'],
            properties: { status: { type: 'string' }, commits: { type: 'integer' } },
          },
        },
      },
    },
    async () => ({ status: 'ok', commits: ctx.writer.stats.commits }),
  );

  app.post<{ Body: { role: Role; label: string; guardian?: number; station?: string } }>(
    '/admin/tokens',
    {
      onRequest: admin,
      schema: {
        tags: ['admin'],
        summary: 'Create a bearer token for a role; the token is shown once',
        body: {
          type: 'object',
          required: ['role', 'label'],
          additionalProperties: false,
          properties: {
            role: { type: 'string', enum: [...ROLES] },
            label: { type: 'string', minLength: 1, maxLength: 128 },
            guardian: {
              type: 'integer',
              minimum: 1,
              maximum: 1000,
              description: 'trustee tokens: the guardian coordinate x',
            },
            station: {
              type: 'string',
              minLength: 1,
              maxLength: 256,
              description: "station tokens: the manifest's polling-station label",
            },
          },
        },
        response: {
          201: {
            type: 'object',
            required: ['id', 'token', 'role', 'label'],
            properties: {
              id: { type: 'string' },
              token: { type: 'string' },
              role: { type: 'string' },
              label: { type: 'string' },
              guardian: { type: 'integer' },
              station: { type: 'string' },
            },
          },
          ...errorResponses,
        },
      },
    },
    async (req, reply) => {
      if ((req.body.role === 'trustee') !== (req.body.guardian !== undefined)) {
        throw new ApiError(
          'EVD_ERR_VALIDATION',
          'a trustee token needs a guardian coordinate, other roles none',
          'guardian',
        );
      }
      if ((req.body.role === 'station') !== (req.body.station !== undefined)) {
        throw new ApiError(
          'EVD_ERR_VALIDATION',
          'a station token needs a station label, other roles none',
          'station',
        );
      }
      const token = generateToken();
      const row = {
        ...tokenRow(token, req.body.role, req.body.label, ctx.now(), req.body.guardian),
        ...(req.body.station !== undefined ? { station: req.body.station } : {}),
      };
      await ctx.writer.submit((tx) => tx.mutate({ kind: 'token', row }));
      reply.header('cache-control', 'no-store');
      return reply.code(201).send({
        id: row.id,
        token,
        role: row.role,
        label: row.label,
        ...(row.guardian !== undefined ? { guardian: row.guardian } : {}),
        ...(row.station !== undefined ? { station: row.station } : {}),
      });
    },
  );

  app.get(
    '/admin/tokens',
    {
      onRequest: requireRole(ctx.store, 'observer'),
      schema: {
        tags: ['admin'],
        summary: 'List tokens (never the tokens themselves)',
        response: {
          200: {
            type: 'object',
            required: ['tokens'],
            properties: { tokens: { type: 'array', items: tokenInfo } },
          },
          ...errorResponses,
        },
      },
    },
    async () => ({
      tokens: (await ctx.store.listTokens()).map(({ tokenHash: _h, ...t }) => t),
    }),
  );

  app.delete<{ Params: { tokenId: string } }>(
    '/admin/tokens/:tokenId',
    {
      onRequest: admin,
      schema: {
        tags: ['admin'],
        summary: 'Revoke a token',
        params: {
          type: 'object',
          required: ['tokenId'],
          properties: { tokenId: { type: 'string', maxLength: 64 } },
        },
        response: { 204: { type: 'null' }, ...errorResponses },
      },
    },
    async (req, reply) => {
      const known = (await ctx.store.listTokens()).some((t) => t.id === req.params.tokenId);
      if (!known) throw new ApiError('EVD_ERR_NOT_FOUND', 'no such token', 'tokenId');
      await ctx.writer.submit((tx) => tx.mutate({ kind: 'revoke-token', id: req.params.tokenId }));
      return reply.code(204).send();
    },
  );
}
