/**
 * Operational metrics (spec/server-api.md §6.4): memory of the process, the writer's grouped
 * commits, the event streams (open, refused, dropped) and the verifier's batches — what the benchmark samples during a soak and what an
 * operator watches; and `GET /metrics/prometheus` (§6.4), the security metrics in the
 * Prometheus text format. Observer role (or administrator), both.
 * @module
 */
import type { FastifyInstance } from 'fastify';
import { requireRole } from '../auth/roles.js';
import type { ServerContext } from '../context.js';
import { errorResponses } from '../schemas.js';
import { eventLoopFigures, watchEventLoop } from '../monitoring/event-loop.js';

const int = { type: 'integer' } as const;
const num = { type: 'number' } as const;

/** The SQLite writer thread's kernel id, when the store has one that told it. */
function writerThread(ctx: ServerContext): number | undefined {
  return (ctx.store as { writerKernelThreadId?: number }).writerKernelThreadId;
}

/** Registers `GET /metrics` and `GET /metrics/prometheus`. */
export function metricsRoutes(app: FastifyInstance, ctx: ServerContext): void {
  watchEventLoop();
  app.get(
    '/metrics',
    {
      onRequest: requireRole(ctx.store, 'observer'),
      schema: {
        tags: ['admin'],
        summary: 'Memory, grouped commits and verification batches',
        security: [{ bearer: [] }],
        response: {
          200: {
            type: 'object',
            required: ['uptimeSeconds', 'memory', 'eventLoop', 'writer', 'verifier'],
            properties: {
              uptimeSeconds: num,
              memory: {
                type: 'object',
                required: ['rss', 'heapUsed', 'heapTotal', 'external', 'arrayBuffers'],
                properties: { rss: int, heapUsed: int, heapTotal: int, external: int, arrayBuffers: int },
              },
              eventLoop: {
                type: 'object',
                description:
                  "the main thread's event loop: busy and idle ms since start, timer delay since the first app (ms)",
                required: ['activeMs', 'idleMs', 'delayMs'],
                properties: {
                  activeMs: num,
                  idleMs: num,
                  delayMs: {
                    type: 'object',
                    required: ['p50', 'p99', 'max'],
                    properties: { p50: num, p99: num, max: num },
                  },
                },
              },
              writer: {
                type: 'object',
                required: ['commits', 'jobs'],
                properties: {
                  commits: int,
                  jobs: int,
                  thread: {
                    ...int,
                    description: "the SQLite writer thread's kernel id (Linux), for CPU accounting",
                  },
                },
              },
              streams: {
                type: 'object',
                description:
                  'event streams open now; refused over a cap and dropped for not reading, since start',
                required: ['open', 'refused', 'dropped'],
                properties: { open: int, refused: int, dropped: int },
              },
              verifier: {
                type: 'object',
                required: ['kind', 'batches', 'ballots', 'largestBatch', 'rechecked', 'busy'],
                properties: {
                  kind: { type: 'string' },
                  batches: int,
                  ballots: int,
                  largestBatch: int,
                  rechecked: int,
                  busy: {
                    ...int,
                    description: 'ballots refused 503 EVD_ERR_BUSY: the verification queue was full',
                  },
                  threads: { type: 'array', items: int },
                },
              },
            },
          },
          ...errorResponses,
        },
      },
    },
    async () => {
      const m = process.memoryUsage();
      return {
        uptimeSeconds: process.uptime(),
        memory: {
          rss: m.rss,
          heapUsed: m.heapUsed,
          heapTotal: m.heapTotal,
          external: m.external,
          arrayBuffers: m.arrayBuffers,
        },
        eventLoop: eventLoopFigures(),
        writer: {
          commits: ctx.writer.stats.commits,
          jobs: ctx.writer.stats.jobs,
          ...(writerThread(ctx) !== undefined ? { thread: writerThread(ctx) } : {}),
        },
        streams: { ...ctx.streams.stats },
        verifier: {
          kind: ctx.verifier.kind,
          batches: ctx.verifier.stats.batches,
          ballots: ctx.verifier.stats.ballots,
          largestBatch: ctx.verifier.stats.largestBatch,
          rechecked: ctx.verifier.stats.rechecked,
          busy: ctx.verifier.stats.busy,
          ...(ctx.verifier.stats.threads ? { threads: ctx.verifier.stats.threads } : {}),
        },
      };
    },
  );

  app.get(
    '/metrics/prometheus',
    {
      onRequest: requireRole(ctx.store, 'observer'),
      schema: {
        tags: ['admin'],
        summary: 'Security metrics in the Prometheus text format (version 0.0.4)',
        security: [{ bearer: [] }],
        response: { 200: { type: 'string' }, ...errorResponses },
      },
    },
    async (_req, reply) => {
      const text = await ctx.metrics.registry.metrics();
      return reply.type(ctx.metrics.registry.contentType).send(text);
    },
  );
}
