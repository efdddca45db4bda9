/**
 * Security events (spec/server-api.md §12.4): every refusal of station input — a sheet, CVRs, a
 * check-in, a key, a bundle request, a poll-book closing, an exclusion — is kept for the
 * officials: when, what, which election and station, the code and reason answered, and the
 * client's address. Never a secret: the reason is the answer's message, which holds none
 * (spec/server-api.md §2), and no token or key is ever recorded.
 * @module
 */
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Tx } from '../board/writer.js';
import type { ServerContext } from '../context.js';
import { ApiError, ERROR_STATUS, type ErrorCode } from '../errors.js';
import type { SecurityEventRow } from '../store/store.js';

/** What a caller says about a refusal. */
export interface SecurityEvent {
  readonly kind: string;
  readonly electionId?: string;
  readonly station?: string;
  readonly code: string;
  readonly reason: string;
  readonly field?: string;
  readonly address: string;
  readonly role?: string;
}

/** Longest reason kept (an answer's message is short; a bound keeps the table small). */
const MAX_REASON = 500;

/** The stored row of an event, timed by the server's clock. */
function eventRow(ctx: ServerContext, ev: SecurityEvent): SecurityEventRow {
  return {
    time: ctx.now(),
    kind: ev.kind,
    electionId: ev.electionId ?? null,
    station: ev.station ?? null,
    code: ev.code,
    reason: ev.reason.slice(0, MAX_REASON),
    field: ev.field ?? null,
    address: ev.address,
    role: ev.role ?? null,
  };
}

/**
 * Records one security event in a commit of its own (nothing else is written with it: the
 * refused request changed nothing).
 */
export async function recordSecurityEvent(ctx: ServerContext, ev: SecurityEvent): Promise<void> {
  const row = eventRow(ctx, ev);
  await ctx.writer.submit((tx) => tx.mutate({ kind: 'security-event', row }));
  // an alert of the anomaly rules (spec/server-api.md §6.4) is counted for Prometheus too
  if (ev.kind.startsWith('anomaly-')) ctx.metrics.alerted(ev.kind);
}

/**
 * Stages one security event in a writer job, for a request that is answered but refuses some of
 * its items (check-ins): the event commits with what the request did take, or not at all.
 */
export function stageSecurityEvent(ctx: ServerContext, tx: Tx, ev: SecurityEvent): void {
  tx.mutate({ kind: 'security-event', row: eventRow(ctx, ev) });
}

/** The code and message of an error as the error handler will answer it. */
function answered(err: unknown): { code: string; message: string; field?: string } | undefined {
  if (err instanceof ApiError) return { code: err.code, message: err.message, field: err.field };
  const fe = err as { validation?: unknown; message?: string; statusCode?: number };
  if (fe.validation) return { code: 'EVD_ERR_VALIDATION', message: String(fe.message ?? '').slice(0, 300) };
  const name = (err as { code?: string }).code;
  if (typeof name === 'string' && name in ERROR_STATUS)
    return { code: name as ErrorCode, message: String(fe.message ?? '') };
  return undefined;
}

/**
 * A route `onError` hook that records a security event of `kind` for every refusal of an
 * authenticated request (4xx other than the role check's own 401/403: an anonymous flood must
 * not become a flood of writes). `station` and `electionId` are read from the path.
 */
export function recordRefusals(ctx: ServerContext, kind: string) {
  return async (req: FastifyRequest, _reply: FastifyReply, err: Error): Promise<void> => {
    if (req.role === undefined) return; // refused before authentication: not recorded
    const a = answered(err);
    if (!a) return;
    const status = ERROR_STATUS[a.code as ErrorCode] ?? 500;
    if (status < 400 || status >= 500 || status === 413 || status === 429) return;
    const params = (req.params ?? {}) as { electionId?: unknown; station?: unknown };
    try {
      await recordSecurityEvent(ctx, {
        kind,
        ...(typeof params.electionId === 'string' ? { electionId: params.electionId } : {}),
        ...(typeof params.station === 'string' ? { station: params.station } : {}),
        code: a.code,
        reason: a.message,
        ...(a.field ? { field: a.field } : {}),
        address: req.ip,
        role: req.role,
      });
    } catch (e) {
      req.log.error({ err: e }, 'security event not recorded');
    }
  };
}
