/**
 * Public answers kept as bytes and sent as they are (spec/server-api.md §6.5): the JSON of a
 * board page, a tree head, an inclusion proof or a results snapshot is serialised once, with a
 * strong `ETag` (a hash of the bytes), and compressed once per content coding the clients ask
 * for (`Accept-Encoding: br` or `gzip`; compressed off the event loop, concurrent readers share
 * one compression). A request whose `If-None-Match` names the representation it would get is
 * answered 304 without a body. A compressible answer varies with `Accept-Encoding`.
 * @module
 */
import { createHash } from 'node:crypto';
import { brotliCompress, constants, gzip } from 'node:zlib';
import type { FastifyReply, FastifyRequest } from 'fastify';

/** The content codings served (besides identity). */
export type Coding = 'br' | 'gzip';

/** Answers smaller than this are always sent as they are: compressing them saves nothing. */
export const COMPRESS_MIN_BYTES = 1024;

/** An answer's bytes, its tag and its compressed forms once made. */
export interface CachedAnswer {
  readonly body: Buffer;
  /** The strong entity tag of the identity bytes, quoted (`"…"`); a coding's is `"…-br"`, `"…-gzip"`. */
  readonly etag: string;
  readonly coded: Partial<Record<Coding, Buffer>>;
  /** Compressions in progress. */
  readonly making: Partial<Record<Coding, Promise<Buffer>>>;
  /** Bytes held: the body and the compressed forms made so far. */
  bytes: number;
}

/** How an answer may be kept by clients. */
export const NO_CACHE = 'no-cache';
/** An answer that never changes (a complete board page, a proof for a given tree size). */
export const IMMUTABLE = 'public, max-age=31536000, immutable';

const JSON_TYPE = 'application/json; charset=utf-8';

/** Keeps `text` (JSON) as an answer. */
export function cachedAnswer(text: string | Buffer): CachedAnswer {
  const body = typeof text === 'string' ? Buffer.from(text, 'utf8') : text;
  const etag = `"${createHash('sha256').update(body).digest('base64url').slice(0, 32)}"`;
  return { body, etag, coded: {}, making: {}, bytes: body.length };
}

/**
 * The coding to send for `header` (an `Accept-Encoding` value, RFC 9110 §12.5.3): `br` before
 * `gzip` when both are acceptable; undefined for identity. A coding given `q=0` is refused; `*`
 * stands for the codings not named.
 */
export function chooseCoding(header: string | string[] | undefined): Coding | undefined {
  if (header === undefined) return undefined;
  const text = Array.isArray(header) ? header.join(',') : header;
  const q: Record<string, number> = {};
  for (const part of text.split(',')) {
    const [name, ...params] = part.trim().toLowerCase().split(';');
    if (!name) continue;
    let weight = 1;
    for (const p of params) {
      const m = /^\s*q\s*=\s*([0-9.]+)\s*$/.exec(p);
      if (m) weight = Number(m[1]);
    }
    q[name] = Number.isFinite(weight) ? weight : 0;
  }
  const weightOf = (c: Coding): number => q[c] ?? (c === 'gzip' ? q['x-gzip'] : undefined) ?? q['*'] ?? 0;
  const br = weightOf('br');
  const gz = weightOf('gzip');
  if (br <= 0 && gz <= 0) return undefined;
  return br >= gz ? 'br' : 'gzip';
}

/** The entity tag of `a` in coding `c`. */
export function etagOf(a: CachedAnswer, c: Coding | undefined): string {
  return c ? `${a.etag.slice(0, -1)}-${c}"` : a.etag;
}

/** Whether `header` (an `If-None-Match` value) names `etag` (weak comparison, RFC 9110 §13.1.2). */
export function noneMatchHits(header: string | string[] | undefined, etag: string): boolean {
  if (header === undefined) return false;
  const text = Array.isArray(header) ? header.join(',') : header;
  if (text.trim() === '*') return true;
  return text.split(',').some((t) => t.trim().replace(/^W\//, '') === etag);
}

function compress(body: Buffer, c: Coding): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const done = (e: Error | null, out: Buffer): void => (e ? reject(e) : resolve(out));
    if (c === 'gzip') gzip(body, { level: 6 }, done);
    else
      brotliCompress(
        body,
        {
          params: {
            [constants.BROTLI_PARAM_QUALITY]: 4,
            [constants.BROTLI_PARAM_SIZE_HINT]: body.length,
            [constants.BROTLI_PARAM_MODE]: constants.BROTLI_MODE_TEXT,
          },
        },
        done,
      );
  });
}

/**
 * The bytes of `a` in coding `c`, compressed on first use (then kept in `a`).
 * @param grew - told how many bytes `a` holds more (for a cache bounded by bytes)
 */
export async function codedBytes(
  a: CachedAnswer,
  c: Coding,
  grew?: (bytes: number) => void,
): Promise<Buffer> {
  const have = a.coded[c];
  if (have) return have;
  let p = a.making[c];
  if (!p) {
    p = compress(a.body, c).then((out) => {
      a.coded[c] = out;
      a.bytes += out.length;
      grew?.(out.length);
      return out;
    });
    p.finally(() => delete a.making[c]).catch(() => undefined);
    a.making[c] = p;
  }
  return p;
}

/** How {@link sendCached} sends an answer. */
export interface SendOptions {
  /** {@link NO_CACHE} or {@link IMMUTABLE}. */
  readonly cacheControl: string;
  /** Whether to compress it for a client that accepts it (when at least {@link COMPRESS_MIN_BYTES}). */
  readonly compress: boolean;
  /** Told how many bytes the answer holds more once a compressed form is made. */
  readonly grew?: (bytes: number) => void;
}

/**
 * Sends `a`: 304 when `If-None-Match` names the representation chosen, else its bytes, compressed
 * when the client accepts it and the answer is large enough.
 */
export async function sendCached(
  req: FastifyRequest,
  reply: FastifyReply,
  a: CachedAnswer,
  o: SendOptions,
): Promise<FastifyReply> {
  const c =
    o.compress && a.body.length >= COMPRESS_MIN_BYTES
      ? chooseCoding(req.headers['accept-encoding'])
      : undefined;
  const etag = etagOf(a, c);
  if (o.compress) reply.header('vary', 'Accept-Encoding');
  reply.header('etag', etag).header('cache-control', o.cacheControl);
  if (noneMatchHits(req.headers['if-none-match'], etag)) return reply.code(304).send();
  reply.type(JSON_TYPE);
  if (!c) return reply.send(a.body);
  const bytes = await codedBytes(a, c, o.grew);
  return reply.header('content-encoding', c).send(bytes);
}
