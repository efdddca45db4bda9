/**
 * Election lifecycle routes (spec/server-api.md §4).
 * @module
 */
import type { FastifyInstance } from 'fastify';
import { requireRole } from '../auth/roles.js';
import type { ServerContext } from '../context.js';
import {
  armCloseTimer,
  closeElection,
  configOf,
  createElection,
  importKeyCeremony,
  issueCredentials,
  loadElection,
  openElection,
  setSchedule,
  type CreateElectionBody,
  type CredentialsBody,
  type KeyCeremonyBody,
  type ScheduleBody,
} from '../elections/election-actions.js';
import { countingStartOf } from '../elections/counting-start.js';
import type { ElectionKeyJson } from '../elections/election-key.js';
import type { ElectionRow } from '../store/store.js';
import { anyObject, electionParams, errorResponses, hex, idSchema, trusteeFileRef } from '../schemas.js';
import { toHex, type Manifest } from '@evident/e2e-crypto';

const localTime = { type: 'string', pattern: '^\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}(:\\d{2})?$' } as const;
const tz = { type: 'string', minLength: 1, maxLength: 64 } as const;

/** The public summary of an election. */
export async function summary(ctx: ServerContext, e: ElectionRow) {
  const cfg = configOf(e);
  return {
    id: e.id,
    state: e.state,
    profile: e.profile,
    timeZone: cfg.timeZone,
    ...(cfg.closeAt !== undefined ? { closeAt: cfg.closeAt, closeAtInstant: cfg.closeAtInstant } : {}),
    ...countingStartOf(cfg, (JSON.parse(e.manifest) as Manifest).endDate),
    requireIdentity: cfg.requireIdentity,
    ...(cfg.extendedBaseHash
      ? {
          extendedBaseHash: cfg.extendedBaseHash,
          jointKey: cfg.jointKey,
          guardians: cfg.guardians,
          quorum: cfg.quorum,
        }
      : {}),
    credentials: await ctx.store.countCredentials(e.id),
    ballots: await ctx.store.ballotCounts(e.id),
    treeSize: ctx.logs.get(e.id)?.size ?? 0,
    logPublicKey: toHex(ctx.logs.publicKey),
  };
}

