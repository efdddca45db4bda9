/**
 * The server's side of the `evident-trustee` decryption files (spec/key-ceremony.md §9; schemas
 * `spec/schemas/trustee/decryption-*.schema.json`): it writes the requests and challenges the
 * guardians' `decrypt` command reads, and reads the partial decryptions and responses it writes.
 * The server never sees a key share: everything here is public.
 * @module
 */
import { createHash } from 'node:crypto';
import {
  toHex,
  type DecryptionTarget,
  type Group,
  type PartialDecryptionSet,
  chaumPedersenFromJson,
  elementFromJson,
  hexFromJson,
  elementToJson,
} from '@evident/e2e-crypto';
import { upperHex } from '../verify/hex-case.js';
import { ApiError } from '../errors.js';

export const REQUEST_FORMAT = 'evident-trustee/decryption-request';
export const PARTIAL_FORMAT = 'evident-trustee/partial-decryption';
export const CHALLENGE_FORMAT = 'evident-trustee/decryption-challenge';
export const RESPONSE_FORMAT = 'evident-trustee/decryption-response';
const VERSION = 1;

/**
 * What a request decrypts: the tally, the challenged ballots (spec/key-ceremony.md §9), or the
 * mixed rows of the ranked contests (spec/server-api.md §7.5).
 */
export type RequestKind = 'tally' | 'challenged-ballots' | 'ranked';
export const REQUEST_KINDS: readonly RequestKind[] = ['tally', 'challenged-ballots', 'ranked'];

/** One item: an id and its target; contest data carries ind_c. */
export interface RequestItem<E> {
  readonly id: string;
  readonly target: DecryptionTarget<E>;
  readonly contestIndex?: number;
}

/** A request with its digest (binds partials, challenges and responses). */
export interface Request<E> {
  readonly kind: RequestKind;
  readonly maxValue: number;
  readonly items: readonly RequestItem<E>[];
  /** hex SHA-256 of JSON [ceremonyId, kind, maxValue, items] (spec/key-ceremony.md §9) */
  readonly digest: string;
  /** The request file (JSON), as the guardians download it. */
  readonly json: Record<string, unknown>;
}

function itemJson<E>(G: Group<E>, it: RequestItem<E>): Record<string, unknown> {
  const t = it.target;
  return t.kind === 'selection'
    ? { id: it.id, kind: 'selection', alpha: elementToJson(G, t.ct.alpha), beta: elementToJson(G, t.ct.beta) }
    : {
        id: it.id,
        kind: 'contest-data',
        contestIndex: it.contestIndex,
        c0: elementToJson(G, t.ct.c0),
        c1: toHex(t.ct.c1),
        c2: toHex(t.ct.c2),
      };
}

/**
 * Builds a request file.
 * @param ceremonyId - hex(H_B), uppercase, as `evident-trustee` computes it
 */
export function makeRequest<E>(
  G: Group<E>,
  ceremonyId: string,
  kind: RequestKind,
  maxValue: number,
  items: readonly RequestItem<E>[],
): Request<E> {
  const jsonItems = items.map((it) => itemJson(G, it));
  const digest = createHash('sha256')
    .update(JSON.stringify([ceremonyId, kind, maxValue, jsonItems]), 'utf8')
    .digest('hex')
    .toUpperCase();
  return {
    kind,
    maxValue,
    items,
    digest,
    json: { format: REQUEST_FORMAT, version: VERSION, ceremonyId, kind, maxValue, items: jsonItems },
  };
}

/** Parses a request file the server wrote earlier (from its log entry). */
export function parseRequest<E>(G: Group<E>, json: Record<string, unknown>): Request<E> {
  const raw = json.items as Record<string, unknown>[];
  const items: RequestItem<E>[] = raw.map((o, t) =>
    o.kind === 'selection'
      ? {
          id: String(o.id),
          target: {
            kind: 'selection',
            ct: {
              alpha: elementFromJson(G, o.alpha, `items[${t}].alpha`),
              beta: elementFromJson(G, o.beta, `items[${t}].beta`),
            },
          },
        }
      : {
          id: String(o.id),
          contestIndex: Number(o.contestIndex),
          target: {
            kind: 'contest-data',
            ct: {
              c0: elementFromJson(G, o.c0, `items[${t}].c0`),
              c1: hexFromJson(o.c1, `items[${t}].c1`),
              c2: hexFromJson(o.c2, `items[${t}].c2`, 32),
            },
          },
        },
  );
  return makeRequest(G, String(json.ceremonyId), json.kind as RequestKind, Number(json.maxValue), items);
}

/** A guardian named in a file. */
export interface GuardianRef {
  readonly id: string;
  readonly x: number;
}

