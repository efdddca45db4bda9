/**
 * Body limits per route (spec/server-api.md §10), each sized to the route's job: a route that
 * declares its own `bodyLimit` keeps it (ballot casts: `ballotBody`); otherwise an anonymous
 * route gets `publicBody`, an administrator's route `adminBody`, a trustee's upload
 * `trusteeBody` and, below that, the size its election's counts allow. Register before the routes. A body over its route's limit is refused with 413
 * EVD_ERR_BODY_TOO_LARGE as soon as its `Content-Length` says so, or when the streamed bytes
 * pass the limit — never buffered whole.
 * @module
 */
import type { FastifyInstance, preParsingHookHandler } from 'fastify';
import { roleCheckOf } from '../auth/authenticate-first.js';
import type { ServerContext } from '../context.js';
import { boundTrusteeUpload } from './upload-bound.js';

/**
 * Adds the `onRoute` hook that gives every route without its own `bodyLimit` the one of its
 * kind, and every trustee upload the bound of its election (`upload-bound.ts`).
 */
export function assignBodyLimits(app: FastifyInstance, ctx: ServerContext): void {
  const { limits } = ctx;
  const perElection = boundTrusteeUpload(ctx) as unknown as preParsingHookHandler;
  app.addHook('onRoute', (route) => {
    const roles = roleCheckOf(route);
    const trustee = roles?.includes('trustee') === true;
    if (trustee && route.method !== 'GET') {
      const hooks = route.preParsing === undefined ? [] : [route.preParsing].flat();
      route.preParsing = [...hooks, perElection];
    }
    if (route.bodyLimit !== undefined) return;
    route.bodyLimit =
      roles === undefined ? limits.publicBody : trustee ? limits.trusteeBody : limits.adminBody;
  });
}
