/**
 * The routes of a public page served as a static HTML shell with its own script and style sheet
 * (the results display, the tracker page): `GET {prefix}/{electionId}?lang=…` the shell in the
 * language chosen by `pickLang` (a 404 page for an unknown election), `GET {prefix}/assets/{name}.js` its bundle (built on first
 * request), `GET {prefix}/assets/{name}.css` its style sheet, each with an ETag. Every answer
 * carries the page's strict Content-Security-Policy.
 * @module
 */
import { createHash } from 'node:crypto';
import { htmlLangAttrs, pickLang, type Lang } from '@evident/i18n';
import type { FastifyInstance, FastifyReply } from 'fastify';
import type { ServerContext } from '../context.js';
import { esc } from '../display/display-view.js';
import { loadElection } from '../elections/election-actions.js';
import { ApiError } from '../errors.js';
import { idSchema } from '../schemas.js';

/** What a page is made of. */
export interface PublicPage {
  /** the path prefix, e.g. `/display` */
  readonly prefix: string;
  /** the asset name, e.g. `display` for `display.js` and `display.css` */
  readonly name: string;
  readonly csp: string;
  readonly css: string;
  readonly tags: readonly string[];
  readonly summary: string;
  bundle(): Promise<string>;
  title(lang: Lang): string;
  html(electionId: string, lang: Lang): string;
}

const tagOf = (s: string) => `"${createHash('sha256').update(s).digest('base64url').slice(0, 22)}"`;

/** Registers the page's three routes. */
export function publicPageRoutes(app: FastifyInstance, ctx: ServerContext, p: PublicPage): void {
  const secure = (reply: FastifyReply): FastifyReply =>
    reply
      .header('content-security-policy', p.csp)
      .header('x-content-type-options', 'nosniff')
      .header('referrer-policy', 'no-referrer')
      .header('cache-control', 'no-cache');
  const cssTag = tagOf(p.css);

  app.get<{ Params: { electionId: string }; Querystring: { lang?: string } }>(
    `${p.prefix}/:electionId`,
    {
      schema: {
        tags: [...p.tags],
        summary: p.summary,
        params: { type: 'object', required: ['electionId'], properties: { electionId: idSchema } },
        querystring: { type: 'object', properties: { lang: { type: 'string', maxLength: 16 } } },
        produces: ['text/html'],
      },
    },
    async (req, reply) => {
      // ?lang= first, then the browser's languages, then English (spec/i18n.md §2)
      const lang = pickLang(req.query.lang, req.headers['accept-language']);
      void reply.header('vary', 'accept-language');
      try {
        await loadElection(ctx, req.params.electionId);
      } catch (e) {
        if (!(e instanceof ApiError) || e.code !== 'EVD_ERR_NOT_FOUND') throw e;
        const title = esc(p.title(lang));
        return secure(reply)
          .code(404)
          .type('text/html; charset=utf-8')
          .send(
            `<!doctype html><html ${htmlLangAttrs(lang)}><head><meta charset="utf-8"><title>${title}</title></head>` +
              `<body><main><h1>${title}</h1><p>${esc(e.message)}</p></main></body></html>`,
          );
      }
      return secure(reply).type('text/html; charset=utf-8').send(p.html(req.params.electionId, lang));
    },
  );

  app.get(`${p.prefix}/assets/${p.name}.js`, { schema: { hide: true } }, async (req, reply) => {
    let js: string;
    try {
      js = await p.bundle();
    } catch (e) {
      req.log.error({ err: e }, `${p.name} bundle`);
      throw new ApiError('EVD_ERR_UNAVAILABLE', `the ${p.name} page script is not available on this server`);
    }
    const etag = tagOf(js);
    if (req.headers['if-none-match'] === etag) return secure(reply).code(304).send();
    return secure(reply).header('etag', etag).type('text/javascript; charset=utf-8').send(js);
  });

  app.get(`${p.prefix}/assets/${p.name}.css`, { schema: { hide: true } }, async (req, reply) => {
    if (req.headers['if-none-match'] === cssTag) return secure(reply).code(304).send();
    return secure(reply).header('etag', cssTag).type('text/css; charset=utf-8').send(p.css);
  });
}
