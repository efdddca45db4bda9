/**
 * The app factory: `buildApp(opts)` assembles the server from its plugins and routes
 * (spec/server-api.md). Tests call it with an in-memory store and `app.inject()`; the CLI
 * with a SQLite file and a worker-thread verifier.
 * @module
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import rateLimit from '@fastify/rate-limit';
import swagger from '@fastify/swagger';
import { generateLogKey, isInvalidData, logPublicKey, toHex, fromHex } from '@evident/e2e-crypto';
import { specSchema } from '@evident/record';
import Fastify, { type FastifyError, type FastifyInstance } from 'fastify';
import { guardRoleChecks, type RouteAuth } from './auth/authenticate-first.js';
import { tokenRow } from './auth/tokens.js';
import { loadElectionLogs } from './board/election-logs.js';
import { createWriter } from './board/writer.js';
import { followCommits } from './board/commit-feed.js';
import type { ServerContext } from './context.js';
import { armCloseTimer } from './elections/election-actions.js';
import { ApiError, errorBody, errorSchema, type ErrorCode } from './errors.js';
import type { IdentityProvider } from './identity/identity-provider.js';
import { oidcIdentityProvider } from './identity/oidc-identity.js';
import type { RelyingParty } from './identity/oidc-relying-party.js';
import { oidcLoginRoutes } from './identity/oidc-routes.js';
import { sharedLoginStore } from './identity/shared-login-store.js';
import { assignBodyLimits } from './limits/body-limits.js';
import { clientErrorHandler } from './limits/client-errors.js';
import { resolveLimits, type ServerLimits } from './limits/limits.js';
import { streamGate } from './limits/stream-gate.js';
import { monitoringRoutes } from './monitoring/monitoring-routes.js';
import { refusalBurstRule } from './monitoring/refusal-burst.js';
import { noteRefusal } from './monitoring/refusal-watch.js';
import { serverMetrics } from './monitoring/server-metrics.js';
import { stationsLastHeard } from './monitoring/station-activity.js';
import { officialsPageRoutes } from './officials/officials-routes.js';
import { adminRoutes } from './routes/admin.js';
import { ballotRoutes } from './routes/ballots.js';
import { boardRoutes } from './routes/board.js';
import { boardCredentialRoutes } from './routes/board-credential.js';
import { decryptionRoutes } from './routes/decryption.js';
import { displayPageRoutes } from './routes/display-page.js';
import { electionRoutes } from './routes/elections.js';
import { metricsRoutes } from './routes/metrics.js';
import { rankedRoutes } from './routes/ranked.js';
import { resultRoutes } from './routes/results.js';
import { sheetRoutes } from './routes/sheets.js';
import { stationRoutes } from './routes/stations.js';
import { trackerPageRoutes } from './routes/tracker-page.js';
import { voterPageRoutes } from './routes/voter-page.js';
import { electionSchema, receiptSchema, submissionSchema, treeHeadSchema } from './schemas.js';
import { securityRoutes } from './security/security-routes.js';
import { reportRoutes } from './report/report-routes.js';
import { sharedCompilers } from './schema-compilers.js';
import { openStore } from './store/open-store.js';
import { StoreUnavailableError, type Store } from './store/store.js';
import { BusyError, inlineVerifier, type BallotVerifier } from './verify/verifier.js';
import { ajvCustomOptions, validationRefusal } from './verify/submission-text.js';
import { sweepStageFiles } from './ranked/stage-file-store.js';
import { resumePublications } from './tally/publication-jobs.js';

/** Options of {@link buildApp}. */
export interface AppOptions {
  /** The store; default: the one `db` names (store/open-store.ts). */
  readonly store?: Store;
  /** `postgres://…` / `postgresql://…`, or a SQLite file (default `dbPath`, else ':memory:'). */
  readonly db?: string;
  /** A PostgreSQL streaming replica for the reads that tolerate staleness (`--db-read`, spec §6.7). */
  readonly dbRead?: string;
  /** SQLite file (the older name of `db`). */
  readonly dbPath?: string;
  readonly durability?: 'full' | 'normal';
  /** SQLite: how often other processes' commits are looked for (ms, default 50). */
  readonly noticeMs?: number;
  /** SQLite file: who writes the batches, a thread of their own (default) or the event loop. */
  readonly sqliteWriter?: 'thread' | 'inline';
  /** The board writer's commit delay, ms (spec/server-api.md §8 `writerGroupMs`; default 0). */
  readonly writerGroupMs?: number;
  /** Bootstrap administrator token: stored (hashed) if no administrator token exists. */
  readonly adminToken?: string;
  /** Ed25519 secret key for tree heads (hex); default: kept in the store, generated once. */
  readonly logSecretKey?: string;
  /** Requests per minute per client IP; false disables. Default 6000. */
  readonly rateLimit?: { readonly max: number; readonly timeWindow: number } | false;
  /** Reverse proxies (addresses, CIDRs) whose X-Forwarded-For is believed; default none. */
  readonly trustProxy?: false | readonly string[];
  /** Body sizes, stream caps, page sizes, timeouts (spec/server-api.md §10); defaults for the rest. */
  readonly limits?: Partial<ServerLimits>;
  /** Ballot verifier (default: inline). */
  readonly verifier?: BallotVerifier;
  readonly identity?: IdentityProvider;
  /** The voters' eID login (identity/oidc-relying-party.ts); its sessions are the identity unless `identity` is given. */
  readonly oidc?: RelyingParty;
  readonly logger?: boolean;
  readonly now?: () => number;
  /**
   * The folder under which the app makes its spool folder for large answers (default the
   * system's temporary folder; give one on a disk, not a RAM-backed /tmp, at national scale).
   */
  readonly spoolDir?: string;
}

