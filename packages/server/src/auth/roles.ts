/**
 * Role checks (spec/server-api.md §3): routes declare the roles they accept; the
 * administrator role is accepted everywhere. The bearer token is looked up by its hash.
 * A role check is an `onRequest` hook: it runs before fastify reads and parses the body, so an
 * anonymous client cannot make the server read, parse or validate a large body
 * (spec/server-api.md §10; `auth/authenticate-first.ts` refuses a route that checks later).
 * Further checks of an authenticated upload (e.g. its signature) belong after parsing, in the
 * route's handler or a `preHandler`, once the role check has admitted the request.
 * @module
 */
import type { FastifyReply, FastifyRequest } from 'fastify';
import { ApiError } from '../errors.js';
import type { Role, Store } from '../store/store.js';
import { hashToken } from './tokens.js';

declare module 'fastify' {
  interface FastifyRequest {
    /** The authenticated role, set by {@link requireRole}. */
    role?: Role;
    /** The guardian coordinate of a trustee token, set by {@link requireRole}. */
    tokenGuardian?: number;
    /** The polling station of a station token, set by {@link requireRole}. */
    tokenStation?: string;
  }
}

/** Marks the hooks {@link requireRole} makes, so that the route guard can find them. */
export const ROLE_CHECK: unique symbol = Symbol('evident.roleCheck');

/** A role check: an `onRequest` hook. */
export type RoleCheck = ((req: FastifyRequest, reply: FastifyReply) => Promise<void>) & {
  readonly [ROLE_CHECK]: readonly Role[];
};

/** Whether `f` is a hook made by {@link requireRole}. */
export function isRoleCheck(f: unknown): f is RoleCheck {
  return typeof f === 'function' && ROLE_CHECK in f;
}

/**
 * The request still has body bytes on the wire: answering it, the connection is closed rather
 * than kept, so that its body is never read (Node would otherwise read it to reuse the socket).
 */
function closeIfBody(req: FastifyRequest, reply: FastifyReply): void {
  const length = Number(req.headers['content-length'] ?? 0);
  if (length > 0 || req.headers['transfer-encoding'] !== undefined) reply.header('connection', 'close');
}

/**
 * An `onRequest` hook that admits requests whose bearer token has one of `roles` (or
 * administrator); register it as the route's `onRequest`, never later.
 * @throws {ApiError} EVD_ERR_UNAUTHENTICATED without a known token, EVD_ERR_FORBIDDEN without the
 *   role — before any byte of the body is read
 */
export function requireRole(store: Store, ...roles: Role[]): RoleCheck {
  const check = async (req: FastifyRequest, reply: FastifyReply): Promise<void> => {
    const h = req.headers.authorization;
    const m = typeof h === 'string' ? /^Bearer\s+(\S+)$/i.exec(h) : null;
    if (!m) {
      closeIfBody(req, reply);
      throw new ApiError('EVD_ERR_UNAUTHENTICATED', 'a bearer token is required (Authorization: Bearer …)');
    }
    const row = await store.findToken(hashToken(m[1]!));
    if (!row || row.revoked) {
      closeIfBody(req, reply);
      throw new ApiError('EVD_ERR_UNAUTHENTICATED', 'unknown or revoked token');
    }
    if (row.role !== 'administrator' && !roles.includes(row.role)) {
      closeIfBody(req, reply);
      throw new ApiError(
        'EVD_ERR_FORBIDDEN',
        `this action needs the role ${['administrator', ...roles].join(' or ')}`,
      );
    }
    req.role = row.role;
    if (row.guardian !== undefined) req.tokenGuardian = row.guardian;
    if (row.station !== undefined) req.tokenStation = row.station;
  };
  return Object.assign(check, { [ROLE_CHECK]: roles });
}

/** The guardian a request's token is bound to: a trustee's own; none for the administrator. */
export function tokenGuardianOf(req: FastifyRequest): number | undefined {
  return req.role === 'trustee' ? req.tokenGuardian : undefined;
}

/**
 * A trustee token uploads for its own guardian only (spec/server-api.md §3).
 * @param tokenGuardian - from {@link tokenGuardianOf} (undefined: the administrator, any guardian)
 * @param x - the guardian coordinate the uploaded file names
 * @param field - where the file names it, for the error
 * @throws {ApiError} EVD_ERR_FORBIDDEN when the token is another guardian's
 */
export function checkTokenGuardian(tokenGuardian: number | undefined, x: number, field: string): void {
  if (tokenGuardian !== undefined && tokenGuardian !== x)
    throw new ApiError('EVD_ERR_FORBIDDEN', `this token uploads for guardian ${tokenGuardian} only`, field);
}

/**
 * A station token acts for its own station only (spec/server-api.md §11.1); the administrator
 * (and, for reads, the observer) for any.
 * @param station - the station the request's path names
 * @throws {ApiError} EVD_ERR_FORBIDDEN when the token is another station's, or a station token bound to none
 */
export function checkTokenStation(req: FastifyRequest, station: string): void {
  if (req.role !== 'station') return;
  if (req.tokenStation !== station)
    throw new ApiError(
      'EVD_ERR_FORBIDDEN',
      req.tokenStation === undefined
        ? 'this station token is bound to no station'
        : `this token acts for station "${req.tokenStation}" only`,
      'station',
    );
}
