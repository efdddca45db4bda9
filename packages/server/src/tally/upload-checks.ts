/**
 * The checks of a guardian's decryption upload (spec/server-api.md §7.2), and the dispatch of
 * every upload check (mix stages too: ../ranked/stage-check.ts), as tasks of the one
 * worker pool (`../verify/worker.ts`; inline in the calling thread for the inline verifier): a
 * ranked upload of ~10,000 items takes seconds of decoding and multi-exponentiation, which on the
 * event loop kept every other request — and the keep-alive sockets of the other guardians —
 * waiting. A task reads the file (binding to the request, decoding), checks its guardian
 * signature and its proofs, and answers every verdict as data ({@link CheckFailure}); the route
 * applies them in the order it always has (file, token, signature, proof), so that the answer to
 * a bad upload is the same coded refusal whoever checked it.
 * @module
 */
import {
  combineRound1,
  decryptionUploadStatement,
  expectedGuardianChallenge,
  firstBadResponse,
  fromHex,
  groupByName,
  verifyPartialDecryptions,
  type Group,
} from '@evident/e2e-crypto';
import {
  challengeJson,
  decodeChallenge,
  decodeRequest,
  type GuardianRef,
  type RequestKind,
} from '@evident/record';
import { guard, isCheckFailure, type CheckFailure } from '../verify/check-batches.js';
import { readPartialUpload, readResponseUpload } from './decryption-uploads.js';
import { assertSignedBy } from './guardian-signatures.js';
import { checkMixStage, type StageTask, type StageVerdict } from '../ranked/stage-check.js';
import { publishEntries, type PublishTask, type PublishVerdict } from './publish-task.js';
import {
  requestDigestOf,
  type RequestDigest,
  type RequestDigestTask,
} from '../ranked/request-digest-task.js';

/** The public keys of one guardian: K_i = g^{P(i)} and its signing key (hex), when it has one. */
export interface GuardianKeys {
  readonly Ki: string;
  readonly signingKey?: string;
}

/** What every upload check is given: plain data, cloned into the worker. */
export interface UploadTask {
  readonly profile: string;
  /** H_E and K, hex */
  readonly hE: string;
  readonly K: string;
  readonly kind: RequestKind;
  /** the request file as posted on the board */
  readonly request: Record<string, unknown>;
  /** the uploaded file, as received */
  readonly upload: Record<string, unknown>;
  /** every guardian's keys, by coordinate x */
  readonly keys: Readonly<Record<number, GuardianKeys>>;
}

/** A round-2 check: also the quorum, the challenge and the guardian's stored partials. */
export interface ResponseTask extends UploadTask {
  readonly k: number;
  readonly U: readonly number[];
  /** the challenge file of `kind` */
  readonly challenge: Record<string, unknown>;
  /** the stored round-1 file of the guardian the upload names, when there is one */
  readonly partial?: Record<string, unknown>;
}

/** The verdicts on an upload, each `undefined` when it passed (or was not reached). */
export interface UploadVerdict {
  /** the file read (binding, decoding), or why it could not be */
  readonly read: { readonly guardian: GuardianRef; readonly session: string } | CheckFailure;
  readonly signature?: CheckFailure;
  readonly proof?: CheckFailure;
}

/** The signature verdict of guardian `x` on the upload (spec/key-ceremony.md §13). */
function signatureVerdict(
  t: UploadTask,
  x: number,
  file: 'partial-decryption' | 'decryption-response',
  field: string,
): CheckFailure | undefined {
  const statement = decryptionUploadStatement(fromHex(t.hE), file, t.kind, x, t.upload);
  const key = t.keys[x]?.signingKey;
  const r = guard(() => {
    assertSignedBy(key === undefined ? undefined : fromHex(key), statement, t.upload.signature, field);
    return {};
  });
  return isCheckFailure(r) ? r : undefined;
}

/** Round 1 (`POST …/partials`): the file, its signature, its batched proof (spec/key-ceremony.md §10). */
export function checkPartialUpload(t: UploadTask): UploadVerdict {
  const G = groupByName(t.profile) as Group<unknown>;
  const req = decodeRequest(G, t.request);
  const up = guard(() => readPartialUpload(G, req, t.upload));
  if (isCheckFailure(up)) return { read: up };
  const { x } = up.guardian;
  const read = { guardian: up.guardian, session: up.session };
  const signature = signatureVerdict(t, x, 'partial-decryption', 'partial.signature');
  const Ki = t.keys[x]?.Ki;
  if (signature || Ki === undefined) return { read, ...(signature ? { signature } : {}) };
  const ctx = { K: G.decode(fromHex(t.K), 'K'), hE: fromHex(t.hE) };
  const targets = req.items.map((it) => it.target);
  if (verifyPartialDecryptions(G, ctx, x, G.decode(fromHex(Ki), 'Ki'), targets, up.set)) return { read };
  return {
    read,
    proof: {
      check: 'EVD_ERR_INVALID_DECRYPTION',
      where: 'partial.proof',
      message: `guardian ${up.guardian.id} (x = ${x}): the partial decryptions fail their proof; left out`,
    },
  };
}

/**
 * Round 2 (`POST …/responses`): the file, its signature, and each response against the
 * guardian's stored partials and its challenge c_i (eq 72, 74–75), batched; one by one only to
 * name a bad one.
 */
