/**
 * Anomaly rule "a burst of refused ballots for one credential" (spec/server-api.md §6.4): the
 * ballot submissions naming one credential of the election's list are refused
 * {@link REFUSAL_BURST_THRESHOLD} times within {@link REFUSAL_BURST_WINDOW_MS}, from any
 * addresses — someone trying a stolen credential code's neighbours, or replaying a voter's
 * ballot from many machines so that the per-address rule stays quiet. One alert per credential
 * and window. A credential is public (it is on the board's list); only its first 16 hex digits
 * go in the reason.
 * @module
 */
import type { FastifyRequest } from 'fastify';
import type { ServerContext } from '../context.js';
import { recordSecurityEvent } from '../security/security-events.js';
import { REFUSAL_BURST_WINDOW_MS, refusalBurstRule, type RefusalBurstRule } from './refusal-burst.js';

/** The rule of each app (several apps may share a process: tests). */
const rules = new WeakMap<ServerContext, RefusalBurstRule>();

/** The credential a ballot submission names (upper-case hex), if it names one that could be. */
function credentialOf(body: unknown): string | undefined {
  const c = (body as { ballot?: { credential?: unknown } } | undefined)?.ballot?.credential;
  if (typeof c !== 'string' || c.length === 0 || c.length > 1024 || !/^[0-9A-Fa-f]+$/.test(c))
    return undefined;
  return c.toUpperCase();
}

/**
 * Notes one refused ballot submission; records `anomaly-credential-burst` when the rule raises
 * an alert for a credential on the election's list (a made-up credential raises none, so that a
 * flood of random ones cannot fill the officials' page). Never throws.
 */
export async function noteCredentialRefusal(
  ctx: ServerContext,
  req: FastifyRequest,
  code: string,
): Promise<void> {
  const electionId = (req.params as { electionId?: unknown } | undefined)?.electionId;
  const credential = credentialOf(req.body);
  if (typeof electionId !== 'string' || credential === undefined) return;
  let rule = rules.get(ctx);
  if (!rule) rules.set(ctx, (rule = refusalBurstRule()));
  const count = rule.observe(`${electionId}\n${credential}`, ctx.now());
  if (count === undefined) return;
  try {
    if (!(await ctx.store.hasCredential(electionId, credential))) return;
    await recordSecurityEvent(ctx, {
      kind: 'anomaly-credential-burst',
      electionId,
      code,
      reason:
        `${count} ballot submissions refused for credential ${credential.slice(0, 16)}… ` +
        `within ${REFUSAL_BURST_WINDOW_MS / 1000} s`,
      field: 'ballot.credential',
      address: req.ip,
    });
  } catch (e) {
    req.log.error({ err: e }, 'anomaly event not recorded');
  }
}
