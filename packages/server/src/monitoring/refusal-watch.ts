/**
 * The one place every coded refusal passes (the app's error and not-found handlers): it counts
 * the refusal by code and feeds the burst rules with refused ballot submissions — one by client
 * address, one by the submission's credential — recording a security event
 * `anomaly-refusal-burst` or `anomaly-credential-burst` when a rule raises an alert.
 * @module
 */
import type { FastifyRequest } from 'fastify';
import type { ServerContext } from '../context.js';
import { recordSecurityEvent } from '../security/security-events.js';
import { REFUSAL_BURST_WINDOW_MS } from './refusal-burst.js';
import { noteCredentialRefusal } from './credential-burst.js';

/** The routes that submit ballots (cast and challenge): their refusals feed the burst rule. */
const BALLOT_ROUTES = new Set(['/elections/:electionId/ballots', '/elections/:electionId/challenges']);

/**
 * Notes that `req` is answered with the coded error `code`.
 * Never throws: a failure to record the event is logged, and the refusal is answered anyway.
 */
export async function noteRefusal(ctx: ServerContext, req: FastifyRequest, code: string): Promise<void> {
  ctx.metrics.refused(code, req.ip);
  if (!BALLOT_ROUTES.has(req.routeOptions.url ?? '')) return;
  const params = (req.params ?? {}) as { electionId?: unknown };
  await noteCredentialRefusal(ctx, req, code);
  const count = ctx.refusalBursts.observe(req.ip, ctx.now());
  if (count === undefined) return;
  try {
    await recordSecurityEvent(ctx, {
      kind: 'anomaly-refusal-burst',
      ...(typeof params.electionId === 'string' ? { electionId: params.electionId } : {}),
      code,
      reason: `${count} ballot submissions refused from this address within ${REFUSAL_BURST_WINDOW_MS / 1000} s`,
      address: req.ip,
    });
  } catch (e) {
    req.log.error({ err: e }, 'anomaly event not recorded');
  }
}
