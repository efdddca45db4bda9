/**
 * The status page: the outbox (what waits to be sent, what the server refused), the last
 * answer from the server, the clock offset, the poll book. In the language of `stationLang`,
 * numbers and times formatted per locale (spec/i18n.md).
 * @module
 */
import { formatNumber } from '@evident/i18n';
import type { FastifyInstance } from 'fastify';
import { checkInCount } from '../pollbook/check-in.js';
import { pollBookClosing } from '../pollbook/close.js';
import { storedBundle } from '../provision/provision.js';
import { lastClockOffset } from '../sync/clock.js';
import { outboxCounts, problemItems } from '../sync/outbox.js';
import { lastSync } from '../sync/sync-loop.js';
import { listActions, type StationDb } from '../store/station-db.js';
import { esc, page } from './html.js';
import { viewSession } from './session-guard.js';
import { stationLang, stationWords } from './station-lang.js';
import type { StationUiContext } from './station-ui.js';

/** The station's state, as `evident-station status --json` and the status page show it. */
export function stationStatus(sdb: StationDb) {
  const b = storedBundle(sdb.db);
  const closing = pollBookClosing(sdb);
  return {
    provisioned: b
      ? {
          electionId: b.electionId,
          station: b.station,
          voters: b.voters,
          logKey: b.pinnedLogKey,
          countingStart: b.countingStart,
          timeZone: b.timeZone,
        }
      : null,
    checkIns: checkInCount(sdb.db),
    pollBookClosedAt: closing?.closing.closedAt ?? null,
    outbox: outboxCounts(sdb.db),
    problems: problemItems(sdb.db).map((i) => ({
      seq: i.seq,
      kind: i.kind,
      ref: i.ref ?? null,
      status: i.status,
      error: i.lastError,
    })),
    lastSync: lastSync(sdb),
    clockOffset: lastClockOffset(sdb.db),
  };
}

/** Registers `GET /status`. */
export function registerStatus(app: FastifyInstance, ctx: StationUiContext): void {
  const { sdb } = ctx;
  app.get('/status', async (req, reply) => {
    const s = viewSession(sdb, req, reply);
    if (!s) return reply;
    const lang = stationLang(req, reply);
    const t = stationWords(lang);
    const n = (x: number) => formatNumber(lang, x);
    const when = (ms: number | null) => (ms === null ? t('never') : t('when', { at: new Date(ms) }));
    const st = stationStatus(sdb);
    const o = st.outbox;
    const rows: [string, string][] = [
      [
        t('rowStation'),
        st.provisioned
          ? t('stationOf', { station: st.provisioned.station, election: st.provisioned.electionId })
          : t('notProvisioned'),
      ],
      [t('rowCheckIns'), n(st.checkIns)],
      [
        t('rowPollBook'),
        st.pollBookClosedAt ? t('pollBookClosed', { at: new Date(st.pollBookClosedAt) }) : t('pollBookOpen'),
      ],
      [t('rowPending'), n(o.pending)],
      [t('rowDelivered'), n(o.delivered)],
      [t('rowRefused'), n(o.refused + o.rejected)],
      [t('rowBadReceipt'), n(o['bad-receipt'])],
      [t('rowLastAnswer'), when(st.lastSync)],
      [
        t('rowClock'),
        st.clockOffset
          ? t('clockOffset', {
              s: Math.round(st.clockOffset.offsetMs / 100) / 10,
              at: new Date(st.clockOffset.measuredAt),
            })
          : t('neverMeasured'),
      ],
    ];
    const problems = st.problems.length
      ? `<h2>${esc(t('needsAttention'))}</h2><ul>${st.problems.map((p) => `<li>${esc(p.kind)} <bdi dir="ltr">${esc(p.ref ?? '')}</bdi>: ${esc(p.status)} — ${esc(p.error ?? '')}</li>`).join('')}</ul>`
      : '';
    const actions = listActions(sdb.db, 20).reverse();
    const trail = `<h2>${esc(t('recentActions'))}</h2><table><thead><tr><th scope="col">${esc(t('colWhen'))}</th><th scope="col">${esc(t('colWho'))}</th><th scope="col">${esc(t('colWhat'))}</th></tr></thead><tbody>${actions
      .map(
        (a) =>
          `<tr><td><bdi dir="ltr">${esc(a.at)}</bdi></td><td>${esc(a.worker)}</td><td>${esc(a.action)}</td></tr>`,
      )
      .join('')}</tbody></table>`;
    const table = `<table><tbody>${rows.map(([k, v]) => `<tr><th scope="row">${esc(k)}</th><td>${esc(v)}</td></tr>`).join('')}</tbody></table>`;
    return reply
      .type('text/html')
      .send(
        page(
          { title: t('statusTitle'), lang, path: req.url, worker: s.worker, csrf: s.csrf, nav: ctx.nav },
          table + problems + trail,
        ),
      );
  });
}
