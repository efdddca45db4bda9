/**
 * The results display (spec/server-api.md §12.5): `GET /display/{electionId}?lang=en|fr|ar` serves
 * a static HTML shell, `GET /display/assets/display.js` its script (display/display-bundle.ts,
 * built on first request), `GET /display/assets/display.css` its style sheet
 * (pages/page-routes.ts). The page reads the public results API and stream only (§7.3, §12.3).
 * @module
 */
import type { FastifyInstance } from 'fastify';
import type { ServerContext } from '../context.js';
import { displayBundle } from '../display/display-bundle.js';
import { DISPLAY_PAGE_CSP, DISPLAY_PAGE_CSS, displayPageHtml } from '../display/display-page-html.js';
import { displayWords } from '../display/display-view.js';
import { RANKED_CSS } from '../display/ranked-view.js';
import { publicPageRoutes } from '../pages/page-routes.js';

/** Registers the routes. */
export function displayPageRoutes(app: FastifyInstance, ctx: ServerContext): void {
  publicPageRoutes(app, ctx, {
    prefix: '/display',
    name: 'display',
    csp: DISPLAY_PAGE_CSP,
    css: DISPLAY_PAGE_CSS + RANKED_CSS,
    tags: ['results'],
    summary: 'The results display (HTML): turnout, stations reported, results, live from the stream',
    bundle: displayBundle,
    title: (lang) => displayWords(lang)('title'),
    html: displayPageHtml,
  });
}
