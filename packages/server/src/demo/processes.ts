/**
 * What the demo (`npm run demo`, `../demo.ts`) talks through: the project's command-line tools
 * run as child processes, the server's HTTP API (a 2xx or an error naming the request and the
 * server's coded error), and the results stream (Server-Sent Events) it watches while voters cast.
 * @module
 */
import { spawn } from 'node:child_process';
import { httpCall, readEventStream } from '../testing/http.js';

/**
 * Runs `node SCRIPT ARGV` to completion.
 * @returns its standard output and error
 * @throws {Error} with its standard error on a non-zero exit
 */
export function runCli(script: string, argv: string[], env: Record<string, string> = {}): Promise<string> {
  return new Promise((resolve, reject) => {
    const p = spawn(process.execPath, [script, ...argv], {
      env: { ...process.env, ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let o = '';
    let e = '';
    p.stdout.on('data', (d: Buffer) => (o += d));
    p.stderr.on('data', (d: Buffer) => (e += d));
    p.on('close', (code) =>
      code === 0
        ? resolve(o + e)
        : reject(new Error(`${script.split('/').slice(-3).join('/')} ${argv[0]} exited ${code}: ${e || o}`)),
    );
  });
}

/** A JSON request that wants a 2xx: `http(method, path, body?, token?)` → the JSON body. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type Http = (method: string, path: string, body?: unknown, token?: string) => Promise<any>;

/** How often a request answered 429 or 503 with `Retry-After` is sent in all, and the longest wait (s). */
const ATTEMPTS = 20;
const LONGEST_WAIT_S = 30;

/**
 * {@link Http} against `base` (each request bounded to ten minutes: the largest are the tally
 * and the last response upload, which publishes). An answer 429 (rate limited) or 503 (busy,
 * unavailable) with `Retry-After` was not acted on (spec/server-api.md §2): the request is sent
 * again after that many seconds (at most {@link LONGEST_WAIT_S}), as the voter's page does, up
 * to {@link ATTEMPTS} times in all — the demo's voters all come from one address, so a large
 * demo meets the per-client rate limit.
 * @throws {Error} (from a request) naming it, its status and the server's error code and message
 */
export function demoHttp(base: string): Http {
  const call = httpCall(base, 600_000);
  const once = (method: string, path: string, body: unknown, token: string | undefined) =>
    call(method, path, body, token).catch((err: unknown) => {
      if (!closedBeforeAnswer(err)) throw err;
      return call(method, path, body, token);
    });
  return async (method, path, body, token) => {
    let r = await once(method, path, body, token);
    for (
      let n = 1;
      n < ATTEMPTS && (r.status === 429 || r.status === 503) && r.retryAfter !== undefined;
      n++
    ) {
      await new Promise((done) => setTimeout(done, Math.min(r.retryAfter!, LONGEST_WAIT_S) * 1000));
      r = await once(method, path, body, token);
    }
    if (r.status >= 300)
      throw new Error(`${method} ${path}: ${r.status} ${r.json?.code ?? ''} ${r.json?.message ?? ''}`);
    return r.json;
  };
}

/**
 * Whether `err` is fetch's "other side closed": the server closed a kept-alive connection before
 * any byte of an answer. The server closes only idle connections (its keep-alive timeout), so the
 * request was not read; a heavily loaded client can pick such a connection for its next request
 * just before it learns of the close. The request is then sent once more, on a new connection (as
 * browsers do). Any other failure is the request's.
 */
function closedBeforeAnswer(err: unknown): boolean {
  const cause = (err as { cause?: { code?: unknown } } | undefined)?.cause;
  return err instanceof TypeError && cause?.code === 'UND_ERR_SOCKET';
}

/** What {@link watchResults} has seen so far. */
export interface ResultsWatch {
  /** Event kind → how many arrived. */
  readonly events: Map<string, number>;
  /** Event kind → the data of the last one. */
  readonly last: Map<string, unknown>;
  stop(): void;
}

/** Watches `GET /elections/{id}/results/stream` (spec/server-api.md §7.3) until stopped. */
export function watchResults(base: string, id: string): ResultsWatch {
  const events = new Map<string, number>();
  const last = new Map<string, unknown>();
  const ac = new AbortController();
  void (async () => {
    try {
      const r = await fetch(`${base}/elections/${id}/results/stream`, { signal: ac.signal });
      await readEventStream(r.body as unknown as AsyncIterable<Uint8Array>, (ev, data) => {
        events.set(ev, (events.get(ev) ?? 0) + 1);
        last.set(ev, data);
      });
    } catch {
      /* aborted */
    }
  })();
  return { events, last, stop: () => ac.abort() };
}

/** What every step of the demo works with. */
export interface DemoEnv {
  /** The election's id. */
  readonly id: string;
  /** The administrator's token. */
  readonly admin: string;
  /** The server's base URL. */
  readonly base: string;
  readonly http: Http;
  /** A file of the trustees' folder. */
  f(name: string): string;
  /** Runs `evident-trustee ARGV` (the passphrase in its environment). */
  trustee(argv: string[]): Promise<string>;
  /** Prints a line with the time since the start. */
  say(line: string): void;
}
