/**
 * The language of the poll workers' pages (spec/i18n.md §2): `?lang=` first — remembered in a
 * cookie, since these pages are server-rendered forms that post and redirect — then the
 * browser's `Accept-Language`, then English.
 * @module
 */
import { isLang, pickLang, translator, type Lang, type Translate } from '@evident/i18n';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { cookie } from './session-guard.js';
import { STATION_CATALOG, type StationKey } from './station-strings.js';

/** The cookie that keeps the chosen language (not a secret; SameSite=Strict like the session). */
export const LANG_COOKIE = 'evident_station_lang';

/** The request's language; a `?lang=` choice is set in the cookie for the next pages. */
export function stationLang(req: FastifyRequest, reply: FastifyReply): Lang {
  const q = (req.query as { lang?: unknown } | undefined)?.lang;
  if (isLang(q)) {
    void reply.header('set-cookie', `${LANG_COOKIE}=${q}; Path=/; SameSite=Strict; Max-Age=31536000`);
    return q;
  }
  void reply.header('vary', 'accept-language, cookie');
  return pickLang(cookie(req, LANG_COOKIE), req.headers['accept-language']);
}

const translators = new Map<Lang, Translate<StationKey>>();
/** The station UI's words in `lang`; times in UTC, as the station's records keep them. */
export function stationWords(lang: Lang): Translate<StationKey> {
  let t = translators.get(lang);
  if (!t) translators.set(lang, (t = translator(STATION_CATALOG, lang, 'UTC')));
  return t;
}
