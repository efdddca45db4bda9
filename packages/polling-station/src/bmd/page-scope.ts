/**
 * What the marking-device and counting pages set up in their own fastify scope, whether they
 * run on a bare instance or inside the station UI: their form parser (repeated fields keep every
 * value: a checkbox group), their headers (no caching, no framing, a content security policy
 * that allows the pages' own scripts and requests and nothing else). Their posts follow the
 * same-origin rule of the station UI (`sameOrigin` in ui/session-guard.ts).
 * @module
 */
import type { FastifyInstance } from 'fastify';
import { parseForm } from './html.js';

const FORM = 'application/x-www-form-urlencoded';

/** Scripts only from the station itself (no inline script), requests only to it. */
export const PAGE_CSP =
  "default-src 'none'; script-src 'self'; connect-src 'self'; style-src 'unsafe-inline'; " +
  "img-src 'self' data:; media-src 'self' blob: mediastream:; form-action 'self'; frame-ancestors 'none'";

/** Installs the form parser and the headers in `scope` (an encapsulated child context). */
export function preparePageScope(scope: FastifyInstance): void {
  if (scope.hasContentTypeParser(FORM)) scope.removeContentTypeParser(FORM);
  scope.addContentTypeParser(FORM, { parseAs: 'string', bodyLimit: 64 * 1024 }, (_req, body, done) =>
    done(null, parseForm(body as string)),
  );
  // runs after the station UI's own onSend hook, so these headers are the ones sent
  scope.addHook('onSend', async (_req, reply, payload) => {
    reply.header('cache-control', 'no-store');
    reply.header('x-frame-options', 'DENY');
    reply.header('content-security-policy', PAGE_CSP);
    return payload;
  });
}
