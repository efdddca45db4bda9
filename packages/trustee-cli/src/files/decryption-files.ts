/**
 * The decryption files as the CLI reads them (spec/key-ceremony.md §9–11): the request, partial
 * decryptions (round 1), the challenge (combiner) and responses (round 2). Their codecs are
 * @evident/record's, shared with the server; here each file is read from disk, checked against its
 * schema, bound to this ceremony and request, and every failure refused naming the file and field.
 * @module
 */
import {
  type DecryptionRequest as SharedRequest,
  type RequestItem as SharedItem,
  type RequestKind,
  CHALLENGE_FORMAT,
  PARTIAL_FORMAT,
  REQUEST_FORMAT,
  RESPONSE_FORMAT,
  challengeJson as sharedChallengeJson,
  decodeChallenge,
  decodePartial,
  decodeRequest,
  decodeResponse,
  makeRequest,
  partialJson as sharedPartialJson,
  requestBindingProblem,
  responseJson as sharedResponseJson,
} from '@evident/record';
import type { PartialDecryptionSet } from '@evident/e2e-crypto';
import { refuse } from '../errors.js';
import { type Ceremony, type GuardianId, checkSameCeremony, parseGuardian } from './ceremony-file.js';
import { type JsonFile, inFile, readJsonFile } from './json-file.js';

export { CHALLENGE_FORMAT, PARTIAL_FORMAT, REQUEST_FORMAT, RESPONSE_FORMAT };
export const RESULT_FORMAT = 'evident-trustee/decryption';

/** One item of a request: an id, and a selection or contest-data ciphertext. */
export type RequestItem = SharedItem<unknown>;

/** A parsed request with its digest (hex SHA-256 of its normalized content). */
export type DecryptionRequest = SharedRequest<unknown>;

/** Request JSON (written by `request` from a record, or by tests; the server writes the same). */
export function requestJson(
  c: Pick<Ceremony, 'G' | 'id'>,
  kind: RequestKind,
  maxValue: number,
  items: readonly RequestItem[],
): Record<string, unknown> {
  return makeRequest(c.G, c.id, kind, maxValue, items).json;
}

/** Reads a request; its digest binds partials, challenges and responses to it. */
export function readRequest(c: Ceremony, path: string): DecryptionRequest {
  const f = readJsonFile(path, REQUEST_FORMAT);
  checkSameCeremony(c, f);
  return inFile(path, () => decodeRequest(c.G, f.data));
}

/** Checks that `f` answers `req` (same ceremony and request, one value per item). */
function checkBinding(f: JsonFile, req: DecryptionRequest, list?: 'items' | 'responses'): void {
  const problem = requestBindingProblem(f.data, req, list);
  if (problem) throw refuse(f.path, problem.message, problem.where);
}

/** A guardian's round-1 file. */
export interface PartialFile {
  readonly path: string;
  readonly guardian: GuardianId;
  /** id of this round; the guardian's nonces derive from it */
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
  return sharedPartialJson(c.G, req, g, session, pds);
}

export function readPartial(c: Ceremony, req: DecryptionRequest, path: string): PartialFile {
  const f = readJsonFile(path, PARTIAL_FORMAT);
  checkBinding(f, req);
  const guardian = parseGuardian(c, path, f.data.guardian, 'guardian');
  const p = inFile(path, () => decodePartial(c.G, f.data));
  return { path, guardian, session: p.session, partials: p.set };
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
  return sharedChallengeJson(c.G, req, {
    quorum: ch.U.map((x) => ({ x, id: c.guardians[x - 1]!.id, session: ch.sessions.get(x)! })),
    combined: ch.combined,
    excluded: ch.excluded.map((e) => ({ x: e.x, id: c.guardians[e.x - 1]?.id ?? null, reason: e.reason })),
  });
}

export function readChallenge(c: Ceremony, req: DecryptionRequest, path: string): ChallengeFile {
  const f = readJsonFile(path, CHALLENGE_FORMAT);
  checkBinding(f, req);
  const ch = inFile(path, () => decodeChallenge(c.G, f.data));
  ch.quorum.forEach((g, t) => parseGuardian(c, path, g, `quorum[${t}]`));
  if (ch.quorum.length < c.k)
    throw refuse(path, `quorum has ${ch.quorum.length} guardians, at least ${c.k} are needed`, 'quorum');
  return {
    U: ch.quorum.map((g) => g.x),
    sessions: new Map(ch.quorum.map((g) => [g.x, g.session])),
    combined: [...ch.combined],
    excluded: ch.excluded.map((e) => ({ x: e.x, reason: e.reason })),
  };
}

export function responseJson(
  _c: Ceremony,
  req: DecryptionRequest,
  g: GuardianId,
  session: string,
  vs: readonly bigint[],
): Record<string, unknown> {
  return sharedResponseJson(req, g, session, vs);
}

export function readResponse(
  c: Ceremony,
  req: DecryptionRequest,
  path: string,
): { guardian: GuardianId; session: string; vs: bigint[] } {
  const f = readJsonFile(path, RESPONSE_FORMAT);
  checkBinding(f, req, 'responses');
  const guardian = parseGuardian(c, path, f.data.guardian, 'guardian');
  const r = inFile(path, () => decodeResponse(c.G, f.data));
  return { guardian, session: r.session, vs: [...r.vs] };
}
