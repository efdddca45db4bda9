/**
 * The sign-in page: a poll worker's name and PIN or passphrase; a session on success. In the
 * language of `stationLang` (spec/i18n.md), refusals included.
 * @module
 */
import type { Lang } from '@evident/i18n';
import type { FastifyInstance } from 'fastify';
import { signIn } from '../workers/workers.js';
import { createSession, endSession, SESSION_MS } from '../workers/sessions.js';
import { esc, page } from './html.js';
import { cookie, formBody, sameOrigin, SESSION_COOKIE, sessionCookie } from './session-guard.js';
import { stationLang, stationWords } from './station-lang.js';
import type { StationUiContext } from './station-ui.js';

function form(lang: Lang, name = ''): string {
  const t = stationWords(lang);
  return `<form method="post" action="/sign-in">
<p><label for="worker">${esc(t('workerName'))}</label><br><input id="worker" name="worker" autocomplete="username" required value="${esc(name)}"${name ? '' : ' autofocus'}></p>
<p><label for="secret">${esc(t('secret'))}</label><br><input id="secret" name="secret" type="password" autocomplete="current-password" required${name ? ' autofocus' : ''}></p>
<p><button>${esc(t('signIn'))}</button></p></form>`;
}

/** Registers `GET/POST /sign-in` and `POST /sign-out`. */
export function registerSignIn(app: FastifyInstance, ctx: StationUiContext): void {
  const { sdb } = ctx;
  app.get('/sign-in', async (req, reply) => {
    const lang = stationLang(req, reply);
    const title = stationWords(lang)('signInTitle');
    return reply.type('text/html').send(page({ title, lang, path: '/sign-in' }, form(lang)));
  });
  app.post('/sign-in', async (req, reply) => {
    const lang = stationLang(req, reply);
    const t = stationWords(lang);
    if (!sameOrigin(req)) return reply.code(403).type('text/plain; charset=utf-8').send(t('errCsrfSignIn'));
    const b = formBody(req);
    const r = signIn(sdb.db, String(b.worker ?? ''), String(b.secret ?? ''), sdb.now());
    if (!r.ok)
      return reply
        .code(r.reason === 'locked' ? 423 : 401)
        .type('text/html')
        .send(
          page(
            {
              title: t('signInTitle'),
              lang,
              path: '/sign-in',
              message: { kind: 'error', text: t(r.reason === 'locked' ? 'errLocked' : 'errSignIn') },
            },
            form(lang, String(b.worker ?? '')),
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
