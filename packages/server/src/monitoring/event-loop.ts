/**
 * The main thread's event loop as `GET /metrics` reports it (spec/server-api.md §6.4): its busy
 * and idle time since the process started (`performance.eventLoopUtilization`: a thread blocked in
 * a synchronous call — a SQLite commit waiting for its fsync — counts as busy although it uses no
 * CPU) and the delay of its timers (`monitorEventLoopDelay`, since the first report). One monitor
 * per process, started by the first app that asks: the loop is the process's, not an app's.
 * @module
 */
import { monitorEventLoopDelay, performance, type IntervalHistogram } from 'node:perf_hooks';

/** What {@link eventLoopFigures} reports. */
export interface EventLoopFigures {
  /** Milliseconds the loop ran callbacks (or was blocked in one) since the process started. */
  readonly activeMs: number;
  /** Milliseconds the loop waited for events since the process started. */
  readonly idleMs: number;
  /** The timers' delay since monitoring began (ms): median, 99th percentile, largest. */
  readonly delayMs: { readonly p50: number; readonly p99: number; readonly max: number };
}

let monitor: IntervalHistogram | undefined;

/** Starts the process's event-loop delay monitor (idempotent; its timer does not hold the process). */
export function watchEventLoop(): void {
  if (monitor) return;
  monitor = monitorEventLoopDelay({ resolution: 5 });
  monitor.enable();
}

/** The figures now ({@link watchEventLoop} first, else the delays are 0). */
export function eventLoopFigures(): EventLoopFigures {
  const u = performance.eventLoopUtilization();
  const ms = (ns: number): number => (Number.isFinite(ns) && monitor && monitor.count > 0 ? ns / 1e6 : 0);
  return {
    activeMs: u.active,
    idleMs: u.idle,
    delayMs: {
      p50: ms(monitor?.percentile(50) ?? 0),
      p99: ms(monitor?.percentile(99) ?? 0),
      max: ms(monitor?.max ?? 0),
    },
  };
}
