/**
 * The voter's eID login (spec/server-api.md §13): `GET /auth/oidc/login?election=ID&lang=L`
 * sends the browser to the identity provider; `GET /auth/oidc/callback` takes its answer,
 * checks it (oidc-relying-party.ts), maps the person to the election's roll and opens a
 * session; `GET /auth/oidc/session?election=ID` tells the voter page whether it has one, and
 * `POST` to the same address keeps it (the page offers it before it ends: no time limit on marking);
 * `POST /auth/oidc/logout` ends it. Without a configured provider every route answers 404.
 * @module
 */
import { pickLang, type Lang } from '@evident/i18n';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { ServerContext } from '../context.js';
import { loadElection } from '../elections/election-actions.js';
import { ApiError } from '../errors.js';
import { noteRefusal } from '../monitoring/refusal-watch.js';
import { errorResponses, idSchema } from '../schemas.js';
import { sendLoginRefusal } from './login-page.js';
import type { VoterSession } from './login-store.js';
import type { RelyingParty } from './oidc-relying-party.js';
import {
  clearSessionCookie,
  cookieOf,
  LOGIN_COOKIE,
  SESSION_COOKIE,
  setLoginCookie,
  setSessionCookie,
} from './session-cookies.js';

const electionQuery = {
  type: 'object',
  required: ['election'],
  properties: { election: idSchema, lang: { type: 'string', maxLength: 16 } },
} as const;

/**
 * A session as the page sees it: its end as an instant, and the seconds left by the server's
 * clock (the page times its offer to keep the session by these, whatever its own clock says).
 */
function sessionAnswer(s: VoterSession, now: number) {
  return {
    electionId: s.electionId,
    expiresAt: new Date(s.expiresAt).toISOString(),
    secondsLeft: Math.max(0, Math.floor((s.expiresAt - now) / 1000)),
  };
}

/** Registers the routes; `rp` undefined: the server has no eID login. */
export function oidcLoginRoutes(
  app: FastifyInstance,
  ctx: ServerContext,
  rp: RelyingParty | undefined,
): void {
  const secure = rp?.settings.redirectUri.protocol === 'https:';
  const need = (): RelyingParty => {
    if (!rp)
      throw new ApiError(
        'EVD_ERR_NOT_FOUND',
        'this server has no eID login (no identity provider is configured)',
      );
    return rp;
  };
  const refuse = async (
    req: FastifyRequest,
    reply: FastifyReply,
    e: unknown,
    lang: Lang,
    electionId?: string,
  ) => {
    if (!(e instanceof ApiError)) throw e;
    await noteRefusal(ctx, req, e.code);
    return sendLoginRefusal(req, reply, e, lang, electionId);
  };

  app.get<{ Querystring: { election: string; lang?: string } }>(
    '/auth/oidc/login',
    {
      schema: {
        tags: ['voting'],
        summary: 'Start the eID login (redirects to the identity provider)',
        querystring: electionQuery,
      },
    },
    async (req, reply) => {
      const lang = pickLang(req.query.lang, req.headers['accept-language']);
      try {
        const relying = need();
        await loadElection(ctx, req.query.election);
        const { url, binding } = await relying.start(req.query.election, lang);
        setLoginCookie(reply, binding, secure);
        return reply.header('cache-control', 'no-store').redirect(url.href, 303);
      } catch (e) {
        return refuse(req, reply, e, lang, req.query.election);
      }
    },
  );

  app.get(
    '/auth/oidc/callback',
    { schema: { tags: ['voting'], summary: 'The identity provider’s answer (a browser redirect)' } },
    async (req, reply) => {
      const query = new URLSearchParams(req.url.slice(req.url.indexOf('?') + 1 || req.url.length));
      const state = query.get('state') ?? '';
      const pending = rp
        ? ((await rp.store.peekPending(state)) ?? (await rp.store.spentLogin(state, ctx.now())))
        : undefined;
      const lang = pickLang(pending?.lang, req.headers['accept-language']);
      try {
        const relying = need();
        const done = await relying.finish(query, cookieOf(req, LOGIN_COOKIE));
        const credential = await ctx.store.credentialOfVoter(done.electionId, done.voterId);
        if (credential === undefined)
          throw new ApiError(
            'EVD_ERR_NOT_ON_ROLL',
            'the person who logged in is not on this election’s roll',
          );
        const seconds = relying.settings.sessionMinutes * 60;
        const id = await relying.store.openSession({
          electionId: done.electionId,
          voterId: done.voterId,
          expiresAt: ctx.now() + seconds * 1000,
        });
        setSessionCookie(reply, id, seconds, secure);
        return reply
          .header('cache-control', 'no-store')
          .redirect(`/vote/${encodeURIComponent(done.electionId)}?lang=${lang}`, 303);
      } catch (e) {
        return refuse(req, reply, e, lang, pending?.electionId);
      }
    },
  );

  /** The answer of both session routes (sessionAnswer). */
  const sessionSchema = {
    type: 'object',
    required: ['electionId', 'expiresAt', 'secondsLeft'],
    properties: { electionId: idSchema, expiresAt: { type: 'string' }, secondsLeft: { type: 'integer' } },
  } as const;

  app.get<{ Querystring: { election: string } }>(
    '/auth/oidc/session',
    {
      schema: {
        tags: ['voting'],
        summary: 'Whether this browser has an eID session for the election',
        querystring: electionQuery,
        response: { 200: sessionSchema, ...errorResponses },
      },
    },
    async (req, reply) => {
      const relying = need();
      const id = cookieOf(req, SESSION_COOKIE);
      const s = id === undefined ? undefined : await relying.store.session(id, ctx.now());
      if (!s || s.electionId !== req.query.election)
        throw new ApiError('EVD_ERR_IDENTITY', 'no eID session for this election in this browser');
      reply.header('cache-control', 'no-store');
      return sessionAnswer(s, ctx.now());
    },
  );

  app.post<{ Querystring: { election: string } }>(
    '/auth/oidc/session',
    {
      schema: {
        tags: ['voting'],
        summary: 'Keep this browser’s eID session: its expiry moves to a full session length from now',
        querystring: electionQuery,
        response: { 200: sessionSchema, ...errorResponses },
      },
    },
    async (req, reply) => {
      const relying = need();
      const id = cookieOf(req, SESSION_COOKIE);
      const now = ctx.now();
      const seconds = relying.settings.sessionMinutes * 60;
      const live = id === undefined ? undefined : await relying.store.session(id, now);
      // a session is kept only for its own election, and only while it lives
      const s =
        live && live.electionId === req.query.election
          ? await relying.store.extendSession(id!, now, now + seconds * 1000)
          : undefined;
      if (!s) throw new ApiError('EVD_ERR_IDENTITY', 'no eID session for this election in this browser');
      setSessionCookie(reply, id!, seconds, secure);
      reply.header('cache-control', 'no-store');
      return sessionAnswer(s, ctx.now());
    },
  );

  app.post(
    '/auth/oidc/logout',
    { schema: { tags: ['voting'], summary: 'End this browser’s eID session' } },
    async (req, reply) => {
      const relying = need();
      const id = cookieOf(req, SESSION_COOKIE);
      if (id !== undefined) await relying.store.closeSession(id);
      clearSessionCookie(reply, secure);
      return { loggedOut: true };
    },
  );
}
