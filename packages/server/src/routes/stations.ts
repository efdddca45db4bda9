/**
 * Polling-station routes (spec/server-api.md §11): the server's clock, the paper channel's keys,
 * the private roll, the stations' provisioning bundles, check-ins with their cancellations, the
 * officials' duplicates list, poll-book closing and station exclusion. A station token acts for
 * its own station only (`checkTokenStation`). Every refusal of an authenticated request records a
 * security event (`recordRefusals`), and so does each refused check-in.
 * @module
 */
import { DOCUMENT_LAST_PATTERN, DOCUMENT_TYPES, type PollBookClosing } from '@evident/record';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { checkTokenStation, requireRole } from '../auth/roles.js';
import type { ServerContext } from '../context.js';
import { errorResponses, hex, idSchema } from '../schemas.js';
import { recordRefusals } from '../security/security-events.js';
import { stationBundle } from '../stations/bundle.js';
import { takeCheckIns, type CheckIn } from '../stations/check-ins.js';
import { noteCheckIns } from '../stations/check-in-counts.js';
import { entryReceipt, entryReceiptSchema } from '../stations/entry-receipt.js';
import { closePollBook, excludeStation } from '../stations/poll-book.js';
import { importRoll, type RollVoter } from '../stations/roll.js';
import { registerPrintingKey, registerStationKey } from '../stations/station-keys.js';
import { loadElection } from '../elections/election-actions.js';

const label = { type: 'string', minLength: 1, maxLength: 256 } as const;
const text = { type: 'string', minLength: 1, maxLength: 256 } as const;
const electionParams = {
  type: 'object',
  required: ['electionId'],
  additionalProperties: false,
  properties: { electionId: idSchema },
} as const;
const stationParams = {
  type: 'object',
  required: ['electionId', 'station'],
  additionalProperties: false,
  properties: { electionId: idSchema, station: label },
} as const;
const keyBody = {
  type: 'object',
  required: ['publicKey'],
  additionalProperties: false,
  properties: { publicKey: hex(32) },
} as const;
const registered = {
  type: 'object',
  required: ['publicKey', 'receipt'],
  properties: { station: { type: 'string' }, publicKey: { type: 'string' }, receipt: entryReceiptSchema },
} as const;
const entryAnswer = {
  type: 'object',
  required: ['receipt'],
  properties: { receipt: entryReceiptSchema },
} as const;

type StationReq = FastifyRequest<{ Params: { electionId: string; station: string } }>;

