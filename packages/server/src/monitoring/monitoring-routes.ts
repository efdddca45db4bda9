/**
 * The officials' view of the anomaly rules (spec/server-api.md §6.4, §12.4):
 * `GET /admin/alerts?electionId&limit&before` (administrator, observer) → the alerts — the
 * security events whose kind starts with `anomaly-` — newest first; `POST
 * /elections/{id}/tree-heads/check` (monitoring/head-check.ts); and the timer of the
 * silent-station rule, stopped when the app closes.
 * @module
 */
import type { FastifyInstance } from 'fastify';
import { requireRole } from '../auth/roles.js';
import type { ServerContext } from '../context.js';
import { loadElection } from '../elections/election-actions.js';
import { errorResponses, idSchema } from '../schemas.js';
import { headCheckRoutes } from './head-check.js';
import { watchSilentStations } from './silent-stations.js';

/** An alert as the API answers it. */
export interface Alert {
  readonly id: number;
  readonly time: number;
  readonly kind: string;
  readonly electionId: string | null;
  readonly station: string | null;
  readonly code: string;
  readonly reason: string;
  readonly address: string;
}

const alertSchema = {
  type: 'object',
  required: ['id', 'time', 'kind', 'electionId', 'station', 'code', 'reason', 'address'],
  properties: {
    id: { type: 'integer' },
    time: { type: 'integer' },
    kind: { type: 'string' },
    electionId: { type: ['string', 'null'] },
    station: { type: ['string', 'null'] },
    code: { type: 'string' },
    reason: { type: 'string' },
    address: { type: 'string' },
  },
} as const;

/** Registers the routes and arms the silent-station timer. */
export function monitoringRoutes(app: FastifyInstance, ctx: ServerContext): void {
  app.get<{ Querystring: { electionId?: string; limit?: number; before?: number } }>(
    '/admin/alerts',
    {
      onRequest: requireRole(ctx.store, 'observer'),
      schema: {
        tags: ['admin'],
        summary: 'Alerts of the anomaly rules (security events `anomaly-…`), newest first',
        querystring: {
          type: 'object',
          additionalProperties: false,
          properties: {
            electionId: idSchema,
            limit: { type: 'integer', minimum: 1, maximum: 1000, default: 100 },
            before: { type: 'integer', minimum: 1 },
          },
        },
        response: {
          200: {
            type: 'object',
            required: ['alerts'],
            properties: { alerts: { type: 'array', items: alertSchema }, next: { type: 'integer' } },
          },
          ...errorResponses,
        },
      },
    },
    async (req) => {
      const limit = req.query.limit ?? 100;
      if (req.query.electionId !== undefined) await loadElection(ctx, req.query.electionId); // 404 if unknown
      const rows = await (ctx.store.staleReads ?? ctx.store).alerts(
        req.query.electionId,
        limit,
        req.query.before,
      );
      const alerts: Alert[] = rows.map((r) => ({
        id: r.id,
        time: r.time,
        kind: r.kind,
        electionId: r.electionId,
        station: r.station,
        code: r.code,
        reason: r.reason,
        address: r.address,
      }));
      const last = alerts[alerts.length - 1];
      return { alerts, ...(alerts.length === limit && last ? { next: last.id } : {}) };
    },
  );
  headCheckRoutes(app, ctx);
  const watch = watchSilentStations(ctx, app.log);
  app.addHook('onClose', async () => watch.stop());
}
