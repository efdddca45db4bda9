/**
 * Denial-of-service probes over real sockets (spec/server-api.md §10), for the limits' tests and
 * `npm run bench:dos`: a large body posted without (or with) a token, and Server-Sent Events
 * clients that connect and never read. Raw `node:net` sockets, because what is measured is what
 * `fetch` hides: the answer that comes while the body is still being sent, and a client that
 * leaves the server's bytes unread.
 * @module
 */
import { connect, type Socket } from 'node:net';

/** The outcome of one large post; never an exception. */
export interface FloodResult {
  /** The HTTP status, or 'network' when the connection ended without a status line. */
  readonly status: number | 'network' | 'timeout';
  /** The response's `code` field when its body was JSON with one. */
  readonly code?: string;
  /** Milliseconds from connecting to the status line (or to the end). */
  readonly ms: number;
  /** Body bytes handed to the socket before the answer or the end. */
  readonly sent: number;
}

/** Where a probe connects. */
export interface Target {
  readonly host: string;
  readonly port: number;
}

/** `http://host:port` → {host, port}. */
export function targetOf(base: string): Target {
  const u = new URL(base);
  return { host: u.hostname, port: Number(u.port) };
}

const CHUNK = Buffer.alloc(1 << 20, 0x41); // 'A' × 1 MiB, reused: the client holds one chunk

/**
 * POSTs `bytes` bytes of a JSON object with one long string (`{"pad":"AAAA…"}`) to `path`,
 * honouring back-pressure, and stops sending as soon as a status line arrives.
 * @param headers - extra request headers (e.g. authorization)
 * @param timeoutMs - give up after this long
 */
export function postLarge(
  t: Target,
  path: string,
  bytes: number,
  headers: Record<string, string> = {},
  timeoutMs = 30_000,
): Promise<FloodResult> {
  return new Promise((resolve) => {
    const t0 = performance.now();
    const head = Buffer.from('{"pad":"');
    const tail = Buffer.from('"}');
    const total = Math.max(bytes, head.length + tail.length);
    const lines = [
      `POST ${path} HTTP/1.1`,
      `Host: ${t.host}:${t.port}`,
      'Content-Type: application/json',
      `Content-Length: ${total}`,
      ...Object.entries(headers).map(([k, v]) => `${k}: ${v}`),
      '',
      '',
    ];
    const s = connect(t.port, t.host);
    let sent = 0;
    let got = '';
    let done = false;
    const finish = (status: FloodResult['status']): void => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      const code = /"code":"(EVD_ERR_[A-Z_]+)"/.exec(got)?.[1];
      resolve({ status, ...(code ? { code } : {}), ms: performance.now() - t0, sent });
      s.destroy();
    };
    const timer = setTimeout(() => finish('timeout'), timeoutMs);
    let answered: number | undefined;
    s.on('data', (d: Buffer) => {
      got += d.toString('latin1');
      if (got.length > 65_536) got = got.slice(0, 65_536);
      const m = /^HTTP\/1\.1 (\d{3})/.exec(got);
      if (m && answered === undefined) answered = Number(m[1]);
      // the whole (small) error body, or the connection's end, completes the answer
      if (answered !== undefined && got.includes('\r\n\r\n') && /\}\s*$/.test(got)) finish(answered);
    });
    s.on('error', () => finish(answered ?? 'network'));
    s.on('close', () => finish(answered ?? 'network'));
    s.on('connect', () => {
      s.write(lines.join('\r\n'));
      const pump = (): void => {
        while (!done && answered === undefined && sent < total) {
          let chunk: Buffer;
          if (sent === 0) chunk = head;
          else if (total - sent <= tail.length) chunk = tail.subarray(0, total - sent);
          else chunk = CHUNK.subarray(0, Math.min(CHUNK.length, total - sent - tail.length));
          sent += chunk.length;
          if (!s.write(chunk)) return void s.once('drain', pump);
        }
      };
      pump();
    });
  });
}

/** Idle stream clients: the sockets that were admitted and the statuses of all. */
export interface IdleStreams {
  /** Status (or 'network'/'timeout') → how many. */
  readonly statuses: Record<string, number>;
  /** `code` of refused streams → how many. */
  readonly codes: Record<string, number>;
  /** The admitted sockets, paused (nothing more is read from them). */
  readonly open: Socket[];
  /** Closes every socket. */
  close(): void;
}

/**
 * Opens `n` Server-Sent Events clients on `path`, each reading only its status line and then
 * pausing for good (an idle, non-reading client). Refused ones are closed.
 */
export async function openIdleStreams(
  t: Target,
  path: string,
  n: number,
  timeoutMs = 10_000,
): Promise<IdleStreams> {
  const statuses: Record<string, number> = {};
  const codes: Record<string, number> = {};
  const open: Socket[] = [];
  const one = (): Promise<void> =>
    new Promise((resolve) => {
      const s = connect(t.port, t.host);
      let got = '';
      let done = false;
      const finish = (status: string, keep: boolean): void => {
        if (done) return;
        done = true;
        clearTimeout(timer);
        statuses[status] = (statuses[status] ?? 0) + 1;
        if (keep) {
          s.pause();
          open.push(s);
        } else {
          const code = /"code":"(EVD_ERR_[A-Z_]+)"/.exec(got)?.[1];
          if (code) codes[code] = (codes[code] ?? 0) + 1;
          s.destroy();
        }
        resolve();
      };
      const timer = setTimeout(() => finish('timeout', false), timeoutMs);
      s.on('error', () => finish('network', false));
      s.on('close', () => finish('network', false));
      s.on('connect', () =>
        s.write(`GET ${path} HTTP/1.1\r\nHost: ${t.host}\r\nAccept: text/event-stream\r\n\r\n`),
      );
      s.on('data', (d: Buffer) => {
        got += d.toString('latin1');
        const m = /^HTTP\/1\.1 (\d{3})/.exec(got);
        if (!m || !got.includes('\r\n\r\n')) return;
        if (m[1] === '200') finish('200', true);
        else if (/\}\s*$/.test(got)) finish(m[1]!, false);
      });
    });
  // a few at a time, so that the order of admission is the order of connection
  for (let i = 0; i < n; i += 16) await Promise.all(Array.from({ length: Math.min(16, n - i) }, one));
  return {
    statuses,
    codes,
    open,
    close: () => {
      for (const s of open) s.destroy();
    },
  };
}
