/**
 * Station tally sheets (spec/server-api.md §12): `POST /elections/{id}/stations/{station}/sheets`
 * takes a signed sheet as JSON (`{signed, cvrs?}`, from the station) or as its scanned QR parts
 * (`{parts}`, base64 of each code's bytes, assembled here); `POST …/sheets/{sheetHash}/cvrs` takes
 * CVRs that come after their sheet. A station token acts for its own station only; the
 * administrator for any (a sheet scanned centrally). Every refusal of an authenticated request
 * is recorded as a security event (`security/security-events.ts`).
 * @module
 */
import type { FastifyInstance } from 'fastify';
import { checkTokenStation, requireRole } from '../auth/roles.js';
import type { ServerContext } from '../context.js';
import { checkAcceptedSheet } from '../monitoring/sheet-anomalies.js';
import { errorResponses, idSchema } from '../schemas.js';
import { recordRefusals, recordSecurityEvent } from '../security/security-events.js';
import { takeCvrs, takeSheet, type SheetAnswer } from '../sheets/sheet-intake.js';
import { entryReceiptSchema } from '../stations/entry-receipt.js';

const stationParams = {
  type: 'object',
  required: ['electionId', 'station'],
  properties: { electionId: idSchema, station: { type: 'string', minLength: 1, maxLength: 128 } },
  additionalProperties: false,
} as const;

const answerSchema = {
  type: 'object',
  required: ['sheetHash', 'receipt'],
  properties: {
    sheetHash: { type: 'string' },
    receipt: entryReceiptSchema,
    cvrsReceipt: entryReceiptSchema,
    supersededBy: { type: 'integer', description: 'a superseded sheet sent again: the effective sequence' },
  },
} as const;

/** Most QR parts of one sheet (200 contests × 10 options need far fewer). */
const MAX_PARTS = 256;

const send = (reply: { code(n: number): { send(b: unknown): unknown } }, a: SheetAnswer) =>
  reply.code(a.status).send({
    sheetHash: a.sheetHash,
    receipt: a.receipt,
    ...(a.cvrsReceipt ? { cvrsReceipt: a.cvrsReceipt } : {}),
    ...(a.supersededBy !== undefined ? { supersededBy: a.supersededBy } : {}),
  });

/** Registers the routes. */
export function sheetRoutes(app: FastifyInstance, ctx: ServerContext): void {
  const station = requireRole(ctx.store, 'station');

  app.post<{
    Params: { electionId: string; station: string };
    Body: { signed?: unknown; cvrs?: unknown; parts?: string[] };
  }>(
    '/elections/:electionId/stations/:station/sheets',
    {
      onRequest: station,
      onError: [recordRefusals(ctx, 'sheet-refused'), async () => ctx.metrics.sheetRefused()],
      schema: {
        tags: ['stations'],
        summary: "Submit a station's signed tally sheet (JSON, or its scanned QR parts) with its CVRs",
        params: stationParams,
        body: {
          type: 'object',
          additionalProperties: false,
          oneOf: [{ required: ['signed'] }, { required: ['parts'] }],
          properties: {
            signed: { type: 'object', description: 'SignedTallySheet (spec/stations.md §6)' },
            cvrs: { type: 'object', description: 'StationCvrs (spec/stations.md §7)' },
            parts: {
              type: 'array',
              minItems: 1,
              maxItems: MAX_PARTS,
              items: { type: 'string', pattern: '^[A-Za-z0-9+/_-]*={0,2}$', maxLength: 8192 },
            },
          },
        },
        response: { 200: answerSchema, 201: answerSchema, ...errorResponses },
      },
    },
    async (req, reply) => {
      const { electionId, station: label } = req.params;
      checkTokenStation(req, label);
      const { parts, signed, cvrs } = req.body;
      const answer = await takeSheet(ctx, electionId, label, parts ? { parts } : { signed }, cvrs);
      if (answer.status === 201) ctx.metrics.sheetAccepted(answer.correction === true);
      if (answer.status === 201)
        await checkAcceptedSheet(ctx, electionId, label, answer.sheetHash, req.ip, req.log);
      // a superseded sheet sent again changes nothing, but no outbox sends one after its correction
      if (answer.supersededBy !== undefined)
        await recordSecurityEvent(ctx, {
          kind: 'superseded-sheet-replayed',
          electionId,
          station: label,
          code: 'OK',
          reason: `sheet ${answer.sheetHash} was sent again after its correction (effective sheet: sequence ${answer.supersededBy})`,
          address: req.ip,
          ...(req.role ? { role: req.role } : {}),
        });
      return send(reply, answer);
    },
  );

  app.post<{ Params: { electionId: string; station: string; sheetHash: string }; Body: { cvrs: unknown } }>(
    '/elections/:electionId/stations/:station/sheets/:sheetHash/cvrs',
    {
      onRequest: station,
      onError: recordRefusals(ctx, 'cvrs-refused'),
      schema: {
        tags: ['stations'],
        summary: 'Submit the CVRs of an accepted sheet that came without them',
        params: {
          ...stationParams,
          required: [...stationParams.required, 'sheetHash'],
          properties: {
            ...stationParams.properties,
            sheetHash: { type: 'string', pattern: '^[0-9A-Fa-f]{64}$' },
          },
        },
        body: {
          type: 'object',
          required: ['cvrs'],
          additionalProperties: false,
          properties: { cvrs: { type: 'object' } },
        },
        response: { 200: answerSchema, 201: answerSchema, ...errorResponses },
      },
    },
    async (req, reply) => {
      const { electionId, station: label, sheetHash } = req.params;
      checkTokenStation(req, label);
      return send(reply, await takeCvrs(ctx, electionId, label, sheetHash, req.body.cvrs));
    },
  );
}
