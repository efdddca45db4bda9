/**
 * Role checks (spec/server-api.md §3): routes declare the roles they accept; the
 * administrator role is accepted everywhere. The bearer token is looked up by its hash.
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
  }
}

/**
 * A preHandler that admits requests whose bearer token has one of `roles` (or administrator).
 * @throws {ApiError} EVD_ERR_UNAUTHENTICATED without a known token, EVD_ERR_FORBIDDEN without the role
 */
export function requireRole(store: Store, ...roles: Role[]) {
  return async (req: FastifyRequest, _reply: FastifyReply): Promise<void> => {
    const h = req.headers.authorization;
    const m = typeof h === 'string' ? /^Bearer\s+(\S+)$/i.exec(h) : null;
    if (!m)
      throw new ApiError('EVD_ERR_UNAUTHENTICATED', 'a bearer token is required (Authorization: Bearer …)');
    const row = await store.findToken(hashToken(m[1]!));
    if (!row || row.revoked) throw new ApiError('EVD_ERR_UNAUTHENTICATED', 'unknown or revoked token');
    if (row.role !== 'administrator' && !roles.includes(row.role)) {
      throw new ApiError(
        'EVD_ERR_FORBIDDEN',
        `this action needs the role ${['administrator', ...roles].join(' or ')}`,
      );
    }
    req.role = row.role;
    if (row.guardian !== undefined) req.tokenGuardian = row.guardian;
  };
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
