/**
 * Security metrics in the Prometheus text format (spec/server-api.md §6.4), one registry per app
 * so that several apps in one process keep their own counts. Counters are bumped where the event
 * happens (the error handler, the cast and sheet routes); the gauges of SSE viewers and of the
 * stations' sync lag are read when scraped (the lag from the store, through `lastHeard`).
 * @module
 */
import { Counter, Gauge, Registry } from 'prom-client';
import type { StreamStats } from '../limits/stream-gate.js';
import type { StationHeard } from './station-activity.js';

/** The window of the rate-limited clients gauge (the rate limit's own default window). */
export const RATE_LIMITED_WINDOW_MS = 60_000;
/** Rate-limited addresses followed at once (a flood from many addresses stays bounded). */
const MAX_LIMITED_CLIENTS = 100_000;

/** What the routes tell the metrics. */
export interface ServerMetrics {
  /** The registry `GET /metrics/prometheus` answers from. */
  readonly registry: Registry;
  /** A cast ballot was accepted (its receipt sent). */
  castAccepted(): void;
  /** A request from client `address` was answered with the coded error `code`. */
  refused(code: string, address?: string): void;
  /** A station tally sheet was written (`correction`: it supersedes an earlier sheet). */
  sheetAccepted(correction: boolean): void;
  /** A station tally sheet was refused. */
  sheetRefused(): void;
  /** An anomaly rule recorded an alert of `kind` (`anomaly-…`). */
  alerted(kind: string): void;
  /** A write batch was refused because the log was out of step with the store (LogConflictError). */
  logConflict(): void;
}

/**
 * The metrics of one app.
 * @param streams - the SSE gate's counters (viewers open now)
 * @param now - the server's clock (ms), for the sync lag
 * @param lastHeard - when each station was last heard from, read from the store when scraped
 */
export function serverMetrics(
  streams: Readonly<StreamStats>,
  now: () => number,
  lastHeard: () => Promise<readonly StationHeard[]>,
): ServerMetrics {
  const registry = new Registry();
  const registers = [registry];
  const casts = new Counter({
    name: 'evident_casts_accepted_total',
    help: 'Cast ballots accepted (receipt sent)',
    registers,
  });
  const refusals = new Counter({
    name: 'evident_refusals_total',
    help: 'Requests answered with a coded error, by code',
    labelNames: ['code'] as const,
    registers,
  });
  const replays = new Counter({
    name: 'evident_replay_attempts_total',
    help: "Ballots refused as a replay of another credential's ballot (EVD_ERR_REPLAY)",
    registers,
  });
  const rateLimited = new Counter({
    name: 'evident_rate_limited_total',
    help: 'Requests refused by the per-client rate limit (429 EVD_ERR_RATE_LIMITED)',
    registers,
  });
  // client address → when the rate limit last refused it (ms); bounded, the oldest out first
  const limitedAt = new Map<string, number>();
  new Gauge({
    name: 'evident_rate_limited_clients',
    help: `Client addresses refused by the rate limit within the last ${RATE_LIMITED_WINDOW_MS / 1000} s`,
    registers,
    collect() {
      const since = now() - RATE_LIMITED_WINDOW_MS;
      for (const [a, t] of limitedAt) if (t <= since) limitedAt.delete(a);
      this.set(limitedAt.size);
    },
  });
  new Gauge({
    name: 'evident_sse_viewers',
    help: 'Server-Sent Events streams open now',
    registers,
    collect() {
      this.set(streams.open);
    },
  });
  const sheets = new Counter({
    name: 'evident_station_sheets_total',
    help: 'Station tally sheets by state: accepted (written), superseded (by a correction), refused',
    labelNames: ['state'] as const,
    registers,
  });
  for (const state of ['accepted', 'superseded', 'refused']) sheets.inc({ state }, 0);
  const alerts = new Counter({
    name: 'evident_alerts_total',
    help: 'Alerts recorded by the anomaly rules (security events anomaly-...), by kind',
    labelNames: ['kind'] as const,
    registers,
  });
  const logConflicts = new Counter({
    name: 'evident_log_conflicts_total',
    help: 'Write batches refused because the log was out of step with the store (LogConflictError: 503, nothing written, the log reloaded)',
    registers,
  });
  new Gauge({
    name: 'evident_station_sync_lag_seconds',
    help: 'Seconds since a station was last heard from (its latest check-in or sheet in the store)',
    labelNames: ['election', 'station'] as const,
    registers,
    async collect() {
      const heard = await lastHeard();
      this.reset();
      const t = now();
      for (const s of heard)
        this.set({ election: s.electionId, station: s.station }, Math.max(0, (t - s.time) / 1000));
    },
  });
  return {
    registry,
    castAccepted: () => casts.inc(),
    refused(code, address) {
      refusals.inc({ code });
      if (code === 'EVD_ERR_REPLAY') replays.inc();
      if (code !== 'EVD_ERR_RATE_LIMITED') return;
      rateLimited.inc();
      if (address === undefined) return;
      limitedAt.delete(address); // re-inserted last: the map stays in time order
      if (limitedAt.size >= MAX_LIMITED_CLIENTS) limitedAt.delete(limitedAt.keys().next().value!);
      limitedAt.set(address, now());
    },
    sheetAccepted(correction) {
      sheets.inc({ state: 'accepted' });
      if (correction) sheets.inc({ state: 'superseded' });
    },
    sheetRefused: () => sheets.inc({ state: 'refused' }),
    alerted: (kind) => alerts.inc({ kind }),
    logConflict: () => logConflicts.inc(),
  };
}
