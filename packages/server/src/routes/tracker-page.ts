/**
 * The ballot tracker page (spec/tracker.md §6): `GET /track/{electionId}?lang=en|fr` serves a
 * static HTML shell, `GET /track/assets/tracker.js` its script (tracker/tracker-bundle.ts, built
 * on first request), `GET /track/assets/tracker.css` its style sheet. The page reads the public
 * board API only (spec/server-api.md §6) and checks it in the browser. Every answer carries a
 * strict Content-Security-Policy.
 * @module
 */
import { createHash } from 'node:crypto';
import type { FastifyInstance, FastifyReply } from 'fastify';
import type { ServerContext } from '../context.js';
import { trackerBundle } from '../tracker/tracker-bundle.js';
import { TRACKER_PAGE_CSP, TRACKER_PAGE_CSS, trackerPageHtml } from '../tracker/tracker-page-html.js';
import { TRACKER_LANGS, trackerLang } from '../tracker/tracker-strings.js';
import { esc } from '../display/display-view.js';
import { loadElection } from '../elections/election-actions.js';
import { ApiError } from '../errors.js';
import { idSchema } from '../schemas.js';

function secure(reply: FastifyReply): FastifyReply {
  return reply
    .header('content-security-policy', TRACKER_PAGE_CSP)
    .header('x-content-type-options', 'nosniff')
    .header('referrer-policy', 'no-referrer')
    .header('cache-control', 'no-cache');
}

const tagOf = (s: string) => `"${createHash('sha256').update(s).digest('base64url').slice(0, 22)}"`;

/** Registers the routes. */
export function trackerPageRoutes(app: FastifyInstance, ctx: ServerContext): void {
  const cssTag = tagOf(TRACKER_PAGE_CSS);

  app.get<{ Params: { electionId: string }; Querystring: { lang?: string } }>(
    '/track/:electionId',
    {
      schema: {
        tags: ['board'],
        summary: 'The ballot tracker (HTML): a tracking code checked in the browser against a pinned log key',
        params: { type: 'object', required: ['electionId'], properties: { electionId: idSchema } },
        querystring: { type: 'object', properties: { lang: { type: 'string', maxLength: 16 } } },
        produces: ['text/html'],
      },
    },
    async (req, reply) => {
      const lang = trackerLang(req.query.lang);
      try {
        await loadElection(ctx, req.params.electionId);
      } catch (e) {
        if (!(e instanceof ApiError) || e.code !== 'EVD_ERR_NOT_FOUND') throw e;
        const title = esc(TRACKER_LANGS[lang].title);
        return secure(reply)
          .code(404)
          .type('text/html; charset=utf-8')
          .send(
            `<!doctype html><html lang="${lang}"><head><meta charset="utf-8"><title>${title}</title></head>` +
              `<body><main><h1>${title}</h1><p>${esc(e.message)}</p></main></body></html>`,
          );
      }
      return secure(reply)
        .type('text/html; charset=utf-8')
        .send(trackerPageHtml(req.params.electionId, lang));
    },
  );

  app.get('/track/assets/tracker.js', { schema: { hide: true } }, async (req, reply) => {
    let js: string;
    try {
      js = await trackerBundle();
    } catch (e) {
      req.log.error({ err: e }, 'tracker bundle');
      throw new ApiError('EVD_ERR_UNAVAILABLE', 'the tracker page script is not available on this server');
    }
    const etag = tagOf(js);
    if (req.headers['if-none-match'] === etag) return secure(reply).code(304).send();
    return secure(reply).header('etag', etag).type('text/javascript; charset=utf-8').send(js);
  });

  app.get('/track/assets/tracker.css', { schema: { hide: true } }, async (req, reply) => {
    if (req.headers['if-none-match'] === cssTag) return secure(reply).code(304).send();
    return secure(reply).header('etag', cssTag).type('text/css; charset=utf-8').send(TRACKER_PAGE_CSS);
  });
}
