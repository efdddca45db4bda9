/**
 * `GET /admin/security-events` (spec/server-api.md §12.4): the refusals recorded at intake,
 * newest first, for administrators and observers.
 * @module
 */
import type { FastifyInstance } from 'fastify';
import { requireRole } from '../auth/roles.js';
import type { ServerContext } from '../context.js';
import { errorResponses } from '../schemas.js';

const eventSchema = {
  type: 'object',
  required: ['id', 'time', 'kind', 'code', 'reason', 'address'],
  properties: {
    id: { type: 'integer' },
    time: { type: 'integer' },
    kind: { type: 'string' },
    electionId: { type: ['string', 'null'] },
    station: { type: ['string', 'null'] },
    code: { type: 'string' },
    reason: { type: 'string' },
    field: { type: ['string', 'null'] },
    address: { type: 'string' },
    role: { type: ['string', 'null'] },
  },
} as const;

/** Registers the route. */
export function securityRoutes(app: FastifyInstance, ctx: ServerContext): void {
  app.get<{ Querystring: { limit?: number; before?: number } }>(
    '/admin/security-events',
    {
      onRequest: requireRole(ctx.store, 'observer'),
      schema: {
        tags: ['admin'],
        summary: 'Refusals recorded at station intake, newest first (`before`: an id, to page back)',
        querystring: {
          type: 'object',
          additionalProperties: false,
          properties: {
            limit: { type: 'integer', minimum: 1, maximum: 1000, default: 100 },
            before: { type: 'integer', minimum: 1 },
          },
        },
        response: {
          200: {
            type: 'object',
            required: ['events'],
            properties: { events: { type: 'array', items: eventSchema }, next: { type: 'integer' } },
          },
          ...errorResponses,
        },
      },
    },
    async (req) => {
      const limit = req.query.limit ?? 100;
      const events = await (ctx.store.staleReads ?? ctx.store).securityEvents(limit, req.query.before);
      const last = events[events.length - 1];
      return { events, ...(events.length === limit && last ? { next: last.id } : {}) };
    },
  );
}
