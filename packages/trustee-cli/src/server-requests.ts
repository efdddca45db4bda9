/**
 * How a command talks to the server (spec/server-api.md): JSON requests whose transport errors
 * and refusals become `TrusteeError`s naming the URL and the server's coded error, and the
 * guardian's trustee token, read from `--token-file` or `$EVIDENT_TRUSTEE_TOKEN`.
 * @module
 */
import { createWriteStream, readFileSync } from 'node:fs';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { EXIT, TrusteeError } from './errors.js';

/**
 * `fetch`, sent again up to `retries` times when the connection closed under the request.
 * @throws {TrusteeError} PROTOCOL naming the URL and fetch's cause when the server cannot be reached
 */
async function send(url: string, init: RequestInit | (() => RequestInit) | undefined, retries: number) {
  for (let attempt = 0; ; attempt++) {
    try {
      return await fetch(url, typeof init === 'function' ? init() : init);
    } catch (e) {
      if (attempt < retries && CLOSED.has(String(causeCode(e))))
        await new Promise((ok) => setTimeout(ok, 250 * (attempt + 1)));
      else throw new TrusteeError(EXIT.PROTOCOL, url, `cannot reach the server: ${transportError(e)}`);
    }
  }
}

/**
 * `fetch` that turns transport errors and non-2xx answers into refusals naming the URL.
 * @param init - the request, or a function making it afresh for each attempt (a streamed body is
 *   read once)
 * @param retries - times to send again when the connection was closed under the request: only for
 *   a request the server answers the same when repeated (a guardian's upload: `again: true`), or
 *   refuses with a coded error naming the repeat (a mix stage already accepted)
 * @returns the parsed JSON body (undefined for an empty one)
 * @throws {TrusteeError} PROTOCOL when the server cannot be reached, answers with a body that is
 *   not JSON, or refuses (its status, code, message and field)
 */
export async function fetchJson(
  url: string,
  init?: RequestInit | (() => RequestInit),
  retries = 0,
): Promise<unknown> {
  // a GET is always safe to send again
  const get = init === undefined || (typeof init !== 'function' && (init.method ?? 'GET') === 'GET');
  const r = await send(url, init, get ? Math.max(retries, 2) : retries);
  const text = await r.text();
  let json: unknown;
  try {
    json = text ? JSON.parse(text) : undefined;
  } catch {
    throw new TrusteeError(EXIT.PROTOCOL, url, `answered ${r.status} with a body that is not JSON`);
  }
  if (!r.ok) {
    const e = (json ?? {}) as { code?: string; message?: string; field?: string };
    throw new TrusteeError(
      EXIT.PROTOCOL,
      url,
      `${r.status} ${e.code ?? ''}: ${e.message ?? text}`.trim(),
      e.field,
    );
  }
  return json;
}

/**
 * GET `url` into the file `path`, streamed (the mix file of a million ballots is never held).
 * @throws {TrusteeError} PROTOCOL as {@link fetchJson} (a refusal's body is small and read whole)
 */
export async function fetchToFile(url: string, path: string): Promise<void> {
  // a GET: sent again when a kept-alive connection closed under it (a long check or proof in this
  // process can leave it unnoticed past the server's keep-alive)
  const r = await send(url, undefined, 2);
  if (!r.ok || !r.body) {
    const text = await r.text();
    let e: { code?: string; message?: string; field?: string } = {};
    try {
      e = JSON.parse(text) as typeof e;
    } catch {
      // not JSON: the status says it
    }
    throw new TrusteeError(
      EXIT.PROTOCOL,
      url,
      `${r.status} ${e.code ?? ''}: ${e.message ?? text}`.trim(),
      e.field,
    );
  }
  try {
    await pipeline(
      Readable.fromWeb(r.body as import('node:stream/web').ReadableStream),
      createWriteStream(path),
    );
  } catch (e) {
    throw new TrusteeError(EXIT.PROTOCOL, url, `the answer broke off: ${transportError(e)}`);
  }
}

/**
 * The connection was closed under a request already sent: a server whose event loop was busy
 * longer than its keep-alive timeout closes idle sockets on waking, the request's bytes unread.
 */
const CLOSED = new Set(['EPIPE', 'ECONNRESET', 'UND_ERR_SOCKET']);
const causeCode = (e: unknown): unknown => (e as { cause?: { code?: unknown } }).cause?.code;

/**
 * What went wrong in transport: fetch says only "fetch failed" and puts the reason (refused,
 * reset, closed by the other side…) in `cause`.
 */
function transportError(e: unknown): string {
  const cause = (e as { cause?: { code?: unknown; message?: unknown } }).cause;
  const why = [cause?.code, cause?.message].filter((x) => typeof x === 'string' && x).join(' ');
  return why ? `${(e as Error).message} (${why})` : (e as Error).message;
}

/**
 * The guardian's trustee token: the trimmed content of `tokenFile` when given, else
 * `$EVIDENT_TRUSTEE_TOKEN`; undefined when neither holds one.
 * @throws {TrusteeError} USAGE when `tokenFile` cannot be read
 */
export function trusteeToken(tokenFile: string | undefined): string | undefined {
  if (tokenFile) {
    try {
      return readFileSync(tokenFile, 'utf8').trim();
    } catch {
      throw new TrusteeError(EXIT.USAGE, tokenFile, 'cannot be read');
    }
  }
  return process.env.EVIDENT_TRUSTEE_TOKEN || undefined;
}
