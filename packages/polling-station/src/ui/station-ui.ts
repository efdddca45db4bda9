/**
 * The station's local web UI for poll workers (fastify, bound to 127.0.0.1 only): sign-in,
 * check-in, status. Other parts of the station add their pages with the same pattern: a
 * function `(app, ctx) => void` given in `pages`, which uses `viewSession` / `postSession`
 * (session-guard.ts) and `page` (html.ts), and a link in `nav`.
 * @module
 */
import { LANGS, type Lang } from '@evident/i18n';
import Fastify, { type FastifyInstance } from 'fastify';
import type { StationDb } from '../store/station-db.js';
import { registerCheckIn } from './check-in-page.js';
import type { NavLink } from './html.js';
import { currentSession } from './session-guard.js';
import { registerSignIn } from './sign-in-page.js';
import { registerStatus } from './status-page.js';
import { stationWords } from './station-lang.js';
import type { StationKey } from './station-strings.js';

/** A navigation label in every language. */
export function navLabels(key: StationKey): Record<Lang, string> {
  return Object.fromEntries(LANGS.map((l) => [l, stationWords(l)(key)])) as Record<Lang, string>;
}

/** What the pages share. */
export interface StationUiContext {
  readonly sdb: StationDb;
  /** the navigation bar (the core's links, then those of the registered pages) */
  readonly nav: NavLink[];
}

/** A set of pages of another part of the station. */
export type PageRegistrar = (app: FastifyInstance, ctx: StationUiContext) => void;

/** What {@link buildStationUi} takes. */
export interface StationUiOptions {
  readonly sdb: StationDb;
  readonly pages?: readonly { readonly register: PageRegistrar; readonly nav?: readonly NavLink[] }[];
}

/** Builds the UI (not listening: use {@link serveStationUi}, or `inject` in tests). */
export function buildStationUi(o: StationUiOptions): FastifyInstance {
  const app = Fastify({ logger: false, bodyLimit: 64 * 1024 });
  app.addContentTypeParser('application/x-www-form-urlencoded', { parseAs: 'string' }, (_req, body, done) => {
    done(null, Object.fromEntries(new URLSearchParams(body as string)));
  });
  const ctx: StationUiContext = {
    sdb: o.sdb,
    nav: [
      { href: '/check-in', label: 'Check-in', labels: navLabels('navCheckIn') },
      { href: '/status', label: 'Status', labels: navLabels('navStatus') },
      ...(o.pages ?? []).flatMap((p) => p.nav ?? []),
    ],
  };
  app.addHook('onSend', async (_req, reply, payload) => {
    reply.header('x-frame-options', 'DENY');
    reply.header(
      'content-security-policy',
      "default-src 'none'; style-src 'unsafe-inline'; img-src 'self' data:; form-action 'self'; frame-ancestors 'none'",
    );
    reply.header('cache-control', 'no-store');
    return payload;
  });
  app.get('/', async (req, reply) =>
    reply.redirect(currentSession(o.sdb, req) ? '/check-in' : '/sign-in', 303),
  );
  registerSignIn(app, ctx);
  registerCheckIn(app, ctx);
  registerStatus(app, ctx);
  for (const p of o.pages ?? []) p.register(app, ctx);
  return app;
}

/** The only address the UI listens on: the poll workers' own machine. */
export const UI_HOST = '127.0.0.1';

/** Starts the UI on 127.0.0.1:`port`; resolves to its URL. */
export async function serveStationUi(app: FastifyInstance, port: number): Promise<string> {
  return app.listen({ host: UI_HOST, port });
}