/** Registers the routes. */
export function stationRoutes(app: FastifyInstance, ctx: ServerContext): void {
  const admin = requireRole(ctx.store);
  const station = requireRole(ctx.store, 'station');
  const official = requireRole(ctx.store, 'observer');
  const own = (req: StationReq): void => checkTokenStation(req, req.params.station);

  app.get(
    '/time',
    {
      schema: {
        tags: ['stations'],
        summary: "The server's clock (ms since the epoch), for the stations' clock offset",
        response: { 200: { type: 'object', required: ['now'], properties: { now: { type: 'integer' } } } },
      },
    },
    async (_req, reply) => {
      reply.header('cache-control', 'no-store');
      return { now: ctx.now() };
    },
  );

  app.put<{ Params: { electionId: string }; Body: { publicKey: string } }>(
    '/elections/:electionId/printing-key',
    {
      onRequest: admin,
      onError: recordRefusals(ctx, 'printing-key-refused'),
      schema: {
        tags: ['stations'],
        summary: "Register the election's ballot-printing key (before opening)",
        params: electionParams,
        body: keyBody,
        response: { 200: registered, 201: registered, ...errorResponses },
      },
    },
    async (req, reply) => {
      const id = req.params.electionId;
      const r = await registerPrintingKey(ctx, id, req.body.publicKey);
      return reply
        .code(r.created ? 201 : 200)
        .send({ publicKey: r.publicKey, receipt: entryReceipt(ctx, id, r.index) });
    },
  );

  app.put<{ Params: { electionId: string; station: string }; Body: { publicKey: string } }>(
    '/elections/:electionId/stations/:station/key',
    {
      onRequest: admin,
      onError: recordRefusals(ctx, 'station-key-refused'),
      schema: {
        tags: ['stations'],
        summary: "Register a polling station's device key (before opening)",
        params: stationParams,
        body: keyBody,
        response: { 200: registered, 201: registered, ...errorResponses },
      },
    },
    async (req, reply) => {
      const { electionId: id, station: st } = req.params;
      const r = await registerStationKey(ctx, id, st, req.body.publicKey);
      return reply
        .code(r.created ? 201 : 200)
        .send({ station: st, publicKey: r.publicKey, receipt: entryReceipt(ctx, id, r.index) });
    },
  );

  app.post<{ Params: { electionId: string }; Body: { voters: RollVoter[] } }>(
    '/elections/:electionId/roll',
    {
      onRequest: admin,
      onError: recordRefusals(ctx, 'roll-refused'),
      schema: {
        tags: ['stations'],
        summary: 'Import voters of the private roll, by polling station (before opening)',
        params: electionParams,
        body: {
          type: 'object',
          required: ['voters'],
          additionalProperties: false,
          properties: {
            voters: {
              type: 'array',
              minItems: 1,
              maxItems: 100000,
              items: {
                type: 'object',
                required: ['voterId', 'station', 'name'],
                additionalProperties: false,
                properties: { voterId: text, station: label, name: { type: 'string', maxLength: 256 } },
              },
            },
          },
        },
        response: {
          200: {
            type: 'object',
            required: ['imported', 'total'],
            properties: { imported: { type: 'integer' }, total: { type: 'integer' } },
          },
          ...errorResponses,
        },
      },
    },
    async (req) => importRoll(ctx, req.params.electionId, req.body.voters),
  );

  app.get<{ Params: { electionId: string; station: string } }>(
    '/elections/:electionId/stations/:station/bundle',
    {
      onRequest: station,
      onError: recordRefusals(ctx, 'bundle-refused'),
      schema: {
        tags: ['stations'],
        summary: "A station's provisioning bundle (its roll slice included: private)",
        params: stationParams,
        response: { 200: { type: 'object', additionalProperties: true }, ...errorResponses },
      },
    },
    async (req, reply) => {
      own(req);
      reply.header('cache-control', 'no-store');
      return stationBundle(ctx, req.params.electionId, req.params.station);
    },
  );

  app.post<{ Params: { electionId: string; station: string }; Body: { checkIns: CheckIn[] } }>(
    '/elections/:electionId/stations/:station/check-ins',
    {
      onRequest: station,
      onError: recordRefusals(ctx, 'check-ins-refused'),
      schema: {
        tags: ['stations'],
        summary: "Check-ins from a station's poll book (idempotent by id); cancels online credentials",
        params: stationParams,
        body: {
          type: 'object',
          required: ['checkIns'],
          additionalProperties: false,
          properties: {
            checkIns: {
              type: 'array',
              maxItems: 5000,
              items: {
                type: 'object',
                required: ['id', 'voterId', 'checkedBy', 'document', 'at'],
                additionalProperties: false,
                properties: {
                  id: { type: 'string', minLength: 1, maxLength: 64 },
                  voterId: text,
                  checkedBy: text,
                  // the station's form (spec/stations.md §4), and no other
                  document: {
                    type: 'object',
                    required: ['type', 'last'],
                    additionalProperties: false,
                    properties: {
                      type: { type: 'string', enum: [...DOCUMENT_TYPES] },
                      last: { type: 'string', pattern: DOCUMENT_LAST_PATTERN },
                    },
                  },
                  at: {
                    anyOf: [
                      { type: 'string', minLength: 1, maxLength: 64 },
                      { type: 'integer', minimum: 0 },
                    ],
                  },
                },
              },
            },
          },
        },
        response: {
          200: {
            type: 'object',
            required: ['results', 'cancellations'],
            properties: {
              results: {
                type: 'array',
                items: {
                  type: 'object',
                  required: ['id', 'status'],
                  properties: {
                    id: { type: 'string' },
                    status: { type: 'string', enum: ['accepted', 'known', 'refused'] },
                    reason: { type: 'string' },
                  },
                },
              },
              cancellations: { type: 'integer' },
            },
          },
          ...errorResponses,
        },
      },
    },
    async (req) => {
      own(req);
      const answer = await takeCheckIns(ctx, req.params.electionId, req.params.station, req.body.checkIns, {
        address: req.ip,
        ...(req.role ? { role: req.role } : {}),
      });
      if (answer.results.some((r) => r.status === 'accepted')) noteCheckIns(ctx, req.params.electionId);
      return answer;
    },
  );

  app.get<{ Params: { electionId: string } }>(
    '/elections/:electionId/stations/duplicates',
    {
      onRequest: official,
      schema: {
        tags: ['stations'],
        summary: 'Officials: voters checked in at more than one station (names voter ids)',
        params: electionParams,
        response: {
          200: {
            type: 'object',
            required: ['duplicates'],
            properties: {
              duplicates: {
                type: 'array',
                items: {
                  type: 'object',
                  required: ['voterId', 'checkIns'],
                  properties: {
                    voterId: { type: 'string' },
                    checkIns: {
                      type: 'array',
                      items: {
                        type: 'object',
                        properties: {
                          id: { type: 'string' },
                          station: { type: 'string' },
                          checkedBy: { type: 'string' },
                          document: { type: 'string' },
                          at: { type: 'string' },
                          receivedAt: { type: 'integer' },
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
    async (req, reply) => {
      const id = req.params.electionId;
      await loadElection(ctx, id);
      reply.header('cache-control', 'no-store');
      const byVoter = new Map<string, object[]>();
      for (const c of await ctx.store.duplicateCheckIns(id)) {
        let list = byVoter.get(c.voterId);
        if (!list) byVoter.set(c.voterId, (list = []));
        list.push({
          id: c.id,
          station: c.station,
          checkedBy: c.checkedBy,
          document: c.document,
          at: c.at,
          receivedAt: c.receivedAt,
        });
      }
      return { duplicates: [...byVoter].map(([voterId, checkIns]) => ({ voterId, checkIns })) };
    },
  );

  app.post<{
    Params: { electionId: string; station: string };
    Body: { closing: PollBookClosing; signature: string };
  }>(
    '/elections/:electionId/stations/:station/poll-book/close',
    {
      onRequest: station,
      onError: recordRefusals(ctx, 'poll-book-close-refused'),
      schema: {
        tags: ['stations'],
        summary: "Post a station's signed poll-book closing (a poll-book-close entry)",
        params: stationParams,
        body: {
          type: 'object',
          required: ['closing', 'signature'],
          additionalProperties: false,
          properties: {
            closing: {
              type: 'object',
              required: ['electionId', 'station', 'checkIns', 'closedAt'],
              additionalProperties: false,
              properties: {
                electionId: idSchema,
                station: label,
                checkIns: { type: 'integer', minimum: 0, maximum: 1e9 },
                closedAt: {
                  type: 'string',
                  pattern: '^\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}(\\.\\d{1,3})?Z$',
                },
              },
            },
            signature: { type: 'string', pattern: '^[0-9a-fA-F]{128}$' },
          },
        },
        response: { 200: entryAnswer, 201: entryAnswer, ...errorResponses },
      },
    },
    async (req, reply) => {
      own(req);
      const { electionId: id, station: st } = req.params;
      const r = await closePollBook(ctx, id, st, req.body.closing, req.body.signature);
      return reply.code(r.created ? 201 : 200).send({ receipt: entryReceipt(ctx, id, r.index) });
    },
  );

  app.post<{ Params: { electionId: string; station: string }; Body: { reason: string } }>(
    '/elections/:electionId/stations/:station/exclusion',
    {
      onRequest: admin,
      onError: recordRefusals(ctx, 'exclusion-refused'),
      schema: {
        tags: ['stations'],
        summary: "Record on the board why a station's poll book or sheet will not come",
        params: stationParams,
        body: {
          type: 'object',
          required: ['reason'],
          additionalProperties: false,
          properties: { reason: { type: 'string', minLength: 1, maxLength: 2000 } },
        },
        response: { 200: entryAnswer, 201: entryAnswer, ...errorResponses },
      },
    },
    async (req, reply) => {
      const { electionId: id, station: st } = req.params;
      const r = await excludeStation(ctx, id, st, req.body.reason);
      return reply.code(r.created ? 201 : 200).send({ receipt: entryReceipt(ctx, id, r.index) });
    },
  );
}
