/**
 * The ballot tracker page (spec/tracker.md §6): `GET /track/{electionId}?lang=en|fr|ar` serves a
 * static HTML shell, `GET /track/assets/tracker.js` its script (tracker/tracker-bundle.ts, built
 * on first request), `GET /track/assets/tracker.css` its style sheet (pages/page-routes.ts). The
 * page reads the public board API only (spec/server-api.md §6) and checks it in the browser.
 * @module
 */
import { translator } from '@evident/i18n';
import type { FastifyInstance } from 'fastify';
import type { ServerContext } from '../context.js';
import { publicPageRoutes } from '../pages/page-routes.js';
import { trackerBundle } from '../tracker/tracker-bundle.js';
import { TRACKER_PAGE_CSP, TRACKER_PAGE_CSS, trackerPageHtml } from '../tracker/tracker-page-html.js';
import { TRACKER_CATALOG } from '../tracker/tracker-strings.js';

/** Registers the routes. */
export function trackerPageRoutes(app: FastifyInstance, ctx: ServerContext): void {
  publicPageRoutes(app, ctx, {
    prefix: '/track',
    name: 'tracker',
    csp: TRACKER_PAGE_CSP,
    css: TRACKER_PAGE_CSS,
    tags: ['board'],
    summary: 'The ballot tracker (HTML): a tracking code checked in the browser against a pinned log key',
    bundle: trackerBundle,
    title: (lang) => translator(TRACKER_CATALOG, lang)('title'),
    html: trackerPageHtml,
  });
}
