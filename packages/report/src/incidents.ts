/**
 * The incidents of a report (spec/reports.md §2.1): the server's security events of the
 * election — every kind, monitoring alerts (`anomaly-*`) included — and, among them, the refused
 * tally sheets (kind `sheet-refused`) counted by station and code. They are not in the record:
 * the server holds them (`GET /admin/security-events`, spec/server-api.md §12.4).
 * @module
 */

/** One security event as the server answers it. */
export interface SecurityEvent {
  readonly id: number;
  /** milliseconds since the epoch */
  readonly time: number;
  readonly kind: string;
  readonly electionId: string | null;
  readonly station: string | null;
  readonly code: string;
  readonly reason: string;
  readonly field?: string | null;
  readonly address: string;
  readonly role?: string | null;
}

/** Refused tally sheets of one station and code. */
export interface RefusedSheets {
  readonly station: string | null;
  readonly code: string;
  /** the newest refusal's message */
  readonly reason: string;
  readonly count: number;
}

/** The kind of a refused tally sheet. */
export const SHEET_REFUSED = 'sheet-refused';

/** The events of `electionId`, oldest first (the server answers newest first). */
export function electionIncidents(events: readonly SecurityEvent[], electionId: string): SecurityEvent[] {
  return events.filter((e) => e.electionId === electionId).sort((a, b) => a.time - b.time || a.id - b.id);
}

/** The refused sheets among `events`, counted by station and code, in station then code order. */
export function refusedSheets(events: readonly SecurityEvent[]): RefusedSheets[] {
  const groups = new Map<
    string,
    { station: string | null; code: string; reason: string; count: number; time: number }
  >();
  for (const e of events) {
    if (e.kind !== SHEET_REFUSED) continue;
    const key = JSON.stringify([e.station, e.code]);
    const g = groups.get(key) ?? {
      station: e.station,
      code: e.code,
      reason: e.reason,
      count: 0,
      time: -Infinity,
    };
    g.count++;
    if (e.time >= g.time) [g.reason, g.time] = [e.reason, e.time];
    groups.set(key, g);
  }
  return [...groups.values()]
    .sort((a, b) => (a.station ?? '').localeCompare(b.station ?? '') || a.code.localeCompare(b.code))
    .map(({ station, code, reason, count }) => ({ station, code, reason, count }));
}
