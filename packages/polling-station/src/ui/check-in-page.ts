/**
 * The check-in page: search the roll by name or voter id, then check a voter in with the
 * identity document's type and last characters. A voter already checked in shows when and by
 * whom, and has no check-in button. In the language of `stationLang` (spec/i18n.md), refusals
 * included (check-in-refusal.ts).
 * @module
 */
import type { Lang } from '@evident/i18n';
import type { FastifyInstance } from 'fastify';
import { StationError } from '../station-error.js';
import { checkIn, DOCUMENT_TYPES, searchRoll, type RollEntry } from '../pollbook/check-in.js';
import { storedBundle } from '../provision/provision.js';
import { checkInRefusal } from './check-in-refusal.js';
import { esc, page } from './html.js';
import { formBody, postSession, viewSession } from './session-guard.js';
import { stationLang, stationWords } from './station-lang.js';
import type { StationKey } from './station-strings.js';
import type { StationUiContext } from './station-ui.js';

const DOC_LABELS: Record<(typeof DOCUMENT_TYPES)[number], StationKey> = {
  'id-card': 'docIdCard',
  passport: 'docPassport',
  'driving-licence': 'docDriving',
  'residence-permit': 'docResidence',
  other: 'docOther',
};

function searchForm(lang: Lang, q: string, focus: boolean): string {
  const t = stationWords(lang);
  return `<form method="get" action="/check-in" role="search">
<p><label for="q">${esc(t('search'))}</label><br><input id="q" name="q" value="${esc(q)}"${focus ? ' autofocus' : ''}>
<button>${esc(t('searchButton'))}</button></p></form>`;
}

function voterRow(lang: Lang, v: RollEntry, csrf: string): string {
  const t = stationWords(lang);
  // voter ids are codes: kept left to right inside an Arabic row
  const cell = `<td><bdi dir="ltr">${esc(v.voterId)}</bdi></td>`;
  if (v.checkIn)
    return `<tr><td>${esc(v.name)}</td>${cell}<td>${esc(t('checkedInAt', { at: new Date(v.checkIn.at), by: v.checkIn.by, sync: v.checkIn.sync }))}</td></tr>`;
  const id = esc(v.voterId);
  return `<tr><td>${esc(v.name)}</td>${cell}<td><form method="post" action="/check-in">
<input type="hidden" name="csrf" value="${esc(csrf)}"><input type="hidden" name="voterId" value="${id}">
<label for="doc-${id}">${esc(t('document'))}</label> <select id="doc-${id}" name="documentType">${DOCUMENT_TYPES.map((d) => `<option value="${d}">${esc(t(DOC_LABELS[d]))}</option>`).join('')}</select>
<label for="last-${id}">${esc(t('docLast'))}</label> <input id="last-${id}" name="documentLast" dir="ltr" required pattern="[0-9A-Za-z]{2,4}" maxlength="4" size="5" autocomplete="off">
<button>${esc(t('checkInButton', { name: v.name }))}</button></form></td></tr>`;
}

function results(lang: Lang, q: string, csrf: string, rows: RollEntry[]): string {
  const t = stationWords(lang);
  if (q.trim() === '') return '';
  if (rows.length === 0) return `<p>${esc(t('noMatch', { q }))}</p>`;
  return `<table><caption>${esc(t('matching', { q, n: rows.length }))}</caption><thead><tr><th scope="col">${esc(t('name'))}</th><th scope="col">${esc(t('voterId'))}</th><th scope="col">${esc(t('checkIn'))}</th></tr></thead>
<tbody>${rows.map((r) => voterRow(lang, r, csrf)).join('')}</tbody></table>`;
}

/** Registers `GET/POST /check-in`. */
export function registerCheckIn(app: FastifyInstance, ctx: StationUiContext): void {
  const { sdb } = ctx;
  const title = (lang: Lang) => {
    const b = storedBundle(sdb.db);
    const t = stationWords(lang);
    return b ? t('checkInStation', { station: b.station }) : t('checkInTitle');
  };
  app.get('/check-in', async (req, reply) => {
    const s = viewSession(sdb, req, reply);
    if (!s) return reply;
    const lang = stationLang(req, reply);
    const q = String((req.query as { q?: unknown }).q ?? '');
    const done = String((req.query as { done?: unknown }).done ?? '');
    const message = done
      ? { kind: 'info' as const, text: stationWords(lang)('checkedIn', { voter: done }) }
      : undefined;
    const body = searchForm(lang, q, !q) + results(lang, q, s.csrf, searchRoll(sdb.db, q));
    const frame = { title: title(lang), lang, path: req.url, worker: s.worker, csrf: s.csrf, nav: ctx.nav };
    return reply.type('text/html').send(page({ ...frame, ...(message ? { message } : {}) }, body));
  });
  app.post('/check-in', async (req, reply) => {
    const s = postSession(sdb, req, reply);
    if (!s) return reply;
    const lang = stationLang(req, reply);
    const b = formBody(req);
    const voterId = String(b.voterId ?? '');
    const input = {
      voterId,
      worker: s.worker,
      documentType: String(b.documentType ?? ''),
      documentLast: String(b.documentLast ?? ''),
    };
    try {
      const c = checkIn(sdb, input);
      return reply.redirect(`/check-in?done=${encodeURIComponent(c.voterId)}`, 303);
    } catch (e) {
      if (!(e instanceof StationError)) throw e;
      const body =
        searchForm(lang, voterId, false) + results(lang, voterId, s.csrf, searchRoll(sdb.db, voterId));
      const frame = {
        title: title(lang),
        lang,
        path: '/check-in',
        worker: s.worker,
        csrf: s.csrf,
        nav: ctx.nav,
      };
      const text = checkInRefusal(sdb, input, stationWords(lang)) ?? e.message;
      return reply
        .code(e.exitCode === 2 ? 400 : 409)
        .type('text/html')
        .send(page({ ...frame, message: { kind: 'error', text } }, body));
    }
  });
}
