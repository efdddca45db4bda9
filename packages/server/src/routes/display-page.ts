/**
 * The results display (spec/server-api.md §12.5): `GET /display/{electionId}?lang=en|fr` serves
 * a static HTML shell, `GET /display/assets/display.js` its script (display/display-bundle.ts,
 * built on first request), `GET /display/assets/display.css` its style sheet. The page reads the
 * public results API and stream only (§7.3, §12.3). Every answer carries a strict
 * Content-Security-Policy.
 * @module
 */
import { createHash } from 'node:crypto';
import type { FastifyInstance, FastifyReply } from 'fastify';
import type { ServerContext } from '../context.js';
import { displayBundle } from '../display/display-bundle.js';
import { DISPLAY_PAGE_CSP, DISPLAY_PAGE_CSS, displayPageHtml } from '../display/display-page-html.js';
import { DISPLAY_LANGS, displayLang } from '../display/display-strings.js';
import { esc } from '../display/display-view.js';
import { loadElection } from '../elections/election-actions.js';
import { ApiError } from '../errors.js';
import { idSchema } from '../schemas.js';

function secure(reply: FastifyReply): FastifyReply {
  return reply
    .header('content-security-policy', DISPLAY_PAGE_CSP)
    .header('x-content-type-options', 'nosniff')
    .header('referrer-policy', 'no-referrer')
    .header('cache-control', 'no-cache');
}

const tagOf = (s: string) => `"${createHash('sha256').update(s).digest('base64url').slice(0, 22)}"`;

/** Registers the routes. */
export function displayPageRoutes(app: FastifyInstance, ctx: ServerContext): void {
  const cssTag = tagOf(DISPLAY_PAGE_CSS);

  app.get<{ Params: { electionId: string }; Querystring: { lang?: string } }>(
    '/display/:electionId',
    {
      schema: {
        tags: ['results'],
        summary: 'The results display (HTML): turnout, stations reported, results, live from the stream',
        params: { type: 'object', required: ['electionId'], properties: { electionId: idSchema } },
        querystring: { type: 'object', properties: { lang: { type: 'string', maxLength: 16 } } },
        produces: ['text/html'],
      },
    },
    async (req, reply) => {
      const lang = displayLang(req.query.lang);
      try {
        await loadElection(ctx, req.params.electionId);
      } catch (e) {
        if (!(e instanceof ApiError) || e.code !== 'EVD_ERR_NOT_FOUND') throw e;
        const title = esc(DISPLAY_LANGS[lang].title);
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
        .send(displayPageHtml(req.params.electionId, lang));
    },
  );

  app.get('/display/assets/display.js', { schema: { hide: true } }, async (req, reply) => {
    let js: string;
    try {
      js = await displayBundle();
    } catch (e) {
      req.log.error({ err: e }, 'display bundle');
      throw new ApiError('EVD_ERR_UNAVAILABLE', 'the display page script is not available on this server');
    }
    const etag = tagOf(js);
    if (req.headers['if-none-match'] === etag) return secure(reply).code(304).send();
    return secure(reply).header('etag', etag).type('text/javascript; charset=utf-8').send(js);
  });

  app.get('/display/assets/display.css', { schema: { hide: true } }, async (req, reply) => {
    if (req.headers['if-none-match'] === cssTag) return secure(reply).code(304).send();
    return secure(reply).header('etag', cssTag).type('text/css; charset=utf-8').send(DISPLAY_PAGE_CSS);
  });
}
