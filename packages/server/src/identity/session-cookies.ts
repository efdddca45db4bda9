/**
 * The two cookies of the eID login (spec/server-api.md §13.2), both HttpOnly:
 * - `evd_login`: binds a login to the browser that started it (SameSite=Lax, because the
 *   provider sends the browser back with a top-level navigation from its own site; path
 *   `/auth/oidc`; 10 minutes);
 * - `evd_session`: the voter's session (SameSite=Strict: only the voter page's own requests
 *   carry it; path `/`; the session's length).
 * Both are `Secure` when the redirect URI is https.
 * @module
 */
import type { FastifyReply, FastifyRequest } from 'fastify';
import { PENDING_MS } from './login-store.js';

export const LOGIN_COOKIE = 'evd_login';
export const SESSION_COOKIE = 'evd_session';

/** The value of cookie `name` in the request, if any. */
export function cookieOf(req: FastifyRequest, name: string): string | undefined {
  const header = req.headers.cookie;
  if (!header) return undefined;
  for (const part of header.split(';')) {
    const eq = part.indexOf('=');
    if (eq > 0 && part.slice(0, eq).trim() === name) {
      const v = part.slice(eq + 1).trim();
      return /^[A-Za-z0-9_-]{1,128}$/.test(v) ? v : undefined;
    }
  }
  return undefined;
}

function cookie(name: string, value: string, attrs: string[], secure: boolean): string {
  return [`${name}=${value}`, 'HttpOnly', ...attrs, ...(secure ? ['Secure'] : [])].join('; ');
}

/** Sets the login-binding cookie. */
export function setLoginCookie(reply: FastifyReply, value: string, secure: boolean): void {
  reply.header(
    'set-cookie',
    cookie(LOGIN_COOKIE, value, ['SameSite=Lax', 'Path=/auth/oidc', `Max-Age=${PENDING_MS / 1000}`], secure),
  );
}

/** Sets the session cookie (and clears the login-binding one). */
export function setSessionCookie(reply: FastifyReply, value: string, seconds: number, secure: boolean): void {
  reply.header('set-cookie', [
    cookie(SESSION_COOKIE, value, ['SameSite=Strict', 'Path=/', `Max-Age=${seconds}`], secure),
    cookie(LOGIN_COOKIE, '', ['SameSite=Lax', 'Path=/auth/oidc', 'Max-Age=0'], secure),
  ]);
}

/** Clears the session cookie. */
export function clearSessionCookie(reply: FastifyReply, secure: boolean): void {
  reply.header('set-cookie', cookie(SESSION_COOKIE, '', ['SameSite=Strict', 'Path=/', 'Max-Age=0'], secure));
}

/**
 * The identity a ballot submission presents: the body's `identity` object when there is one,
 * otherwise the session cookie as `{session}` (what oidc-identity.ts verifies).
 */
export function presentedIdentity(req: FastifyRequest, bodyIdentity: unknown): unknown {
  if (bodyIdentity !== undefined) return bodyIdentity;
  const s = cookieOf(req, SESSION_COOKIE);
  return s === undefined ? undefined : { session: s };
}
