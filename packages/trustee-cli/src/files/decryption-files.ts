/**
 * Files of a quorum decryption (spec/key-ceremony.md §9–11): the request (what to decrypt),
 * partial decryptions (round 1), the challenge (combiner), responses (round 2) and the result.
 * @module
 */
import { sha256 } from '@noble/hashes/sha2.js';
import {
  type DecryptionTarget,
  type PartialDecryptionSet,
  toHex,
  utf8Bytes,
  chaumPedersenToJson,
  chaumPedersenFromJson,
} from '@evident/e2e-crypto';
import { refuse } from '../errors.js';
import { type Ceremony, type GuardianId, checkSameCeremony, parseGuardian } from './ceremony-file.js';
import {
  FILE_VERSION,
  arr,
  bytes,
  element,
  hexElement,
  hexScalar,
  inFile,
  int,
  obj,
  readJsonFile,
  scalar,
  str,
} from './json-file.js';

export const REQUEST_FORMAT = 'evident-trustee/decryption-request';
export const PARTIAL_FORMAT = 'evident-trustee/partial-decryption';
export const CHALLENGE_FORMAT = 'evident-trustee/decryption-challenge';
export const RESPONSE_FORMAT = 'evident-trustee/decryption-response';
export const RESULT_FORMAT = 'evident-trustee/decryption';

/** One item of a request: an id, and a selection or contest-data ciphertext. */
export interface RequestItem {
  readonly id: string;
  readonly target: DecryptionTarget<unknown>;
  /** ind_c for contest data (the KDF context) */
  readonly contestIndex?: number;
}

/** A parsed request with its digest (hex SHA-256 of its normalized content). */
export interface DecryptionRequest {
  /** `ranked`: the mixed rows of ranked contests (spec/server-api.md §7.5) */
  readonly kind: 'tally' | 'challenged-ballots' | 'ranked';
  /** largest plaintext value to search for (number of ballots) */
  readonly maxValue: number;
  readonly items: readonly RequestItem[];
  readonly digest: string;
}

function itemJson(c: Pick<Ceremony, 'G'>, it: RequestItem): Record<string, unknown> {
  const t = it.target;
  return t.kind === 'selection'
    ? { id: it.id, kind: 'selection', alpha: hexElement(c.G, t.ct.alpha), beta: hexElement(c.G, t.ct.beta) }
    : {
        id: it.id,
        kind: 'contest-data',
        contestIndex: it.contestIndex,
        c0: hexElement(c.G, t.ct.c0),
        c1: toHex(t.ct.c1),
        c2: toHex(t.ct.c2),
      };
}

/** Request JSON (written by the server, by `request` from a record, or by tests). */
export function requestJson(
  c: Pick<Ceremony, 'G' | 'id'>,
  kind: DecryptionRequest['kind'],
  maxValue: number,
  items: readonly RequestItem[],
): Record<string, unknown> {
  return {
    format: REQUEST_FORMAT,
    version: FILE_VERSION,
    ceremonyId: c.id,
    kind,
    maxValue,
    items: items.map((it) => itemJson(c, it)),
  };
}

/** Reads a request; its digest binds partials, challenges and responses to it. */
export function readRequest(c: Ceremony, path: string): DecryptionRequest {
  const f = readJsonFile(path, REQUEST_FORMAT);
  checkSameCeremony(c, f);
  return inFile(path, () => {
    const kind = str(f.data.kind, 'kind');
    if (kind !== 'tally' && kind !== 'challenged-ballots' && kind !== 'ranked')
      throw refuse(path, `unknown kind "${kind}"`, 'kind');
    const maxValue = int(f.data.maxValue, 'maxValue');
    if (maxValue > 2 ** 40) throw refuse(path, 'maxValue too large', 'maxValue');
    const ids = new Set<string>();
    const items: RequestItem[] = arr(f.data.items, 'items').map((v, t) => {
      const o = obj(v, `items[${t}]`);
      const id = str(o.id, `items[${t}].id`);
      if (ids.has(id)) throw refuse(path, `item id "${id}" repeated`, `items[${t}].id`);
      ids.add(id);
      const f2 = (k: string): string => `items[${t}].${k}`;
      if (o.kind === 'selection') {
        return {
          id,
          target: {
            kind: 'selection',
            ct: { alpha: element(c.G, o.alpha, f2('alpha')), beta: element(c.G, o.beta, f2('beta')) },
          },
        };
      }
      if (o.kind === 'contest-data') {
        const c1 = bytes(o.c1, f2('c1'));
        if (c1.length === 0 || c1.length % 32)
          throw refuse(path, 'C1 must be a positive multiple of 32 bytes', f2('c1'));
        return {
          id,
          contestIndex: int(o.contestIndex, f2('contestIndex')),
          target: {
            kind: 'contest-data',
            ct: { c0: element(c.G, o.c0, f2('c0')), c1, c2: bytes(o.c2, f2('c2'), 32) },
          },
        };
      }
      throw refuse(path, `unknown item kind "${String(o.kind)}"`, f2('kind'));
    });
    const digest = toHex(
      sha256(utf8Bytes(JSON.stringify([c.id, kind, maxValue, items.map((it) => itemJson(c, it))]))),
    );
    return { kind, maxValue, items, digest };
  });
}

/** Checks that `f` refers to this request. */
function checkRequest(f: { path: string; data: Record<string, unknown> }, req: DecryptionRequest): void {
  if (f.data.requestDigest !== req.digest)
    throw refuse(f.path, 'was made for another decryption request', 'requestDigest');
}

