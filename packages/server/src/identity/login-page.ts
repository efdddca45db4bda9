/**
 * The page a browser sees when a login answer is refused at `/auth/oidc/callback` (or a login
 * cannot start): the coded 4xx of spec/server-api.md §13.3 as a translated page, with the code
 * and a link back to the voter page. The callback is a browser navigation, so it answers HTML
 * to a browser and the JSON error body to anything else.
 * @module
 */
import { langDir, translator, type Lang } from '@evident/i18n';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { ApiError, errorBody } from '../errors.js';
import { LOGIN_STRINGS, loginErrorKey } from '../voter/login-strings.js';
import { ASSETS, escapeHtml, VOTER_PAGE_CSP } from '../voter/voter-page-html.js';

/** The refusal page's HTML. */
export function loginRefusedHtml(err: ApiError, lang: Lang, electionId: string | undefined): string {
  const t = translator(LOGIN_STRINGS, lang);
  const key = loginErrorKey(err.code) ?? 'errLoginFailed';
  const back =
    electionId === undefined
      ? ''
      : `<p><a id="back" href="/vote/${encodeURIComponent(electionId)}?lang=${lang}">${escapeHtml(t('backToVote'))}</a></p>`;
  return `<!doctype html>
<html lang="${lang}" dir="${langDir(lang)}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="referrer" content="no-referrer">
<title>${escapeHtml(t('refusedTitle'))}</title>
<link rel="stylesheet" href="${ASSETS.style}">
</head>
<body>
<main id="main" data-code="${escapeHtml(err.code)}">
<h1>${escapeHtml(t('refusedTitle'))}</h1>
<div class="errors" role="alert"><p id="login-error">${escapeHtml(t(key))}</p></div>
<p class="help">${escapeHtml(t('errorCode', { code: err.code }))}</p>
${back}
</main>
</body>
</html>`;
}

/** Sends `err` as the page (to a browser) or as the JSON error body. */
export function sendLoginRefusal(
  req: FastifyRequest,
  reply: FastifyReply,
  err: ApiError,
  lang: Lang,
  electionId: string | undefined,
): FastifyReply {
  reply
    .code(err.statusCode)
    .header('cache-control', 'no-store')
    .header('referrer-policy', 'no-referrer')
    .header('x-content-type-options', 'nosniff');
  if (!(req.headers.accept ?? '').includes('text/html'))
    return reply.send(errorBody(err.code, err.message, err.field));
  return reply
    .header('content-security-policy', VOTER_PAGE_CSP)
    .type('text/html; charset=utf-8')
    .send(loginRefusedHtml(err, lang, electionId));
}