/** Registers the routes. */
export function electionRoutes(app: FastifyInstance, ctx: ServerContext): void {
  const admin = requireRole(ctx.store);
  const ok = { 200: { $ref: 'Election#' }, ...errorResponses };

  app.post<{ Body: CreateElectionBody }>(
    '/elections',
    {
      onRequest: admin,
      schema: {
        tags: ['lifecycle'],
        summary: 'Create an election from a manifest',
        body: {
          type: 'object',
          required: ['id', 'profile', 'manifest', 'timeZone'],
          additionalProperties: false,
          properties: {
            id: idSchema,
            profile: { type: 'string', enum: ['ristretto255', 'eg-4096'] },
            manifest: { $ref: 'https://evident.example/schemas/record/manifest.schema.json#' },
            timeZone: tz,
            closeAt: localTime,
            countingStart: localTime,
            requireIdentity: { type: 'boolean' },
          },
        },
        response: { 201: { $ref: 'Election#' }, ...errorResponses },
      },
    },
    async (req, reply) => {
      const e = await createElection(ctx, req.body);
      armCloseTimer(ctx, e);
      // the manifest as published (with the board's key): what the trustees' `config` hashes
      return reply.code(201).send({ ...(await summary(ctx, e)), manifest: JSON.parse(e.manifest) });
    },
  );

  app.get(
    '/elections',
    {
      schema: {
        tags: ['lifecycle'],
        summary: 'List elections',
        response: {
          200: {
            type: 'object',
            required: ['elections'],
            properties: { elections: { type: 'array', items: { $ref: 'Election#' } } },
          },
        },
      },
    },
    async () => ({
      elections: await Promise.all((await ctx.store.listElections()).map((e) => summary(ctx, e))),
    }),
  );

  app.get<{ Params: { electionId: string } }>(
    '/elections/:electionId',
    { schema: { tags: ['lifecycle'], summary: 'An election', params: electionParams, response: ok } },
    async (req) => summary(ctx, await loadElection(ctx, req.params.electionId)),
  );

  app.get<{ Params: { electionId: string } }>(
    '/elections/:electionId/manifest',
    {
      schema: {
        tags: ['lifecycle'],
        summary: 'The manifest',
        params: electionParams,
        response: { 200: anyObject, ...errorResponses },
      },
    },
    async (req) => JSON.parse((await loadElection(ctx, req.params.electionId)).manifest),
  );

  app.post<{ Params: { electionId: string }; Body: KeyCeremonyBody | { electionKey: ElectionKeyJson } }>(
    '/elections/:electionId/key-ceremony',
    {
      onRequest: admin,
      schema: {
        tags: ['lifecycle'],
        summary: 'Import the key-ceremony output of evident-trustee',
        params: electionParams,
        body: {
          type: 'object',
          oneOf: [{ required: ['quorum', 'initialized'] }, { required: ['electionKey'] }],
          additionalProperties: false,
          properties: {
            quorum: { type: 'integer', minimum: 1, maximum: 1000 },
            initialized: {
              type: 'object',
              required: ['guardians', 'jointKey', 'extendedBaseHash'],
              properties: {
                guardians: {
                  type: 'array',
                  minItems: 1,
                  maxItems: 1000,
                  items: {
                    type: 'object',
                    required: ['index', 'commitments', 'proofs'],
                    properties: {
                      index: { type: 'integer' },
                      commitments: { type: 'array', maxItems: 1000, items: hex(512) },
                      proofs: {
                        type: 'array',
                        maxItems: 1000,
                        items: {
                          type: 'object',
                          required: ['v'],
                          properties: { h: hex(512), c: hex(32), v: hex(32) },
                        },
                      },
                      signingKey: hex(32),
                      signingKeyProof: {
                        type: 'object',
                        required: ['v'],
                        properties: { h: hex(512), c: hex(32), v: hex(32) },
                      },
                    },
                  },
                },
                jointKey: hex(512),
                extendedBaseHash: hex(32),
              },
            },
            // the file `finalize` writes, validated by its schema in spec/schemas/trustee/
            electionKey: trusteeFileRef('election-key'),
          },
        },
        response: ok,
      },
    },
    async (req) => summary(ctx, await importKeyCeremony(ctx, req.params.electionId, req.body)),
  );

  app.post<{ Params: { electionId: string }; Body: CredentialsBody }>(
    '/elections/:electionId/credentials',
    {
      onRequest: admin,
      schema: {
        tags: ['lifecycle'],
        summary: 'Issue credentials to voters, or import public credentials',
        params: electionParams,
        body: {
          type: 'object',
          additionalProperties: false,
          minProperties: 1,
          properties: {
            voters: {
              type: 'array',
              maxItems: 100000,
              items: { type: 'string', minLength: 1, maxLength: 256 },
            },
            publicCredentials: { type: 'array', maxItems: 100000, items: hex(512) },
          },
        },
        response: {
          200: {
            type: 'object',
            required: ['issued', 'total'],
            properties: {
              total: { type: 'integer' },
              issued: {
                type: 'array',
                items: {
                  type: 'object',
                  properties: {
                    voterId: { type: 'string' },
                    credential: { type: 'string' },
                    code: { type: 'string' },
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
      reply.header('cache-control', 'no-store'); // the codes are secrets
      return issueCredentials(ctx, req.params.electionId, req.body);
    },
  );

  app.post<{ Params: { electionId: string } }>(
    '/elections/:electionId/open',
    {
      onRequest: admin,
      schema: { tags: ['lifecycle'], summary: 'Open voting', params: electionParams, response: ok },
    },
    async (req) => {
      const e = await openElection(ctx, req.params.electionId);
      armCloseTimer(ctx, e);
      return summary(ctx, e);
    },
  );

  app.post<{ Params: { electionId: string } }>(
    '/elections/:electionId/close',
    {
      onRequest: admin,
      schema: { tags: ['lifecycle'], summary: 'Close voting now', params: electionParams, response: ok },
    },
    async (req) => {
      const e = await closeElection(ctx, req.params.electionId, 'administrator');
      armCloseTimer(ctx, e);
      return summary(ctx, e);
    },
  );

  app.put<{ Params: { electionId: string }; Body: ScheduleBody }>(
    '/elections/:electionId/schedule',
    {
      onRequest: admin,
      schema: {
        tags: ['lifecycle'],
        summary: 'Schedule the close (and, before opening, the counting start) in election-local time',
        params: electionParams,
        body: {
          type: 'object',
          required: ['timeZone'],
          additionalProperties: false,
          properties: { timeZone: tz, closeAt: localTime, countingStart: localTime },
        },
        response: ok,
      },
    },
    async (req) => {
      const e = await setSchedule(ctx, req.params.electionId, req.body);
      armCloseTimer(ctx, e);
      return summary(ctx, e);
    },
  );
}
