/**
 * The sign-in page: a poll worker's name and PIN or passphrase; a session on success.
 * @module
 */
import type { FastifyInstance } from 'fastify';
import { signIn } from '../workers/workers.js';
import { createSession, endSession, SESSION_MS } from '../workers/sessions.js';
import { esc, page } from './html.js';
import { cookie, formBody, sameOrigin, SESSION_COOKIE, sessionCookie } from './session-guard.js';
import type { StationUiContext } from './station-ui.js';

function form(name = ''): string {
  return `<form method="post" action="/sign-in">
<p><label for="worker">Your name (poll worker)</label><br><input id="worker" name="worker" autocomplete="username" required value="${esc(name)}"${name ? '' : ' autofocus'}></p>
<p><label for="secret">PIN or passphrase</label><br><input id="secret" name="secret" type="password" autocomplete="current-password" required${name ? ' autofocus' : ''}></p>
<p><button>Sign in</button></p></form>`;
}

/** Registers `GET/POST /sign-in` and `POST /sign-out`. */
export function registerSignIn(app: FastifyInstance, ctx: StationUiContext): void {
  const { sdb } = ctx;
  app.get('/sign-in', async (_req, reply) =>
    reply.type('text/html').send(page({ title: 'Sign in' }, form())),
  );
  app.post('/sign-in', async (req, reply) => {
    if (!sameOrigin(req))
      return reply.code(403).type('text/plain').send('refused: cross-site sign-in (CSRF check)');
    const b = formBody(req);
    const r = signIn(sdb.db, String(b.worker ?? ''), String(b.secret ?? ''), sdb.now());
    if (!r.ok)
      return reply
        .code(r.reason === 'locked' ? 423 : 401)
        .type('text/html')
        .send(
          page(
            { title: 'Sign in', message: { kind: 'error', text: r.message } },
            form(String(b.worker ?? '')),
          ),
        );
    const { token } = createSession(sdb.db, r.worker, sdb.now());
    return reply.header('set-cookie', sessionCookie(token, SESSION_MS / 1000)).redirect('/check-in', 303);
  });
  app.post('/sign-out', async (req, reply) => {
    const token = cookie(req, SESSION_COOKIE);
    if (token && sameOrigin(req)) endSession(sdb.db, token, sdb.now());
    return reply.header('set-cookie', sessionCookie('', 0)).redirect('/sign-in', 303);
  });
}
