/**
 * The check-in page: search the roll by name or voter id, then check a voter in with the
 * identity document's type and last characters. A voter already checked in shows when and by
 * whom, and has no check-in button.
 * @module
 */
import type { FastifyInstance } from 'fastify';
import { StationError } from '../station-error.js';
import { checkIn, DOCUMENT_TYPES, searchRoll, type RollEntry } from '../pollbook/check-in.js';
import { storedBundle } from '../provision/provision.js';
import { esc, page } from './html.js';
import { formBody, postSession, viewSession } from './session-guard.js';
import type { StationUiContext } from './station-ui.js';

const DOC_LABELS: Record<(typeof DOCUMENT_TYPES)[number], string> = {
  'id-card': 'Identity card',
  passport: 'Passport',
  'driving-licence': 'Driving licence',
  'residence-permit': 'Residence permit',
  other: 'Other',
};

function searchForm(q: string, focus: boolean): string {
  return `<form method="get" action="/check-in" role="search">
<p><label for="q">Search the roll by name or voter id</label><br><input id="q" name="q" value="${esc(q)}"${focus ? ' autofocus' : ''}>
<button>Search</button></p></form>`;
}

function voterRow(v: RollEntry, csrf: string): string {
  if (v.checkIn)
    return `<tr><td>${esc(v.name)}</td><td>${esc(v.voterId)}</td><td>Checked in at ${esc(v.checkIn.at)} by ${esc(v.checkIn.by)} (sync: ${esc(v.checkIn.sync)})</td></tr>`;
  const id = esc(v.voterId);
  return `<tr><td>${esc(v.name)}</td><td>${id}</td><td><form method="post" action="/check-in">
<input type="hidden" name="csrf" value="${esc(csrf)}"><input type="hidden" name="voterId" value="${id}">
<label for="doc-${id}">Document</label> <select id="doc-${id}" name="documentType">${DOCUMENT_TYPES.map((d) => `<option value="${d}">${DOC_LABELS[d]}</option>`).join('')}</select>
<label for="last-${id}">Last 4 characters of its number</label> <input id="last-${id}" name="documentLast" required pattern="[0-9A-Za-z]{2,4}" maxlength="4" size="5" autocomplete="off">
<button>Check in ${esc(v.name)}</button></form></td></tr>`;
}

function results(q: string, csrf: string, rows: RollEntry[]): string {
  if (q.trim() === '') return '';
  if (rows.length === 0) return `<p>No voter of this station's roll matches “${esc(q)}”.</p>`;
  return `<table><caption>Voters matching “${esc(q)}”</caption><thead><tr><th scope="col">Name</th><th scope="col">Voter id</th><th scope="col">Check-in</th></tr></thead>
<tbody>${rows.map((r) => voterRow(r, csrf)).join('')}</tbody></table>`;
}

/** Registers `GET/POST /check-in`. */
export function registerCheckIn(app: FastifyInstance, ctx: StationUiContext): void {
  const { sdb } = ctx;
  const title = () => {
    const b = storedBundle(sdb.db);
    return b ? `Check-in — station ${b.station}` : 'Check-in';
  };
  app.get('/check-in', async (req, reply) => {
    const s = viewSession(sdb, req, reply);
    if (!s) return reply;
    const q = String((req.query as { q?: unknown }).q ?? '');
    const done = String((req.query as { done?: unknown }).done ?? '');
    const message = done ? { kind: 'info' as const, text: `Checked in: ${done}` } : undefined;
    const body = searchForm(q, !q) + results(q, s.csrf, searchRoll(sdb.db, q));
    return reply
      .type('text/html')
      .send(
        page(
          { title: title(), worker: s.worker, csrf: s.csrf, nav: ctx.nav, ...(message ? { message } : {}) },
          body,
        ),
      );
  });
  app.post('/check-in', async (req, reply) => {
    const s = postSession(sdb, req, reply);
    if (!s) return reply;
    const b = formBody(req);
    const voterId = String(b.voterId ?? '');
    try {
      const c = checkIn(sdb, {
        voterId,
        worker: s.worker,
        documentType: String(b.documentType ?? ''),
        documentLast: String(b.documentLast ?? ''),
      });
      return reply.redirect(`/check-in?done=${encodeURIComponent(c.voterId)}`, 303);
    } catch (e) {
      if (!(e instanceof StationError)) throw e;
      const body = searchForm(voterId, false) + results(voterId, s.csrf, searchRoll(sdb.db, voterId));
      return reply
        .code(e.exitCode === 2 ? 400 : 409)
        .type('text/html')
        .send(
          page(
            {
              title: title(),
              worker: s.worker,
              csrf: s.csrf,
              nav: ctx.nav,
              message: { kind: 'error', text: e.message },
            },
            body,
          ),
        );
    }
  });
}