function header(
  json: Record<string, unknown>,
  format: string,
  ceremonyId: string,
  req: Request<unknown>,
  field: string,
): GuardianRef {
  if (json.format !== format)
    throw new ApiError('EVD_ERR_VALIDATION', `expected a "${format}" file`, `${field}.format`);
  if (json.version !== VERSION)
    throw new ApiError('EVD_ERR_VALIDATION', `unsupported version`, `${field}.version`);
  if (String(json.ceremonyId).toUpperCase() !== ceremonyId) {
    throw new ApiError(
      'EVD_ERR_INVALID_DECRYPTION',
      'the file belongs to another key ceremony',
      `${field}.ceremonyId`,
    );
  }
  if (String(json.requestDigest).toUpperCase() !== req.digest) {
    throw new ApiError(
      'EVD_ERR_INVALID_DECRYPTION',
      `the file answers another decryption request (current: ${req.digest.slice(0, 16)}…)`,
      `${field}.requestDigest`,
    );
  }
  const g = json.guardian as { id?: unknown; x?: unknown } | undefined;
  if (!g || typeof g.id !== 'string' || !Number.isInteger(g.x))
    throw new ApiError('EVD_ERR_VALIDATION', 'guardian {id, x} expected', `${field}.guardian`);
  return { id: g.id, x: g.x as number };
}

/** A parsed partial-decryption file. */
export interface PartialUpload<E> {
  readonly guardian: GuardianRef;
  readonly session: string;
  readonly set: PartialDecryptionSet<E>;
}

/**
 * Reads a guardian's round-1 file (`<g>.partial.json`) for `req`.
 * @throws {ApiError} naming the field; InvalidDataError for a non-member element
 */
export function readPartialUpload<E>(
  G: Group<E>,
  ceremonyId: string,
  req: Request<E>,
  json: Record<string, unknown>,
  field = 'partial',
): PartialUpload<E> {
  const guardian = header(json, PARTIAL_FORMAT, ceremonyId, req as Request<unknown>, field);
  const session = toHex(hexFromJson(String(json.session ?? '').toUpperCase(), `${field}.session`, 32));
  const raw = json.items;
  if (!Array.isArray(raw) || raw.length !== req.items.length) {
    throw new ApiError('EVD_ERR_INVALID_DECRYPTION', `expected ${req.items.length} items`, `${field}.items`);
  }
  // hex of either case (spec/server-api.md §1)
  const up = (v: unknown): unknown => (typeof v === 'string' ? v.toUpperCase() : v);
  const items = raw.map((o: Record<string, unknown>, t) => ({
    M: elementFromJson(G, up(o?.M), `${field}.items[${t}].M`),
    a: elementFromJson(G, up(o?.a), `${field}.items[${t}].a`),
    b: elementFromJson(G, up(o?.b), `${field}.items[${t}].b`),
  }));
  const proof = chaumPedersenFromJson(G, upperHex(json.proof ?? {}) as never, `${field}.proof`);
  return { guardian, session, set: { items, proof } };
}

/** A parsed response file. */
export interface ResponseUpload {
  readonly guardian: GuardianRef;
  readonly session: string;
  readonly vs: readonly bigint[];
}

/** Reads a guardian's round-2 file (`<g>.response.json`). */
export function readResponseUpload(
  q: bigint,
  ceremonyId: string,
  req: Request<unknown>,
  json: Record<string, unknown>,
  field = 'response',
): ResponseUpload {
  const guardian = header(json, RESPONSE_FORMAT, ceremonyId, req, field);
  const session = toHex(hexFromJson(String(json.session ?? '').toUpperCase(), `${field}.session`, 32));
  const raw = json.responses;
  if (!Array.isArray(raw) || raw.length !== req.items.length) {
    throw new ApiError(
      'EVD_ERR_INVALID_DECRYPTION',
      `expected ${req.items.length} responses`,
      `${field}.responses`,
    );
  }
  const vs = raw.map((v, t) => {
    const x = BigInt('0x' + toHex(hexFromJson(String(v).toUpperCase(), `${field}.responses[${t}]`, 32)));
    if (x >= q) throw new ApiError('EVD_ERR_INVALID_DATA', 'not a scalar', `${field}.responses[${t}]`);
    return x;
  });
  return { guardian, session, vs };
}

/** The challenge file of round 1 (what `evident-trustee decrypt --challenge` reads). */
export function challengeJson<E>(
  G: Group<E>,
  ceremonyId: string,
  req: Request<E>,
  quorum: readonly { x: number; id: string; session: string }[],
  combined: readonly { M: E; a: E; b: E }[],
  excluded: readonly { x: number; id: string | null; reason: string }[],
): Record<string, unknown> {
  return {
    format: CHALLENGE_FORMAT,
    version: VERSION,
    ceremonyId,
    requestDigest: req.digest,
    quorum: quorum.map((g) => ({ x: g.x, id: g.id, session: g.session })),
    excluded,
    items: combined.map((cc) => ({
      M: elementToJson(G, cc.M),
      a: elementToJson(G, cc.a),
      b: elementToJson(G, cc.b),
    })),
  };
}