/** Builds the app (not listening). Closing the app closes the store and the verifier. */
export async function buildApp(opts: AppOptions = {}): Promise<FastifyInstance & { evident: ServerContext }> {
  const store =
    opts.store ??
    (await openStore(opts.db ?? opts.dbPath ?? ':memory:', {
      durability: opts.durability ?? 'full',
      ...(opts.noticeMs !== undefined ? { noticeMs: opts.noticeMs } : {}),
      ...(opts.sqliteWriter !== undefined ? { sqliteWriter: opts.sqliteWriter } : {}),
      ...(opts.dbRead !== undefined ? { readDb: opts.dbRead } : {}),
    }));
  const now = opts.now ?? Date.now;

  // the log signing key: given, or kept in the store (written under the write lock, so that nodes
  // starting at once on an empty store agree on one key)
  const secretHex =
    opts.logSecretKey ??
    (await store.writeBatch(async () => {
      const kept = await store.getMeta('log-secret-key');
      if (kept) return { mutations: [], value: kept };
      const fresh = toHex(generateLogKey().secretKey);
      return { mutations: [{ kind: 'meta', key: 'log-secret-key', value: fresh }], value: fresh };
    }));
  const secretKey = fromHex(secretHex, 'logSecretKey');
  const logs = await loadElectionLogs(store, secretKey, logPublicKey(secretKey));
  const writer = createWriter(
    store,
    logs,
    undefined,
    {
      // never expected (the writer catches up under the lock first): worth an operator's look
      logConflict(e, elections) {
        ctx.metrics.logConflict();
        app.log.warn(
          { event: 'log-conflict', elections, error: e.message },
          'a write batch was refused: the log was out of step with the store (503, nothing written; the log was reloaded)',
        );
      },
    },
    opts.writerGroupMs ?? 0,
  );
  if (opts.adminToken) {
    const { hashToken } = await import('./auth/tokens.js');
    const token = opts.adminToken;
    await store.writeBatch(async () => ({
      mutations: (await store.findToken(hashToken(token)))
        ? []
        : [{ kind: 'token', row: tokenRow(token, 'administrator', 'bootstrap', now()) }],
      value: undefined,
    }));
  }
  // the voters' login state in the store: a login started on one node finishes on any other
  const oidc = opts.oidc?.withStore(sharedLoginStore(store, now));
  const limits = resolveLimits(opts.limits);
  const authenticatedRoutes: RouteAuth[] = [];
  const streams = streamGate(limits);
  const ctx: ServerContext = {
    store,
    writer,
    logs,
    verifier: opts.verifier ?? inlineVerifier(),
    identity: opts.identity ?? (oidc ? oidcIdentityProvider(oidc.store, now) : undefined),
    now,
    closeTimers: new Map(),
    limits,
    streams,
    metrics: serverMetrics(streams.stats, now, () => stationsLastHeard(ctx)),
    refusalBursts: refusalBurstRule(),
    spoolDir: mkdtempSync(join(opts.spoolDir ?? tmpdir(), 'evident-spool-')),
    authenticatedRoutes,
  };

  const app = Fastify({
    logger: opts.logger ?? false,
    trustProxy: opts.trustProxy ? [...opts.trustProxy] : false,
    bodyLimit: limits.publicBody,
    // a path parameter may be an eg-4096 credential: 512 bytes, 1024 hex digits
    routerOptions: { maxParamLength: 1024 },
    connectionTimeout: limits.connectionTimeout,
    requestTimeout: limits.requestTimeout,
    keepAliveTimeout: limits.keepAliveTimeout,
    clientErrorHandler,
    ajv: {
      customOptions: { ...ajvCustomOptions },
    },
    // fastify's compilers; what they compile is kept for the process (schema-compilers.ts)
    schemaController: { compilersFactory: sharedCompilers },
  });

  app.server.headersTimeout = limits.headersTimeout;
  app.addSchema(errorSchema);
  app.addSchema(treeHeadSchema);
  app.addSchema(receiptSchema);
  app.addSchema(submissionSchema);
  app.addSchema(electionSchema);
  // the schemas of spec/schemas/ the routes `$ref` (fastify's Ajv is draft-07 and takes the
  // trustee files' 2020-12 schemas without their `$schema`: they use no keyword that differs)
  for (const name of [
    'common',
    'manifest',
    'election-key',
    'partial-decryption',
    'decryption-response',
    'mix-stage',
  ] as const) {
    const s = specSchema(name);
    delete s.$schema;
    app.addSchema(s);
  }

  await app.register(swagger, {
    openapi: {
      openapi: '3.0.3',
      info: {
        title: 'evident-server',
        description:
          'Bulletin board, online voting and election lifecycle (spec/server-api.md, spec/bulletin-board.md)',
        version: '0.1.0',
      },
      components: { securitySchemes: { bearer: { type: 'http', scheme: 'bearer' } } },
    },
  });
  if (opts.rateLimit !== false) {
    await app.register(rateLimit, {
      max: opts.rateLimit?.max ?? 6000,
      timeWindow: opts.rateLimit?.timeWindow ?? 60_000,
      errorResponseBuilder: (_req, c) =>
        errorBody('EVD_ERR_RATE_LIMITED', `rate limit: ${c.max} requests per ${c.after}`),
    });
  }

  app.setErrorHandler(async (err: FastifyError | ApiError | Error, req, reply) => {
    const send = async (code: ErrorCode, message: string, field?: string) => {
      await noteRefusal(ctx, req, code);
      const body = errorBody(code, message, field);
      // a body refused for its size is left unread: close rather than read it to reuse the socket
      if (code === 'EVD_ERR_BODY_TOO_LARGE') reply.header('connection', 'close');
      return reply.code(body.statusCode).send(body);
    };
    if (err instanceof StoreUnavailableError) {
      // the database is down or restarting: no refusal to note (that would need the store)
      const body = errorBody('EVD_ERR_UNAVAILABLE', 'the database is unavailable, retry later');
      return reply.code(body.statusCode).header('retry-after', String(err.retryAfter)).send(body);
    }
    if (err instanceof BusyError) {
      // the verification queue is full: not the ballot's fault, so no refusal is noted
      const body = errorBody(err.code, err.message);
      return reply.code(body.statusCode).header('retry-after', String(err.retryAfter)).send(body);
    }
    if (err instanceof ApiError) return send(err.code, err.message, err.field);
    if (isInvalidData(err)) return send('EVD_ERR_INVALID_DATA', err.message, err.field);
    const fe = err as FastifyError;
    if (fe.validation) {
      // a missing property is reported at its parent: the field names the property itself
      const { field } = validationRefusal(fe.validation, fe.validationContext ?? '');
      return send('EVD_ERR_VALIDATION', fe.message.slice(0, 300), field);
    }
    switch (fe.code) {
      case 'FST_ERR_CTP_INVALID_JSON_BODY':
      case 'FST_ERR_CTP_EMPTY_JSON_BODY':
        return send('EVD_ERR_MALFORMED_JSON', 'the body is not valid JSON');
      case 'FST_ERR_CTP_BODY_TOO_LARGE':
        return send('EVD_ERR_BODY_TOO_LARGE', 'the body is too large');
      case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
        return send('EVD_ERR_UNSUPPORTED_MEDIA_TYPE', 'use Content-Type: application/json');
      case 'FST_ERR_CTP_INVALID_CONTENT_LENGTH':
        return send('EVD_ERR_BAD_REQUEST', 'bad Content-Length');
    }
    if (err instanceof SyntaxError) return send('EVD_ERR_MALFORMED_JSON', 'the body is not valid JSON');
    if (typeof fe.statusCode === 'number' && fe.statusCode === 429)
      return send('EVD_ERR_RATE_LIMITED', fe.message);
    if (typeof fe.statusCode === 'number' && fe.statusCode >= 400 && fe.statusCode < 500) {
      return send('EVD_ERR_BAD_REQUEST', fe.message.slice(0, 300));
    }
    req.log.error({ err }, 'internal error');
    return send('EVD_ERR_INTERNAL', 'internal error');
  });
  app.setNotFoundHandler(async (req, reply) => {
    await noteRefusal(ctx, req, 'EVD_ERR_NOT_FOUND');
    const body = errorBody(
      'EVD_ERR_NOT_FOUND',
      `no route ${req.method} ${req.url.split('?')[0]!.slice(0, 200)}`,
    );
    return reply.code(404).send(body);
  });

  guardRoleChecks(app, authenticatedRoutes);
  assignBodyLimits(app, ctx);
  adminRoutes(app, ctx);
  electionRoutes(app, ctx);
  ballotRoutes(app, ctx);
  boardRoutes(app, ctx);
  boardCredentialRoutes(app, ctx);
  resultRoutes(app, ctx);
  metricsRoutes(app, ctx);
  decryptionRoutes(app, ctx);
  rankedRoutes(app, ctx);
  stationRoutes(app, ctx);
  voterPageRoutes(app, ctx);
  displayPageRoutes(app, ctx);
  trackerPageRoutes(app, ctx);
  sheetRoutes(app, ctx);
  securityRoutes(app, ctx);
  monitoringRoutes(app, ctx);
  officialsPageRoutes(app, ctx);
  oidcLoginRoutes(app, ctx, oidc);
  reportRoutes(app, ctx);
  app.get('/openapi.json', { schema: { hide: true } }, async () => app.swagger());

  for (const e of await store.listElections()) armCloseTimer(ctx, e);
  // stage files a node stored before dying, its entry never written (spec/mixnet.md §8.6)
  await sweepStageFiles(store);
  const unfollow = followCommits(ctx);
  // publications a node left unfinished: the responses are in, the results not out (§7.2)
  const resumed = await resumePublications(ctx, app.log);
  if (resumed.length > 0)
    app.log.info({ event: 'publication-resumed', elections: resumed }, 'resuming unfinished publications');
  app.addHook('onClose', async () => {
    unfollow();
    for (const t of ctx.closeTimers.values()) clearTimeout(t);
    await writer.drain();
    await ctx.verifier.close();
    await store.close();
    rmSync(ctx.spoolDir, { recursive: true, force: true });
  });
  return Object.assign(app, { evident: ctx }) as unknown as FastifyInstance & { evident: ServerContext };
}
