/**
 * The files of a quorum decryption (spec/key-ceremony.md §9; schemas
 * spec/schemas/trustee/decryption-request, partial-decryption, decryption-challenge,
 * decryption-response): one writer and one reader per format, used by `evident-trustee` and by the
 * server alike. Readers expect a file that passed its schema ({@link schemaProblem}; the server's
 * routes `$ref` the same schemas) and still check every value: they throw
 * {@link InvalidDataError} naming the field; {@link requestBindingProblem} says whether a file
 * answers a given request. Hex is read in either case and written in upper case.
 * @module
 */
import { upperStrings } from '../hex-case.js';
import { createHash } from 'node:crypto';
import {
  type ChaumPedersenProof,
  type DecryptionTarget,
  type Group,
  type PartialDecryptionSet,
  InvalidDataError,
  chaumPedersenFromJson,
  chaumPedersenToJson,
  finding,
  toHex,
} from '@evident/e2e-crypto';
import type { SchemaProblem } from '../schemas.js';
import {
  fieldArray,
  fieldBytes,
  fieldElement,
  fieldInt,
  fieldObject,
  fieldScalar,
  fieldString,
  hexElement,
  hexScalar,
} from './file-fields.js';

/** `version` of every evident-trustee file. */
export const TRUSTEE_FILE_VERSION = 1;
export const REQUEST_FORMAT = 'evident-trustee/decryption-request';
export const PARTIAL_FORMAT = 'evident-trustee/partial-decryption';
export const CHALLENGE_FORMAT = 'evident-trustee/decryption-challenge';
export const RESPONSE_FORMAT = 'evident-trustee/decryption-response';

/**
 * What a request decrypts: the tally, the challenged ballots, or the mixed rows of the ranked
 * contests (spec/server-api.md §7.5).
 */
export type RequestKind = 'tally' | 'challenged-ballots' | 'ranked';
export const REQUEST_KINDS: readonly RequestKind[] = ['tally', 'challenged-ballots', 'ranked'];

/** Largest `maxValue` a request may ask to search (the discrete-log bound). */
export const MAX_REQUEST_VALUE = 2 ** 40;

/** One item: an id and its target; contest data carries ind_c (the KDF context). */
export interface RequestItem<E> {
  readonly id: string;
  readonly target: DecryptionTarget<E>;
  readonly contestIndex?: number;
}

/** A request with its digest, which binds the partials, challenges and responses to it. */
export interface DecryptionRequest<E> {
  /** hex(H_B), upper case */
  readonly ceremonyId: string;
  readonly kind: RequestKind;
  /** largest plaintext value to search for */
  readonly maxValue: number;
  readonly items: readonly RequestItem<E>[];
  /** hex SHA-256 of JSON [ceremonyId, kind, maxValue, normalized items] (spec/key-ceremony.md §9) */
  readonly digest: string;
  /** the request file, normalized (upper-case hex) */
  readonly json: Record<string, unknown>;
}

/** A guardian named in a file. */
export interface GuardianRef {
  readonly id: string;
  readonly x: number;
}

function itemJson<E>(G: Group<E>, it: RequestItem<E>): Record<string, unknown> {
  const t = it.target;
  return t.kind === 'selection'
    ? { id: it.id, kind: 'selection', alpha: hexElement(G, t.ct.alpha), beta: hexElement(G, t.ct.beta) }
    : {
        id: it.id,
        kind: 'contest-data',
        contestIndex: it.contestIndex,
        c0: hexElement(G, t.ct.c0),
        c1: toHex(t.ct.c1),
        c2: toHex(t.ct.c2),
      };
}

/**
 * Builds a request (the server at the tally and after the mix, `evident-trustee request` from a
 * record).
 * @param ceremonyId - hex(H_B); normalized to upper case
 */
export function makeRequest<E>(
  G: Group<E>,
  ceremonyId: string,
  kind: RequestKind,
  maxValue: number,
  items: readonly RequestItem<E>[],
): DecryptionRequest<E> {
  const id = ceremonyId.toUpperCase();
  const jsonItems = items.map((it) => itemJson(G, it));
  const digest = createHash('sha256')
    .update(JSON.stringify([id, kind, maxValue, jsonItems]), 'utf8')
    .digest('hex')
    .toUpperCase();
  const json = {
    format: REQUEST_FORMAT,
    version: TRUSTEE_FILE_VERSION,
    ceremonyId: id,
    kind,
    maxValue,
    items: jsonItems,
  };
  return { ceremonyId: id, kind, maxValue, items, digest, json };
}

