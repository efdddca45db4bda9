/**
 * What the server benchmark measures of the server's process from outside (Linux /proc): CPU
 * time of the process and of each of its threads, resident memory, and the summary of a memory
 * series (start, end, maximum, slope). Elsewhere the figures are NaN or empty.
 * @module
 */
import { readdirSync, readFileSync } from 'node:fs';

/** One memory series. */
export interface MemorySeries {
  readonly startMB: number;
  readonly endMB: number;
  readonly maxMB: number;
  /** Least-squares slope, MB per minute. */
  readonly slopeMBPerMinute: number;
}

/** CPU time (user + system) of each thread of process `pid` so far, ms, by thread id (Linux; empty elsewhere). */
export function threadCpuMs(pid: number): Map<number, number> {
  const out = new Map<number, number>();
  try {
    for (const t of readdirSync(`/proc/${pid}/task`)) {
      const ms = cpuMsOf(pid, Number(t));
      if (Number.isFinite(ms)) out.set(Number(t), ms);
    }
  } catch {
    // not Linux, or the process is gone
  }
  return out;
}

/** CPU time (user + system) of process `pid` (or its thread `tid`) so far, ms (Linux /proc; NaN elsewhere). */
export function cpuMsOf(pid: number, tid?: number): number {
  try {
    const f = readFileSync(tid === undefined ? `/proc/${pid}/stat` : `/proc/${pid}/task/${tid}/stat`, 'utf8');
    const rest = f.slice(f.lastIndexOf(')') + 2).split(' ');
    // fields 14 and 15 (utime, stime) in clock ticks; rest[0] is field 3
    return ((Number(rest[11]) + Number(rest[12])) * 1000) / 100;
  } catch {
    return NaN;
  }
}

/** User and system CPU time of process `pid` so far, ms (Linux /proc; NaN elsewhere). */
export function cpuSplitMsOf(pid: number): { user: number; system: number } {
  try {
    const f = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const rest = f.slice(f.lastIndexOf(')') + 2).split(' ');
    return { user: (Number(rest[11]) * 1000) / 100, system: (Number(rest[12]) * 1000) / 100 };
  } catch {
    return { user: NaN, system: NaN };
  }
}

/** Resident set size of process `pid`, bytes (Linux /proc; NaN elsewhere). */
export function rssOf(pid: number): number {
  try {
    const m = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m ? Number(m[1]) * 1024 : NaN;
  } catch {
    return NaN;
  }
}

/** Start, end, maximum and least-squares slope of samples `v` (bytes) at times `t` (s). */
export function series(points: { t: number; v: number }[]): MemorySeries {
  const ok = points.filter((p) => Number.isFinite(p.v));
  const mb = (b: number) => b / 2 ** 20;
  if (ok.length === 0) return { startMB: NaN, endMB: NaN, maxMB: NaN, slopeMBPerMinute: NaN };
  const n = ok.length;
  const mt = ok.reduce((a, p) => a + p.t, 0) / n;
  const mv = ok.reduce((a, p) => a + p.v, 0) / n;
  let num = 0;
  let den = 0;
  for (const p of ok) {
    num += (p.t - mt) * (p.v - mv);
    den += (p.t - mt) ** 2;
  }
  return {
    startMB: mb(ok[0]!.v),
    endMB: mb(ok[n - 1]!.v),
    maxMB: mb(Math.max(...ok.map((p) => p.v))),
    slopeMBPerMinute: den > 0 ? mb(num / den) * 60 : 0,
  };
}
