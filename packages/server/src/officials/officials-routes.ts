/**
 * The officials' alerts page (spec/server-api.md §12.4): `GET /officials/{electionId}?lang=`
 * serves a static HTML shell, `GET /officials/assets/officials.js` its script (built on first
 * request), `GET /officials/assets/officials.css` its style sheet (pages/page-routes.ts). The
 * shell is public — it holds nothing — and the script reads `GET /admin/alerts` with the
 * observer token the official enters.
 * @module
 */
import type { FastifyInstance } from 'fastify';
import type { ServerContext } from '../context.js';
import { publicPageRoutes } from '../pages/page-routes.js';
import { officialsBundle } from './officials-bundle.js';
import { OFFICIALS_PAGE_CSP, OFFICIALS_PAGE_CSS, officialsPageHtml } from './officials-page-html.js';
import { officialsText } from './officials-view.js';

/** Registers the routes. */
export function officialsPageRoutes(app: FastifyInstance, ctx: ServerContext): void {
  publicPageRoutes(app, ctx, {
    prefix: '/officials',
    name: 'officials',
    csp: OFFICIALS_PAGE_CSP,
    css: OFFICIALS_PAGE_CSS,
    tags: ['admin'],
    summary: "The officials' alerts page (HTML): the anomaly rules' alerts, live, with an observer token",
    bundle: officialsBundle,
    title: (lang) => officialsText(lang)('title'),
    html: officialsPageHtml,
  });
}
