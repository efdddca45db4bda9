/**
 * Coded answers to requests that never reach a route (spec/server-api.md §2, §10): headers over
 * Node's size limit (431), a request that does not arrive within `requestTimeout` (408), a
 * request that is not HTTP (400) — each with the error body of every other refusal, then the
 * connection is closed.
 * @module
 */
import type { Socket } from 'node:net';
import { errorBody, type ErrorCode } from '../errors.js';

/** fastify's `clientErrorHandler`: what Node's HTTP parser or timers refused. */
export function clientErrorHandler(err: Error & { code?: string }, socket: Socket): void {
  if (err.code === 'ECONNRESET' || socket.destroyed) return;
  const [code, message]: [ErrorCode, string] =
    err.code === 'ERR_HTTP_REQUEST_TIMEOUT'
      ? ['EVD_ERR_REQUEST_TIMEOUT', 'the request did not arrive in time']
      : err.code === 'HPE_HEADER_OVERFLOW'
        ? ['EVD_ERR_HEADERS_TOO_LARGE', 'the request headers are too large']
        : ['EVD_ERR_BAD_REQUEST', 'malformed HTTP request'];
  const body = errorBody(code, message);
  const text = JSON.stringify(body);
  if (socket.writable)
    socket.write(
      `HTTP/1.1 ${body.statusCode} ${body.error}\r\nConnection: close\r\nContent-Type: application/json; charset=utf-8\r\nContent-Length: ${Buffer.byteLength(text)}\r\n\r\n${text}`,
    );
  socket.destroy();
}
