/**
 * The status page: the outbox (what waits to be sent, what the server refused), the last
 * answer from the server, the clock offset, the poll book.
 * @module
 */
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

const when = (ms: number | null) => (ms === null ? 'never' : new Date(ms).toISOString());

/** Registers `GET /status`. */
export function registerStatus(app: FastifyInstance, ctx: StationUiContext): void {
  const { sdb } = ctx;
  app.get('/status', async (req, reply) => {
    const s = viewSession(sdb, req, reply);
    if (!s) return reply;
    const st = stationStatus(sdb);
    const o = st.outbox;
    const rows: [string, string][] = [
      [
        'Station',
        st.provisioned
          ? `${st.provisioned.station} (election ${st.provisioned.electionId})`
          : 'not provisioned',
      ],
      ['Voters checked in', String(st.checkIns)],
      ['Poll book', st.pollBookClosedAt ? `closed at ${st.pollBookClosedAt}` : 'open'],
      ['Waiting to be sent', String(o.pending)],
      ['Delivered', String(o.delivered)],
      ['Refused or rejected by the server', String(o.refused + o.rejected)],
      ['Receipts that did not check', String(o['bad-receipt'])],
      ['Last answer from the server', when(st.lastSync)],
      [
        'Clock offset (server − station)',
        st.clockOffset
          ? `${(st.clockOffset.offsetMs / 1000).toFixed(1)} s, measured ${when(st.clockOffset.measuredAt)}`
          : 'never measured',
      ],
    ];
    const problems = st.problems.length
      ? `<h2>Needs attention</h2><ul>${st.problems.map((p) => `<li>${esc(p.kind)} ${esc(p.ref ?? '')}: ${esc(p.status)} — ${esc(p.error ?? '')}</li>`).join('')}</ul>`
      : '';
    const actions = listActions(sdb.db, 20).reverse();
    const trail = `<h2>Recent actions</h2><table><thead><tr><th scope="col">When (UTC)</th><th scope="col">Who</th><th scope="col">What</th></tr></thead><tbody>${actions
      .map((a) => `<tr><td>${esc(a.at)}</td><td>${esc(a.worker)}</td><td>${esc(a.action)}</td></tr>`)
      .join('')}</tbody></table>`;
    const table = `<table><tbody>${rows.map(([k, v]) => `<tr><th scope="row">${esc(k)}</th><td>${esc(v)}</td></tr>`).join('')}</tbody></table>`;
    return reply
      .type('text/html')
      .send(
        page(
          { title: 'Station status', worker: s.worker, csrf: s.csrf, nav: ctx.nav },
          table + problems + trail,
        ),
      );
  });
}