function decodeItem<E>(G: Group<E>, v: unknown, t: number): RequestItem<E> {
  const o = fieldObject(v, `items[${t}]`);
  const f = (k: string): string => `items[${t}].${k}`;
  const id = fieldString(o.id, f('id'));
  if (o.kind === 'selection')
    return {
      id,
      target: {
        kind: 'selection',
        ct: { alpha: fieldElement(G, o.alpha, f('alpha')), beta: fieldElement(G, o.beta, f('beta')) },
      },
    };
  if (o.kind === 'contest-data') {
    const c1 = fieldBytes(o.c1, f('c1'));
    if (c1.length === 0 || c1.length % 32)
      throw new InvalidDataError('ENCODING', f('c1'), 'C1 must be a positive multiple of 32 bytes');
    return {
      id,
      contestIndex: fieldInt(o.contestIndex, f('contestIndex')),
      target: {
        kind: 'contest-data',
        ct: { c0: fieldElement(G, o.c0, f('c0')), c1, c2: fieldBytes(o.c2, f('c2'), 32) },
      },
    };
  }
  throw new InvalidDataError('VALUE', f('kind'), `unknown item kind "${String(o.kind)}"`);
}

/**
 * Reads a request file; its digest is recomputed from the normalized content.
 * @throws {InvalidDataError} naming the field (unknown kind, maxValue too large, an item id
 *   repeated, a non-member element, a malformed contest-data ciphertext)
 */
export function decodeRequest<E>(G: Group<E>, json: Readonly<Record<string, unknown>>): DecryptionRequest<E> {
  const ceremonyId = toHex(fieldBytes(json.ceremonyId, 'ceremonyId', 32));
  const kind = fieldString(json.kind, 'kind');
  if (!(REQUEST_KINDS as readonly string[]).includes(kind))
    throw new InvalidDataError('VALUE', 'kind', `unknown kind "${kind}"`);
  const maxValue = fieldInt(json.maxValue, 'maxValue');
  if (maxValue > MAX_REQUEST_VALUE) throw new InvalidDataError('VALUE', 'maxValue', 'maxValue too large');
  const ids = new Set<string>();
  const items = fieldArray(json.items, 'items').map((v, t) => {
    const it = decodeItem(G, v, t);
    if (ids.has(it.id)) throw new InvalidDataError('VALUE', `items[${t}].id`, `item id "${it.id}" repeated`);
    ids.add(it.id);
    return it;
  });
  return makeRequest(G, ceremonyId, kind as RequestKind, maxValue, items);
}

/**
 * Whether a partial, challenge or response file answers `req`: the same ceremony, the request's
 * digest (either case), and one value per item in `list`.
 * @returns the problem (field and message), or undefined
 */
export function requestBindingProblem(
  json: Readonly<Record<string, unknown>>,
  req: DecryptionRequest<unknown>,
  list: 'items' | 'responses' = 'items',
): SchemaProblem | undefined {
  const id = String(json.ceremonyId);
  if (id.toUpperCase() !== req.ceremonyId)
    return finding(
      'binding',
      'ceremonyId',
      `belongs to another election (ceremonyId ${id.slice(0, 16)}…, expected ${req.ceremonyId.slice(0, 16)}…)`,
    );
  if (String(json.requestDigest).toUpperCase() !== req.digest)
    return finding(
      'binding',
      'requestDigest',
      `was made for another decryption request (current: ${req.digest.slice(0, 16)}…)`,
    );
  const n = Array.isArray(json[list]) ? (json[list] as unknown[]).length : -1;
  if (n !== req.items.length)
    return finding('binding', list, `has ${n < 0 ? 'no' : n} ${list}, the request has ${req.items.length}`);
  return undefined;
}

function decodeGuardian(v: unknown, field: string): GuardianRef {
  const o = fieldObject(v, field);
  return { id: fieldString(o.id, `${field}.id`), x: fieldInt(o.x, `${field}.x`, 1) };
}

/** (M, a, b) per item: a partial decryption's, or the combined values of a challenge. */
function decodeTriples<E>(G: Group<E>, v: unknown): { M: E; a: E; b: E }[] {
  return fieldArray(v, 'items').map((x, t) => {
    const o = fieldObject(x, `items[${t}]`);
    return {
      M: fieldElement(G, o.M, `items[${t}].M`),
      a: fieldElement(G, o.a, `items[${t}].a`),
      b: fieldElement(G, o.b, `items[${t}].b`),
    };
  });
}

const tripleJson = <E>(G: Group<E>, p: { M: E; a: E; b: E }) => ({
  M: hexElement(G, p.M),
  a: hexElement(G, p.a),
  b: hexElement(G, p.b),
});

/** A guardian's round-1 file. */
export interface PartialFile<E> {
  readonly guardian: GuardianRef;
  /** the round's session id (upper-case hex, 32 bytes) */
  readonly session: string;
  readonly set: PartialDecryptionSet<E>;
}

