/**
 * Body limits per route (spec/server-api.md §10), each sized to the route's job: a route that
 * declares its own `bodyLimit` keeps it (ballot casts: `ballotBody`); otherwise an anonymous
 * route gets `publicBody`, an administrator's route `adminBody`, a trustee's upload
 * `trusteeBody`. Register before the routes. A body over its route's limit is refused with 413
 * EVD_ERR_BODY_TOO_LARGE as soon as its `Content-Length` says so, or when the streamed bytes
 * pass the limit — never buffered whole.
 * @module
 */
import type { FastifyInstance } from 'fastify';
import { roleCheckOf } from '../auth/authenticate-first.js';
import type { ServerLimits } from './limits.js';

/** Adds the `onRoute` hook that gives every route without its own `bodyLimit` the one of its kind. */
export function assignBodyLimits(app: FastifyInstance, limits: ServerLimits): void {
  app.addHook('onRoute', (route) => {
    if (route.bodyLimit !== undefined) return;
    const roles = roleCheckOf(route);
    route.bodyLimit =
      roles === undefined ? limits.publicBody : roles.includes('trustee') ? limits.trusteeBody : limits.adminBody;
  });
}
