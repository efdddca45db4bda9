/**
 * Small HTTP helpers for the load generator, the durability test, the benchmark and the demo:
 * a JSON `call` over real sockets with a time bound, reading a Server-Sent Events stream, and
 * starting/stopping the compiled server
 * as a child process with time bounds and messages that say what went wrong.
 * @module
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { Call } from './local-election.js';

/**
 * A JSON call against `base` (e.g. http://127.0.0.1:8080).
 * @param timeoutMs - each request is aborted after this long (default 30 s)
 */
export function httpCall(base: string, timeoutMs = 30_000): Call {
  return async (method, path, body, token) => {
    const r = await fetch(base + path, {
      method,
      headers: {
        ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
        ...(token ? { authorization: `Bearer ${token}` } : {}),
      },
      ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
      signal: AbortSignal.timeout(timeoutMs),
    });
    const text = await r.text();
    const json = text ? JSON.parse(text) : undefined;
    const after = Number(r.headers.get('retry-after') ?? Number.NaN);
    return Number.isFinite(after) && after >= 0
      ? { status: r.status, json, retryAfter: after }
      : { status: r.status, json };
  };
}

/**
 * Reads a Server-Sent Events body (`GET …/results/stream`, spec/server-api.md §7.3) to its end.
 * @param onEvent - called with each frame's event name and its JSON data (frames without both are skipped)
 * @throws what reading the body throws (an AbortError when its request is aborted)
 */
export async function readEventStream(
  body: AsyncIterable<Uint8Array>,
  onEvent: (event: string, data: any) => void, // eslint-disable-line @typescript-eslint/no-explicit-any
): Promise<void> {
  const dec = new TextDecoder();
  let buf = '';
  for await (const chunk of body) {
    buf += dec.decode(chunk, { stream: true });
    let i;
    while ((i = buf.indexOf('\n\n')) >= 0) {
      const frame = buf.slice(0, i);
      buf = buf.slice(i + 2);
      const event = /^event: (.*)$/m.exec(frame)?.[1];
      const data = /^data: (.*)$/m.exec(frame)?.[1];
      if (event && data) onEvent(event, JSON.parse(data));
    }
  }
}

/** The `evident-server` command (bin/evident-server.js), when the CLI it loads is built. */
export function compiledCli(): string | undefined {
  const built = fileURLToPath(new URL('../../dist/cli.js', import.meta.url));
  return existsSync(built)
    ? fileURLToPath(new URL('../../bin/evident-server.js', import.meta.url))
    : undefined;
}

/** A server child process. */
export interface ServerProcess {
  readonly child: ChildProcess;
  readonly base: string;
  /** The server's standard error so far (for failure messages). */
  stderr(): string;
}

/** Options of {@link startServer}. */
export interface StartOptions {
  /** Give up (and kill the child) after this long (default 30 s). */
  readonly timeoutMs?: number;
  /** Extra node flags (e.g. `--cpu-prof`). */
  readonly nodeArgs?: readonly string[];
}

const tail = (s: string): string => s.trim().split('\n').slice(-8).join('\n').slice(-2000);

/**
 * Starts `node bin/evident-server.js ARGS` and waits for its "listening on" line.
 * @param env - extra environment (EVIDENT_ADMIN_TOKEN…)
 * @throws {Error} when it exits or does not start within the time bound (the child is killed);
 *   the message carries the end of its standard error
 */
export function startServer(
  cli: string,
  args: readonly string[],
  env: Record<string, string> = {},
  opts: StartOptions = {},
): Promise<ServerProcess> {
  const timeoutMs = opts.timeoutMs ?? 30_000;
  const child = spawn(process.execPath, [...(opts.nodeArgs ?? []), cli, ...args], {
    env: { ...process.env, ...env },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let err = '';
  child.stderr!.on('data', (d: Buffer) => {
    err += d.toString();
    if (err.length > 64_000) err = err.slice(-32_000);
  });
  return new Promise((resolve, reject) => {
    let settled = false;
    const finish = (f: () => void): void => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      child.stderr!.off('data', onData);
      child.off('exit', onExit);
      child.off('error', onError);
      f();
    };
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      finish(() =>
        reject(new Error(`server did not start within ${timeoutMs} ms; stderr: ${tail(err) || '(empty)'}`)),
      );
    }, timeoutMs);
    const onData = (): void => {
      const m = /listening on (http:\/\/[^\s]+)/.exec(err);
      if (m) finish(() => resolve({ child, base: m[1]!, stderr: () => err }));
    };
    const onExit = (code: number | null, signal: string | null): void =>
      finish(() =>
        reject(
          new Error(
            `server exited (${signal ?? `code ${code}`}) before listening; stderr: ${tail(err) || '(empty)'}`,
          ),
        ),
      );
    const onError = (e: Error): void =>
      finish(() => reject(new Error(`cannot spawn the server: ${e.message}`)));
    child.stderr!.on('data', onData);
    child.on('exit', onExit);
    child.on('error', onError);
  });
}

/** Resolves when `child` has exited (at once if it already has), or false after `ms`. */
export function waitForExit(child: ChildProcess, ms: number): Promise<boolean> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve(true);
  return new Promise((resolve) => {
    const t = setTimeout(() => {
      child.off('exit', onExit);
      resolve(false);
    }, ms);
    const onExit = (): void => {
      clearTimeout(t);
      resolve(true);
    };
    child.once('exit', onExit);
  });
}

/**
 * Stops a server: SIGTERM (a clean close), then SIGKILL if it has not exited within `graceMs`.
 * @returns how it ended: 'exited' (clean), 'killed' (needed SIGKILL), 'gone' (already dead)
 */
export async function stopServer(s: ServerProcess, graceMs = 10_000): Promise<'exited' | 'killed' | 'gone'> {
  const c = s.child;
  if (c.exitCode !== null || c.signalCode !== null) return 'gone';
  c.kill('SIGTERM');
  if (await waitForExit(c, graceMs)) return 'exited';
  c.kill('SIGKILL');
  await waitForExit(c, 5_000);
  return 'killed';
}

/** Kills with SIGKILL and waits (bounded) until the process is gone. */
export async function killServer(s: ServerProcess, ms = 10_000): Promise<void> {
  const c = s.child;
  if (c.exitCode !== null || c.signalCode !== null) return;
  c.kill('SIGKILL');
  if (!(await waitForExit(c, ms)))
    throw new Error(`server pid ${c.pid} did not die within ${ms} ms of SIGKILL`);
}
