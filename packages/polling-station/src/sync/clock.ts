/**
 * The station's clock offset against the server (spec/stations.md §5, §10):
 * offset = serverTime − local time at the midpoint of the round trip of `GET /time`. Measured
 * whenever the server is reachable; the last one is kept and used by the counting-start check.
 * @module
 */
import type Database from 'better-sqlite3';
import { getMeta, setMeta } from '../store/station-db.js';
import type { Transport } from './transport.js';

/** A measured offset. */
export interface ClockOffset {
  /** server − local, ms */
  readonly offsetMs: number;
  /** the round trip, ms (the offset's uncertainty is half of it) */
  readonly roundTripMs: number;
  /** local time of the measurement, ms since the epoch */
  readonly measuredAt: number;
}

/**
 * Measures the offset with one `GET /time`; undefined when the server cannot be reached or
 * answers nonsense.
 */
export async function measureClockOffset(
  transport: Transport,
  serverUrl: string,
  now: () => number,
): Promise<ClockOffset | undefined> {
  const t0 = now();
  let body: unknown;
  try {
    const a = await transport({ method: 'GET', url: new URL('/time', serverUrl).href });
    if (a.status !== 200) return undefined;
    body = a.body;
  } catch {
    return undefined;
  }
  const t1 = now();
  const server = (body as { now?: unknown } | undefined)?.now;
  if (typeof server !== 'number' || !Number.isSafeInteger(server)) return undefined;
  return { offsetMs: Math.round(server - (t0 + t1) / 2), roundTripMs: t1 - t0, measuredAt: t1 };
}

/** Keeps the offset as the last one measured. */
export function saveClockOffset(db: Database.Database, o: ClockOffset): void {
  setMeta(db, 'clockOffset', o);
}

/** The last offset measured, or null when the server was never reached. */
export function lastClockOffset(db: Database.Database): ClockOffset | null {
  return getMeta<ClockOffset>(db, 'clockOffset') ?? null;
}
