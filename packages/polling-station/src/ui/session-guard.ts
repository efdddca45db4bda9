/**
 * Who is signed in to the station UI, and the CSRF rule: a form post is taken only from the
 * station's own pages — its Origin (or Referer) must be the host it was sent to, and it must
 * carry the session's CSRF token. The session cookie is HttpOnly and SameSite=Strict.
 * @module
 */
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { StationDb } from '../store/station-db.js';
import { sessionOf, type Session } from '../workers/sessions.js';
import { stationLang, stationWords } from './station-lang.js';

export const SESSION_COOKIE = 'evident_station_session';

/** A cookie's value from the request, or undefined. */
export function cookie(req: FastifyRequest, name: string): string | undefined {
  for (const part of (req.headers.cookie ?? '').split(';')) {
    const [k, ...v] = part.trim().split('=');
    if (k === name) return decodeURIComponent(v.join('='));
  }
  return undefined;
}

/** The Set-Cookie value of a session (or of its end, with `token` empty). */
export function sessionCookie(token: string, maxAgeS: number): string {
  return `${SESSION_COOKIE}=${token}; Path=/; HttpOnly; SameSite=Strict; Max-Age=${maxAgeS}`;
}

/** The request's session, or undefined. */
export function currentSession(sdb: StationDb, req: FastifyRequest): Session | undefined {
  return sessionOf(sdb.db, cookie(req, SESSION_COOKIE), sdb.now());
}

/** True when the post comes from a page of this host (Origin, else Referer; one of them must be there). */
export function sameOrigin(req: FastifyRequest): boolean {
  const host = req.headers.host;
  const from = req.headers.origin ?? req.headers.referer;
  if (!host || !from) return false;
  try {
    return new URL(from).host === host;
  } catch {
    return false;
  }
}

/** The body of a form post as strings. */
export function formBody(req: FastifyRequest): Record<string, string> {
  const b = req.body;
  return typeof b === 'object' && b !== null ? (b as Record<string, string>) : {};
}

/**
 * The session of a form post, or undefined after answering: 303 to the sign-in page without a
 * session, 403 for a cross-site post or a wrong CSRF token.
 */
export function postSession(sdb: StationDb, req: FastifyRequest, reply: FastifyReply): Session | undefined {
  const s = currentSession(sdb, req);
  if (!s) {
    void reply.redirect('/sign-in', 303);
    return undefined;
  }
  if (!sameOrigin(req) || formBody(req).csrf !== s.csrf) {
    void reply
      .code(403)
      .type('text/plain; charset=utf-8')
      .send(stationWords(stationLang(req, reply))('errCsrf'));
    return undefined;
  }
  return s;
}

/** The session of a page view, or undefined after redirecting to the sign-in page. */
export function viewSession(sdb: StationDb, req: FastifyRequest, reply: FastifyReply): Session | undefined {
  const s = currentSession(sdb, req);
  if (!s) void reply.redirect('/sign-in', 303);
  return s;
}