/** A guardian's round-1 file. */
export interface PartialFile {
  readonly path: string;
  readonly guardian: GuardianId;
  /** random id of this round; the guardian's nonces derive from it */
  readonly session: string;
  readonly partials: PartialDecryptionSet<unknown>;
}

export function partialJson(
  c: Ceremony,
  req: DecryptionRequest,
  g: GuardianId,
  session: string,
  pds: PartialDecryptionSet<unknown>,
): Record<string, unknown> {
  return {
    format: PARTIAL_FORMAT,
    version: FILE_VERSION,
    ceremonyId: c.id,
    requestDigest: req.digest,
    guardian: { id: g.id, x: g.x },
    session,
    items: pds.items.map((p) => ({
      M: hexElement(c.G, p.M),
      a: hexElement(c.G, p.a),
      b: hexElement(c.G, p.b),
    })),
    proof: chaumPedersenToJson(c.G, pds.proof),
  };
}

export function readPartial(c: Ceremony, req: DecryptionRequest, path: string): PartialFile {
  const f = readJsonFile(path, PARTIAL_FORMAT);
  checkSameCeremony(c, f);
  checkRequest(f, req);
  const guardian = parseGuardian(c, path, f.data.guardian, 'guardian');
  return inFile(path, () => {
    const session = toHex(bytes(f.data.session, 'session', 32));
    const items = arr(f.data.items, 'items').map((v, t) => {
      const o = obj(v, `items[${t}]`);
      return {
        M: element(c.G, o.M, `items[${t}].M`),
        a: element(c.G, o.a, `items[${t}].a`),
        b: element(c.G, o.b, `items[${t}].b`),
      };
    });
    if (items.length !== req.items.length)
      throw refuse(path, `has ${items.length} items, the request has ${req.items.length}`, 'items');
    return {
      path,
      guardian,
      session,
      partials: { items, proof: chaumPedersenFromJson(c.G, f.data.proof, 'proof') },
    };
  });
}

/** The combiner's challenge: the quorum U, each guardian's session, and per item M, a, b. */
export interface ChallengeFile {
  readonly U: number[];
  readonly sessions: Map<number, string>;
  readonly combined: { M: unknown; a: unknown; b: unknown }[];
  readonly excluded: { x: number; reason: string }[];
}

export function challengeJson(
  c: Ceremony,
  req: DecryptionRequest,
  ch: ChallengeFile,
): Record<string, unknown> {
  return {
    format: CHALLENGE_FORMAT,
    version: FILE_VERSION,
    ceremonyId: c.id,
    requestDigest: req.digest,
    quorum: ch.U.map((x) => ({ x, id: c.guardians[x - 1]!.id, session: ch.sessions.get(x) })),
    excluded: ch.excluded.map((e) => ({ x: e.x, id: c.guardians[e.x - 1]?.id ?? null, reason: e.reason })),
    items: ch.combined.map((cc) => ({
      M: hexElement(c.G, cc.M),
      a: hexElement(c.G, cc.a),
      b: hexElement(c.G, cc.b),
    })),
  };
}

export function readChallenge(c: Ceremony, req: DecryptionRequest, path: string): ChallengeFile {
  const f = readJsonFile(path, CHALLENGE_FORMAT);
  checkSameCeremony(c, f);
  checkRequest(f, req);
  return inFile(path, () => {
    const sessions = new Map<number, string>();
    const U = arr(f.data.quorum, 'quorum').map((v, t) => {
      const g = parseGuardian(c, path, v, `quorum[${t}]`);
      if (sessions.has(g.x)) throw refuse(path, `guardian ${g.id} listed twice`, `quorum[${t}]`);
      sessions.set(g.x, toHex(bytes(obj(v, `quorum[${t}]`).session, `quorum[${t}].session`, 32)));
      return g.x;
    });
    if (U.length < c.k)
      throw refuse(path, `quorum has ${U.length} guardians, at least ${c.k} are needed`, 'quorum');
    const combined = arr(f.data.items, 'items').map((v, t) => {
      const o = obj(v, `items[${t}]`);
      return {
        M: element(c.G, o.M, `items[${t}].M`),
        a: element(c.G, o.a, `items[${t}].a`),
        b: element(c.G, o.b, `items[${t}].b`),
      };
    });
    if (combined.length !== req.items.length)
      throw refuse(path, `has ${combined.length} items, the request has ${req.items.length}`, 'items');
    const excluded = arr(f.data.excluded ?? [], 'excluded').map((v, t) => {
      const o = obj(v, `excluded[${t}]`);
      return { x: int(o.x, `excluded[${t}].x`, 1), reason: str(o.reason, `excluded[${t}].reason`) };
    });
    return { U, sessions, combined, excluded };
  });
}

export function responseJson(
  c: Ceremony,
  req: DecryptionRequest,
  g: GuardianId,
  session: string,
  vs: readonly bigint[],
): Record<string, unknown> {
  return {
    format: RESPONSE_FORMAT,
    version: FILE_VERSION,
    ceremonyId: c.id,
    requestDigest: req.digest,
    guardian: { id: g.id, x: g.x },
    session,
    responses: vs.map(hexScalar),
  };
}

export function readResponse(
  c: Ceremony,
  req: DecryptionRequest,
  path: string,
): { guardian: GuardianId; session: string; vs: bigint[] } {
  const f = readJsonFile(path, RESPONSE_FORMAT);
  checkSameCeremony(c, f);
  checkRequest(f, req);
  const guardian = parseGuardian(c, path, f.data.guardian, 'guardian');
  return inFile(path, () => ({
    guardian,
    session: toHex(bytes(f.data.session, 'session', 32)),
    vs: arr(f.data.responses, 'responses').map((v, t) => scalar(c.G, v, `responses[${t}]`)),
  }));
}
