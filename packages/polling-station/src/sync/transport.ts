/**
 * The station's HTTP client: one request per connection (`Connection: close`), JSON in and out,
 * a deadline per request. One connection per request keeps the failure model simple: a request
 * whose connection breaks is either not taken or taken and unanswered, and the outbox's
 * idempotent retry covers both (spec/stations.md §10).
 * @module
 */
import { request as httpRequest } from 'node:http';
import { request as httpsRequest } from 'node:https';

/** A server's answer: the status and the parsed JSON body (undefined when not JSON). */
export interface HttpAnswer {
  readonly status: number;
  readonly body: unknown;
}

/** One request. */
export interface HttpCall {
  readonly method: 'GET' | 'POST' | 'PUT';
  /** absolute URL */
  readonly url: string;
  /** bearer token */
  readonly token?: string;
  readonly body?: unknown;
}

/** How the station talks to the server; tests pass their own. */
export type Transport = (call: HttpCall) => Promise<HttpAnswer>;

/** The connection failed or timed out: nothing is known of what the server did. */
export class TransportError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'TransportError';
  }
}

/** Node's http/https client, with a deadline of `timeoutMs` per request. */
export function httpTransport(timeoutMs = 15_000): Transport {
  return (call) =>
    new Promise<HttpAnswer>((resolve, reject) => {
      const url = new URL(call.url);
      const payload = call.body === undefined ? undefined : Buffer.from(JSON.stringify(call.body));
      const headers: Record<string, string> = { accept: 'application/json', connection: 'close' };
      if (payload) {
        headers['content-type'] = 'application/json';
        headers['content-length'] = String(payload.length);
      }
      if (call.token) headers.authorization = `Bearer ${call.token}`;
      const send = url.protocol === 'https:' ? httpsRequest : httpRequest;
      const req = send(url, { method: call.method, headers, agent: false }, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('error', (e) => reject(new TransportError(`${call.method} ${url.pathname}: ${e.message}`)));
        res.on('end', () => {
          if (!res.complete)
            return reject(new TransportError(`${call.method} ${url.pathname}: answer cut short`));
          const text = Buffer.concat(chunks).toString('utf8');
          let body: unknown;
          try {
            body = text === '' ? undefined : JSON.parse(text);
          } catch {
            body = undefined;
          }
          resolve({ status: res.statusCode ?? 0, body });
        });
        res.on('aborted', () =>
          reject(new TransportError(`${call.method} ${url.pathname}: answer cut short`)),
        );
      });
      req.setTimeout(timeoutMs, () => req.destroy(new Error(`no answer within ${timeoutMs} ms`)));
      req.on('error', (e) => reject(new TransportError(`${call.method} ${url.pathname}: ${e.message}`)));
      req.end(payload);
    });
}

/** The message of a coded error answer (`{code, message}`), or the status. */
export function answerError(a: HttpAnswer): string {
  const b = a.body as { code?: unknown; message?: unknown } | undefined;
  if (b && typeof b.code === 'string')
    return `${a.status} ${b.code}${typeof b.message === 'string' ? `: ${b.message}` : ''}`;
  return `HTTP ${a.status}`;
}