/** A guardian's round-1 file for `req`, before its signature (spec/key-ceremony.md §13). */
export function partialJson<E>(
  G: Group<E>,
  req: DecryptionRequest<E>,
  guardian: GuardianRef,
  session: string,
  pds: PartialDecryptionSet<E>,
): Record<string, unknown> {
  return {
    format: PARTIAL_FORMAT,
    version: TRUSTEE_FILE_VERSION,
    ceremonyId: req.ceremonyId,
    requestDigest: req.digest,
    guardian: { id: guardian.id, x: guardian.x },
    session: session.toUpperCase(),
    items: pds.items.map((p) => tripleJson(G, p)),
    proof: chaumPedersenToJson(G, pds.proof),
  };
}

/**
 * Reads a round-1 file (check {@link requestBindingProblem} for the request it answers).
 * @throws {InvalidDataError} naming the field
 */
export function decodePartial<E>(G: Group<E>, json: Readonly<Record<string, unknown>>): PartialFile<E> {
  const guardian = decodeGuardian(json.guardian, 'guardian');
  const session = toHex(fieldBytes(json.session, 'session', 32));
  const items = decodeTriples(G, json.items);
  const p = fieldObject(json.proof, 'proof');
  // either case on input (spec/server-api.md §1); the one codec checks v < q (spec/crypto.md §1.4)
  const proof: ChaumPedersenProof<E> = chaumPedersenFromJson(G, upperStrings(p), 'proof');
  return { guardian, session, set: { items, proof } };
}

/** A guardian's round-2 file. */
export interface ResponseFile {
  readonly guardian: GuardianRef;
  readonly session: string;
  readonly vs: readonly bigint[];
}

/** A guardian's round-2 file for `req`, before its signature. */
export function responseJson(
  req: DecryptionRequest<unknown>,
  guardian: GuardianRef,
  session: string,
  vs: readonly bigint[],
): Record<string, unknown> {
  return {
    format: RESPONSE_FORMAT,
    version: TRUSTEE_FILE_VERSION,
    ceremonyId: req.ceremonyId,
    requestDigest: req.digest,
    guardian: { id: guardian.id, x: guardian.x },
    session: session.toUpperCase(),
    responses: vs.map(hexScalar),
  };
}

/**
 * Reads a round-2 file: every response a scalar < q.
 * @throws {InvalidDataError} naming the field
 */
export function decodeResponse(G: Group<unknown>, json: Readonly<Record<string, unknown>>): ResponseFile {
  return {
    guardian: decodeGuardian(json.guardian, 'guardian'),
    session: toHex(fieldBytes(json.session, 'session', 32)),
    vs: fieldArray(json.responses, 'responses').map((v, t) => fieldScalar(G, v, `responses[${t}]`)),
  };
}

/** The combiner's challenge: the quorum U with each guardian's session, and (M, a, b) per item. */
export interface ChallengeFile<E> {
  readonly quorum: readonly (GuardianRef & { readonly session: string })[];
  readonly combined: readonly { M: E; a: E; b: E }[];
  /** guardians left out, and why */
  readonly excluded: readonly { x: number; id: string | null; reason: string }[];
}

/** The challenge file of round 1 for `req` (the server's, or `evident-trustee combine`'s). */
export function challengeJson<E>(
  G: Group<E>,
  req: DecryptionRequest<E>,
  ch: ChallengeFile<E>,
): Record<string, unknown> {
  return {
    format: CHALLENGE_FORMAT,
    version: TRUSTEE_FILE_VERSION,
    ceremonyId: req.ceremonyId,
    requestDigest: req.digest,
    quorum: ch.quorum.map((g) => ({ x: g.x, id: g.id, session: g.session.toUpperCase() })),
    excluded: ch.excluded.map((e) => ({ x: e.x, id: e.id, reason: e.reason })),
    items: ch.combined.map((cc) => tripleJson(G, cc)),
  };
}

/**
 * Reads a challenge file: no guardian twice in the quorum (the quorum size against k, and the
 * guardians against the ceremony, are the reader's to check).
 * @throws {InvalidDataError} naming the field
 */
export function decodeChallenge<E>(G: Group<E>, json: Readonly<Record<string, unknown>>): ChallengeFile<E> {
  const seen = new Set<number>();
  const quorum = fieldArray(json.quorum, 'quorum').map((v, t) => {
    const g = decodeGuardian(v, `quorum[${t}]`);
    if (seen.has(g.x)) throw new InvalidDataError('VALUE', `quorum[${t}]`, `guardian ${g.id} listed twice`);
    seen.add(g.x);
    const session = toHex(fieldBytes(fieldObject(v, `quorum[${t}]`).session, `quorum[${t}].session`, 32));
    return { ...g, session };
  });
  const excluded = fieldArray(json.excluded ?? [], 'excluded').map((v, t) => {
    const o = fieldObject(v, `excluded[${t}]`);
    return {
      x: fieldInt(o.x, `excluded[${t}].x`, 1),
      id: o.id === null || o.id === undefined ? null : fieldString(o.id, `excluded[${t}].id`),
      reason: fieldString(o.reason, `excluded[${t}].reason`),
    };
  });
  return { quorum, combined: decodeTriples(G, json.items), excluded };
}