export function checkResponseUpload(t: ResponseTask): UploadVerdict {
  const G = groupByName(t.profile) as Group<unknown>;
  const req = decodeRequest(G, t.request);
  const up = guard(() => readResponseUpload(G, req, t.upload));
  if (isCheckFailure(up)) return { read: up };
  const { x } = up.guardian;
  const read = { guardian: up.guardian, session: up.session };
  const signature = signatureVerdict(t, x, 'decryption-response', 'response.signature');
  const Ki = t.keys[x]?.Ki;
  if (signature || Ki === undefined || !t.partial || !t.U.includes(x))
    return { read, ...(signature ? { signature } : {}) };
  const ctx = { K: G.decode(fromHex(t.K), 'K'), hE: fromHex(t.hE) };
  const pds = readPartialUpload(G, req, t.partial).set;
  const { combined } = decodeChallenge(G, t.challenge);
  const targets = req.items.map((it) => it.target);
  const bad = firstBadResponse(G, targets, {
    keyShareCommitment: G.decode(fromHex(Ki), 'Ki'),
    parts: pds.items,
    challenges: targets.map((tg, i) => expectedGuardianChallenge(G, ctx, tg, combined[i]!, t.U, t.k, x)),
    responses: up.vs,
  });
  if (bad < 0) return { read };
  return {
    read,
    proof: {
      check: 'EVD_ERR_INVALID_DECRYPTION',
      where: `response.responses[${bad}]`,
      message: `guardian ${up.guardian.id} (x = ${x}): response #${bad} does not verify; restart the round without it`,
    },
  };
}

/** The challenge of one request for the quorum U (`POST …/decryption/challenge`, §7.2 step 3). */
export interface ChallengeTask {
  readonly profile: string;
  readonly hE: string;
  readonly K: string;
  readonly k: number;
  readonly request: Record<string, unknown>;
  readonly keys: Readonly<Record<number, GuardianKeys>>;
  /** the stored round-1 files of U, with each guardian's id and session */
  readonly quorum: readonly {
    readonly x: number;
    readonly id: string;
    readonly session: string;
    readonly partial: Record<string, unknown>;
  }[];
}

/**
 * Combines the quorum's stored partials (`combineRound1`: each proof checked again, the
 * commitments combined) into the challenge file of the request.
 * @returns the challenge file, or undefined when a stored partial no longer verifies
 */
export function challengeFor(t: ChallengeTask): Record<string, unknown> | undefined {
  const G = groupByName(t.profile) as Group<unknown>;
  const req = decodeRequest(G, t.request);
  const partials = new Map(t.quorum.map((q) => [q.x, readPartialUpload(G, req, q.partial).set] as const));
  const Ki = new Map(
    Object.entries(t.keys).map(([x, k]) => [Number(x), G.decode(fromHex(k.Ki), 'Ki')] as const),
  );
  const ctx = { K: G.decode(fromHex(t.K), 'K'), hE: fromHex(t.hE) };
  const targets = req.items.map((it) => it.target);
  const r1 = combineRound1(G, { ctx, k: t.k, keyShareCommitments: Ki }, targets, partials);
  if (!r1.ok || r1.U.length !== t.quorum.length) return undefined;
  return challengeJson(G, req, {
    quorum: t.quorum.map(({ x, id, session }) => ({ x, id, session })),
    combined: r1.combined,
    excluded: [],
  });
}

/**
 * An upload check for the pool: the round's file and its task (`publish`: the results,
 * ./publish-task.ts; `ranked-request`: the digest of the ranked request, ../ranked/request-digest-task.ts).
 */
export type UploadCheck =
  | { readonly round: 'partials'; readonly task: UploadTask }
  | { readonly round: 'responses'; readonly task: ResponseTask }
  | { readonly round: 'mix-stage'; readonly task: StageTask }
  | { readonly round: 'challenge'; readonly task: ChallengeTask }
  | { readonly round: 'publish'; readonly task: PublishTask }
  | { readonly round: 'ranked-request'; readonly task: RequestDigestTask };

/** The verdicts of a check of each kind. */
export interface Verdicts {
  readonly partials: UploadVerdict;
  readonly responses: UploadVerdict;
  readonly 'mix-stage': StageVerdict;
  readonly challenge: Record<string, unknown> | undefined;
  readonly publish: PublishVerdict;
  readonly 'ranked-request': RequestDigest | CheckFailure;
}
/** The verdict of a check `C`. */
export type VerdictOf<C extends UploadCheck> = Verdicts[C['round']];

/** Runs the check of `c`'s round (the pool task `checkUpload` of ../verify/worker.ts). */
export function checkUpload<C extends UploadCheck>(c: C): Promise<VerdictOf<C>>;
export async function checkUpload(
  c: UploadCheck,
): Promise<
  | UploadVerdict
  | StageVerdict
  | PublishVerdict
  | RequestDigest
  | CheckFailure
  | Record<string, unknown>
  | undefined
> {
  if (c.round === 'mix-stage') return checkMixStage(c.task);
  if (c.round === 'ranked-request') return requestDigestOf(c.task);
  if (c.round === 'publish') return publishEntries(c.task);
  if (c.round === 'challenge') return challengeFor(c.task);
  return c.round === 'partials' ? checkPartialUpload(c.task) : checkResponseUpload(c.task);
}
