/**
 * A minimal HTTP/1.1 client for the load generator (spec/server-api.md §9): keep-alive sockets,
 * one request at a time on each, the request written as one string, the response parsed only for
 * its status line, `Content-Length` and body. `node:http`'s client costs about a millisecond of CPU
 * per cast (request objects, header handling, streams); the generator shares the server's cores,
 * so every millisecond it spends is taken from the server. Loopback benchmarking only: no TLS,
 * no chunked responses (fastify sends JSON with a length), no redirects.
 * @module
 */
import { connect, type Socket } from 'node:net';

/** The outcome of one request; never an exception. */
export interface RawResponse {
  readonly status: number | 'network' | 'timeout';
  readonly text: string;
}

/** A pool of keep-alive connections to one server. */
export interface RawPool {
  /** POSTs a JSON body to `path`; resolves with the status and body text. */
  post(path: string, body: string, timeoutMs: number): Promise<RawResponse>;
  /** GETs `path`; resolves with the status and body text. */
  get(path: string, timeoutMs: number): Promise<RawResponse>;
  /** Sends a whole request built beforehand ({@link rawRequest}); resolves with the status and body text. */
  send(request: string, timeoutMs: number): Promise<RawResponse>;
  /** Requests waiting for a connection or an answer. */
  readonly pending: number;
  /** Closes every connection (pending requests resolve as 'network'). */
  close(): void;
}

interface Pending {
  readonly request: string;
  readonly timeoutMs: number;
  readonly resolve: (r: RawResponse) => void;
}

interface Conn {
  readonly socket: Socket;
  current: ((r: RawResponse) => void) | undefined;
  timer: NodeJS.Timeout | undefined;
  buf: Buffer;
  dead: boolean;
}

const HEADER_END = Buffer.from('\r\n\r\n');

/**
 * A pool of at most `max` connections to `host`:`port`.
 * @throws {RangeError} if `max` < 1
 */
export function rawPool(host: string, port: number, max: number): RawPool {
  if (!(max >= 1)) throw new RangeError('max must be at least 1');
  const idle: Conn[] = [];
  const all = new Set<Conn>();
  const waiting: Pending[] = [];
  let closed = false;

  const finish = (c: Conn, r: RawResponse): void => {
    const f = c.current;
    c.current = undefined;
    if (c.timer) clearTimeout(c.timer);
    c.timer = undefined;
    f?.(r);
  };
  const kill = (c: Conn): void => {
    if (c.dead) return;
    c.dead = true;
    all.delete(c);
    const i = idle.indexOf(c);
    if (i >= 0) idle.splice(i, 1);
    c.socket.destroy();
    if (c.current) finish(c, { status: 'network', text: '' });
    next();
  };
  /** Parses one complete response from `c.buf`, if there is one. */
  const parse = (c: Conn): void => {
    const end = c.buf.indexOf(HEADER_END);
    if (end < 0) return;
    const head = c.buf.toString('latin1', 0, end);
    const status = Number(head.slice(9, 12));
    const m = /\r\ncontent-length:\s*(\d+)/i.exec(head);
    if (!m || !Number.isInteger(status)) return kill(c); // not a response this client understands
    const len = Number(m[1]);
    if (c.buf.length < end + 4 + len) return;
    const text = c.buf.toString('utf8', end + 4, end + 4 + len);
    c.buf = c.buf.subarray(end + 4 + len);
    const close = /\r\nconnection:\s*close/i.test(head);
    finish(c, { status, text });
    if (close) kill(c);
    else release(c);
  };
  const open = (): Conn => {
    const socket = connect({ host, port, noDelay: true });
    const c: Conn = { socket, current: undefined, timer: undefined, buf: Buffer.alloc(0), dead: false };
    socket.on('data', (d: Buffer) => {
      c.buf = c.buf.length === 0 ? d : Buffer.concat([c.buf, d]);
      if (c.current) parse(c);
    });
    socket.on('error', () => kill(c));
    socket.on('close', () => kill(c));
    all.add(c);
    return c;
  };
  const send = (c: Conn, p: Pending): void => {
    c.current = p.resolve;
    c.timer = setTimeout(() => {
      finish(c, { status: 'timeout', text: '' });
      kill(c);
    }, p.timeoutMs);
    c.socket.write(p.request);
  };
  const release = (c: Conn): void => {
    const p = waiting.shift();
    if (p) send(c, p);
    else idle.push(c);
  };
  const next = (): void => {
    while (waiting.length > 0 && !closed) {
      const c = idle.pop() ?? (all.size < max ? open() : undefined);
      if (!c) return;
      send(c, waiting.shift()!);
    }
  };

  let pending = 0;
  const submit = (request: string, timeoutMs: number): Promise<RawResponse> => {
    if (closed) return Promise.resolve({ status: 'network', text: '' });
    pending++;
    return new Promise<RawResponse>((resolve) => {
      waiting.push({ request, timeoutMs, resolve });
      next();
    }).finally(() => pending--);
  };
  return {
    get pending() {
      return pending;
    },
    post: (path, body, timeoutMs) => submit(rawRequest(host, port, 'POST', path, body), timeoutMs),
    get: (path, timeoutMs) => submit(rawRequest(host, port, 'GET', path), timeoutMs),
    send: submit,
    close() {
      closed = true;
      for (const p of waiting.splice(0)) p.resolve({ status: 'network', text: '' });
      for (const c of [...all]) kill(c);
    },
  };
}

/**
 * The text of an HTTP/1.1 keep-alive request, built once and sent many times ({@link RawPool.send}):
 * a load generator that prepares its requests beforehand spends its CPU on sending them.
 * @param body - a JSON body (POST)
 * @param headers - more header lines (e.g. `Accept-Encoding`)
 */
export function rawRequest(
  host: string,
  port: number,
  method: 'GET' | 'POST',
  path: string,
  body?: string,
  headers: Readonly<Record<string, string>> = {},
): string {
  const extra = Object.entries(headers)
    .map(([k, v]) => `${k}: ${v}\r\n`)
    .join('');
  const head = `${method} ${path} HTTP/1.1\r\nHost: ${host}:${port}\r\nConnection: keep-alive\r\n${extra}`;
  return body === undefined
    ? head + '\r\n'
    : head + `Content-Type: application/json\r\nContent-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`;
}
