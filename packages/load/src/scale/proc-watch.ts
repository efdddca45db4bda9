/**
 * What the scale run measures of its child processes from outside (Linux /proc): the peak
 * resident memory (`VmHWM`, the kernel's high-water mark, read every 200 ms while the process
 * lives, so a peak in its last 200 ms may be missed), CPU time, and sizes on disk. Elsewhere the
 * figures are NaN. {@link runChild} runs a command to its end, bounded in time.
 * @module
 */
import { spawn } from 'node:child_process';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';

/** A `/proc/PID/status` field in bytes (NaN when unreadable). */
function statusBytes(pid: number, field: 'VmHWM' | 'VmRSS'): number {
  try {
    const m = new RegExp(`${field}:\\s+(\\d+) kB`).exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m ? Number(m[1]) * 1024 : NaN;
  } catch {
    return NaN;
  }
}

/** CPU time (user + system) of process `pid` so far, ms (NaN when unreadable). */
export function cpuMsOf(pid: number): number {
  try {
    const f = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const rest = f.slice(f.lastIndexOf(')') + 2).split(' ');
    return ((Number(rest[11]) + Number(rest[12])) * 1000) / 100;
  } catch {
    return NaN;
  }
}

/** A running watch of one process's peak memory. */
export interface PeakWatch {
  /** the highest VmHWM read so far, bytes */
  peak(): number;
  /** the last VmRSS read, bytes */
  rss(): number;
  stop(): void;
}

/** Reads `pid`'s memory every `ms` until stopped (or the process is gone). */
export function watchPeak(pid: number, ms = 200): PeakWatch {
  let peak = NaN;
  let rss = NaN;
  const read = (): void => {
    const h = statusBytes(pid, 'VmHWM');
    const r = statusBytes(pid, 'VmRSS');
    if (Number.isFinite(h)) peak = Number.isFinite(peak) ? Math.max(peak, h) : h;
    if (Number.isFinite(r)) rss = r;
  };
  read();
  const t = setInterval(read, ms);
  t.unref();
  return {
    peak: () => (read(), peak),
    rss: () => (read(), rss),
    stop: () => clearInterval(t),
  };
}

/** What {@link runChild} returns. */
export interface ChildRun {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
  readonly seconds: number;
  readonly peakRssBytes: number;
  readonly cpuMs: number;
}

/**
 * Runs `command args` to its end, watching its peak memory.
 * @throws {Error} when it cannot start or runs longer than `timeoutMs` (it is killed)
 */
export function runChild(
  command: string,
  args: readonly string[],
  opts: { env?: Record<string, string>; timeoutMs: number },
): Promise<ChildRun> {
  const t0 = performance.now();
  const child = spawn(command, args, {
    env: { ...process.env, ...opts.env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const watch = watchPeak(child.pid!);
  let cpuMs = NaN;
  const cpu = setInterval(() => {
    const c = cpuMsOf(child.pid!);
    if (Number.isFinite(c)) cpuMs = c;
  }, 200);
  let out = '';
  let err = '';
  child.stdout.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr.on('data', (d: Buffer) => {
    err += d.toString();
    if (err.length > 64_000) err = err.slice(-32_000);
  });
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`${args[0] ?? command} ran longer than ${opts.timeoutMs} ms: ${err.slice(-500)}`));
    }, opts.timeoutMs);
    child.on('error', (e) => {
      clearTimeout(timer);
      reject(new Error(`cannot start ${command}: ${e.message}`));
    });
    child.on('exit', (code) => {
      clearTimeout(timer);
      clearInterval(cpu);
      const peakRssBytes = watch.peak();
      watch.stop();
      resolve({
        code,
        stdout: out,
        stderr: err,
        seconds: (performance.now() - t0) / 1000,
        peakRssBytes,
        cpuMs,
      });
    });
  });
}

/** Bytes of the files under `path` (a file or a folder, recursively; 0 when absent). */
export function sizeOnDisk(path: string): number {
  let st;
  try {
    st = statSync(path);
  } catch {
    return 0;
  }
  if (!st.isDirectory()) return st.size;
  let total = 0;
  for (const e of readdirSync(path)) total += sizeOnDisk(join(path, e));
  return total;
}
