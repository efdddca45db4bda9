/**
 * The voter page (spec/server-api.md §5.5): `GET /vote/{electionId}?lang=en|fr|ar` serves a static
 * HTML shell, `GET /vote/assets/voter.js` the browser bundle (voter/voter-bundle.ts, built on
 * first request), `GET /vote/assets/voter.css` its style sheet. The page talks to the public
 * API only (§5.1–§5.4). Every answer carries a strict Content-Security-Policy.
 * @module
 */
import { createHash } from 'node:crypto';
import type { FastifyInstance, FastifyReply } from 'fastify';
import type {} from '@fastify/swagger';
import type { ServerContext } from '../context.js';
import { loadElection } from '../elections/election-actions.js';
import { ApiError } from '../errors.js';
import { idSchema } from '../schemas.js';
import { voterBundle } from '../voter/voter-bundle.js';
import { escapeHtml, VOTER_PAGE_CSP, VOTER_PAGE_CSS, voterPageHtml } from '../voter/voter-page-html.js';
import { htmlLangAttrs, pickLang, translator } from '@evident/i18n';
import { VOTER_CATALOG } from '../voter/voter-strings.js';

function secure(reply: FastifyReply): FastifyReply {
  return reply
    .header('content-security-policy', VOTER_PAGE_CSP)
    .header('x-content-type-options', 'nosniff')
    .header('referrer-policy', 'no-referrer')
    .header('cache-control', 'no-cache');
}

/** Registers the routes. */
export function voterPageRoutes(app: FastifyInstance, ctx: ServerContext): void {
  const cssTag = `"${createHash('sha256').update(VOTER_PAGE_CSS).digest('base64url').slice(0, 22)}"`;

  app.get<{ Params: { electionId: string }; Querystring: { lang?: string } }>(
    '/vote/:electionId',
    {
      schema: {
        tags: ['voting'],
        summary: 'The voter page (HTML): encrypts, signs and casts or challenges a ballot in the browser',
        params: { type: 'object', required: ['electionId'], properties: { electionId: idSchema } },
        querystring: {
          type: 'object',
          properties: { lang: { type: 'string', maxLength: 16 } },
        },
        produces: ['text/html'],
      },
    },
    async (req, reply) => {
      const lang = pickLang(req.query.lang, req.headers['accept-language']);
      void reply.header('vary', 'accept-language');
      try {
        await loadElection(ctx, req.params.electionId);
      } catch (e) {
        if (!(e instanceof ApiError) || e.code !== 'EVD_ERR_NOT_FOUND') throw e;
        const title = escapeHtml(translator(VOTER_CATALOG, lang)('title'));
        return secure(reply)
          .code(404)
          .type('text/html; charset=utf-8')
          .send(
            `<!doctype html><html ${htmlLangAttrs(lang)}><head><meta charset="utf-8"><title>${title}</title></head>` +
              `<body><main><h1>${title}</h1><p>${escapeHtml(e.message)}</p></main></body></html>`,
          );
      }
      return secure(reply).type('text/html; charset=utf-8').send(voterPageHtml(req.params.electionId, lang));
    },
  );

  app.get('/vote/assets/voter.js', { schema: { hide: true } }, async (req, reply) => {
    let js: string;
    try {
      js = await voterBundle();
    } catch (e) {
      req.log.error({ err: e }, 'voter bundle');
      throw new ApiError('EVD_ERR_UNAVAILABLE', 'the voter page script is not available on this server');
    }
    const etag = `"${createHash('sha256').update(js).digest('base64url').slice(0, 22)}"`;
    if (req.headers['if-none-match'] === etag) return secure(reply).code(304).send();
    return secure(reply).header('etag', etag).type('text/javascript; charset=utf-8').send(js);
  });

  app.get('/vote/assets/voter.css', { schema: { hide: true } }, async (req, reply) => {
    if (req.headers['if-none-match'] === cssTag) return secure(reply).code(304).send();
    return secure(reply).header('etag', cssTag).type('text/css; charset=utf-8').send(VOTER_PAGE_CSS);
  });
}
