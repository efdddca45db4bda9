/**
 * Authentication before the body (spec/server-api.md §10): every route that checks a role must
 * do it in its `onRequest` hook, which fastify runs before it reads the body. A route that
 * checks later (`preParsing`, `preValidation`, `preHandler`) would let anyone make the server
 * read, parse and validate a body of the route's limit before the refusal: registering one
 * throws, so the mistake cannot reach a running server.
 * @module
 */
import type { FastifyInstance, RouteOptions } from 'fastify';
import { isRoleCheck, ROLE_CHECK } from './roles.js';
import type { Role } from '../store/store.js';

/** What {@link guardRoleChecks} learns of a route. */
export interface RouteAuth {
  readonly method: string;
  readonly url: string;
  /** The roles its check admits besides the administrator. */
  readonly roles: readonly Role[];
}

const hooks = (h: unknown): unknown[] => (h === undefined ? [] : Array.isArray(h) ? h : [h]);

/** The role check of a route's `onRequest` hooks, if it has one. */
export function roleCheckOf(route: Pick<RouteOptions, 'onRequest'>): readonly Role[] | undefined {
  const f = hooks(route.onRequest).find(isRoleCheck);
  return f ? f[ROLE_CHECK] : undefined;
}

/**
 * Adds an `onRoute` hook (register it before the routes): a role check after `onRequest`
 * throws; every authenticated route is pushed to `authenticated`.
 * @throws {Error} (at route registration) naming the route whose role check comes too late
 */
export function guardRoleChecks(app: FastifyInstance, authenticated: RouteAuth[]): void {
  app.addHook('onRoute', (route) => {
    const late = [route.preParsing, route.preValidation, route.preHandler].flatMap(hooks);
    if (late.some(isRoleCheck))
      throw new Error(
        `${String(route.method)} ${route.url}: a role check must be the route's onRequest hook (before the body is read)`,
      );
    const roles = roleCheckOf(route);
    if (roles) authenticated.push({ method: String(route.method), url: route.url, roles });
  });
}
