/**
 * Threshold decryption over HTTP (spec/server-api.md §7.2, spec/key-ceremony.md §9). The server
 * holds no key: it publishes the requests, collects each guardian's round-1 partial decryptions
 * (checked at upload against g^{P(i)}; a bad one is refused, naming the guardian, and left out),
 * issues the round-1 challenge for the guardians present (any k or more), collects and checks the
 * round-2 responses, and combines them (`combineRound1/2` of @evident/e2e-crypto). Every file is
 * a board entry — a `ranked` upload's by its content's digest, the content in the store
 * (./upload-files.ts). When the last response is in, the results are decrypted and published.
 * @module
 */
import { publicationStatus, startPublication, type PublicationLog } from './publication-jobs.js';
import { toHex } from '@evident/e2e-crypto';
import type { GuardianRef, RequestKind } from '@evident/record';
import { checkTokenGuardian } from '../auth/roles.js';
import { boardEntry } from '../board/board-entry.js';
import type { ServerContext } from '../context.js';
import { ApiError } from '../errors.js';
import { assertMixComplete } from '../ranked/ranked-publish.js';
import { requestJsonAt } from '../ranked/ranked-request.js';
import { isCheckFailure, refusalOf } from '../verify/check-batches.js';
import { requestEntry, stateOf, talliedSetup, type Setup } from './decryption-setup.js';
import {
  completeGuardians,
  publicationDue,
  readDecryptionState,
  saveDecryptionState,
  stagedDecryptionState,
  type DecryptionState,
} from './decryption-state.js';
import { signingKeyOf } from './guardian-signatures.js';
import { adoptStageFiles } from '../ranked/stage-file-store.js';
import { uploadAt, uploadEntryFields } from './upload-files.js';
import type { GuardianKeys, ResponseTask, UploadTask, UploadVerdict } from './upload-checks.js';

/** The request file of `kind` (public: `GET …/decryption/{kind}/request`). */
export async function requestFile(
  ctx: ServerContext,
  id: string,
  kind: RequestKind,
): Promise<Record<string, unknown>> {
  const ds = await stateOf(ctx, id);
  return requestJsonAt(ctx, id, requestEntry(ds, kind));
}

/** The published `tally-decryption` entry, once the results are out. */
export async function publishedTally(
  ctx: ServerContext,
  id: string,
): Promise<Record<string, unknown> | undefined> {
  const ds = await readDecryptionState(ctx, id);
  if (!ds?.done || ds.tallyIndex === undefined) return undefined;
  return boardEntry(ctx, id, ds.tallyIndex);
}

/** The public summary of the decryption. */
export async function decryptionStatus(ctx: ServerContext, id: string) {
  const ds = await stateOf(ctx, id);
  return {
    round: ds.round,
    requests: ds.requests.map((r) => ({ kind: r.kind, digest: r.digest })),
    partials: Object.entries(ds.partials).map(([x, p]) => ({
      x: Number(x),
      id: p.id,
      kinds: Object.keys(p.uploads),
    })),
    ...(ds.challenge ? { quorum: ds.challenge.U } : {}),
    responses: Object.entries(ds.responses).map(([x, r]) => ({ x: Number(x), kinds: Object.keys(r) })),
    done: ds.done,
    ...publicationStatus(ctx, id),
  };
}

/**
 * What every upload check of `kind` is given (./upload-checks.ts): plain data for the pool.
 * @throws {ApiError} EVD_ERR_NOT_FOUND when the election has no request of `kind`
 */
async function uploadTask(
  ctx: ServerContext,
  s: Setup,
  ds: DecryptionState,
  kind: RequestKind,
  upload: Record<string, unknown>,
): Promise<UploadTask> {
  const request = await requestJsonAt(ctx, s.e.id, requestEntry(ds, kind));
  const keys: Record<number, GuardianKeys> = {};
  for (const [x, Ki] of s.Ki) {
    const key = signingKeyOf(s.e, x);
    keys[x] = { Ki: toHex(s.G.encode(Ki)), ...(key ? { signingKey: toHex(key) } : {}) };
  }
  const { profile } = s.e;
  return { profile, hE: toHex(s.ctx.hE), K: toHex(s.G.encode(s.ctx.K)), kind, request, upload, keys };
}

/** The guardian and session of a file its check could read; its refusal otherwise. */
function readOrRefuse(v: UploadVerdict): { guardian: GuardianRef; session: string } {
  if (isCheckFailure(v.read)) throw refusalOf(v.read);
  return v.read;
}

/**
 * Round 1 upload: checks the guardian's batched proof (spec/key-ceremony.md §10) off the event
 * loop (./upload-checks.ts) and posts it.
 * @param tokenGuardian - the trustee token's guardian (undefined for the administrator)
 * @throws {ApiError} EVD_ERR_INVALID_DECRYPTION naming the guardian when its proof fails
 */
export async function uploadPartial(
  ctx: ServerContext,
  id: string,
  kind: RequestKind,
  json: Record<string, unknown>,
  tokenGuardian: number | undefined,
) {
  const s = await talliedSetup(ctx, id);
  const ds = await stateOf(ctx, id);
  const v = await ctx.verifier.checkUpload({
    round: 'partials',
    task: await uploadTask(ctx, s, ds, kind, json),
  });
  const up = readOrRefuse(v);
  const { x } = up.guardian;
  checkTokenGuardian(tokenGuardian, x, 'partial.guardian');
  if (v.signature) throw refusalOf(v.signature);
  if (!s.Ki.get(x))
    throw new ApiError(
      'EVD_ERR_INVALID_DECRYPTION',
      `no guardian with coordinate ${x}`,
      'partial.guardian.x',
    );
  if (v.proof) throw refusalOf(v.proof);
  const stored = await uploadEntryFields(ctx, 'partial-decryption', kind, json);
  return ctx.writer.submit(async (tx) => {
    const cur = await stagedDecryptionState(ctx, tx, id);
    if (!cur || cur.done) throw new ApiError('EVD_ERR_WRONG_PHASE', 'the decryption is over');
    if (cur.challenge)
      throw new ApiError(
        'EVD_ERR_WRONG_PHASE',
        `round ${cur.round}'s challenge is out; round-1 uploads are closed`,
      );
    const mine = (cur.partials[x] ??= { id: up.guardian.id, uploads: {} });
    const had = mine.uploads[kind];
    if (had) {
      if (had.session === up.session)
        return { guardian: x, round: cur.round, logIndex: had.logIndex, again: true };
      throw new ApiError(
        'EVD_ERR_CONFLICT',
        `guardian ${up.guardian.id} already uploaded its ${kind} partials in round ${cur.round}`,
      );
    }
    const logIndex = tx.append(id, 'partial-decryption', {
      kind,
      round: cur.round,
      guardian: up.guardian,
      ...stored.fields,
      time: ctx.now(),
    });
    if (stored.uploadId) tx.mutate(adoptStageFiles(stored.uploadId, id, logIndex));
    mine.uploads[kind] = { logIndex, session: up.session };
    saveDecryptionState(tx, id, cur);
    return { guardian: x, round: cur.round, logIndex, again: false };
  });
}

/**
 * Closes round 1: the guardians whose partials cover every request form U (all of them, also
 * when more than k), the combined commitments and challenges are posted (`decryption-challenge`).
 * @throws {ApiError} EVD_ERR_WRONG_PHASE when fewer than k guardians uploaded
 */
export async function issueChallenge(ctx: ServerContext, id: string) {
  const s = await talliedSetup(ctx, id);
  const ds = await stateOf(ctx, id);
  if (ds.challenge) throw new ApiError('EVD_ERR_CONFLICT', `round ${ds.round}'s challenge is already out`);
  await assertMixComplete(ctx, id);
  const U = completeGuardians(ds);
  if (U.length < s.k)
    throw new ApiError(
      'EVD_ERR_WRONG_PHASE',
      `only ${U.length} guardians uploaded every partial decryption; the quorum is ${s.k}`,
    );
  const challenges: Record<string, Record<string, unknown>> = {};
  for (const r of ds.requests) {
    // the quorum's stored partials combined in the worker pool (decoding them takes seconds at scale)
    const base = await uploadTask(ctx, s, ds, r.kind, {});
    const quorum = [];
    for (const x of U) {
      const mine = ds.partials[x]!;
      const at = mine.uploads[r.kind]!;
      const partial = await uploadAt(ctx, id, at.logIndex);
      quorum.push({ x, id: mine.id, session: at.session, partial });
    }
    const ch = await ctx.verifier.checkUpload({
      round: 'challenge' as const,
      task: {
        profile: base.profile,
        hE: base.hE,
        K: base.K,
        k: s.k,
        request: base.request,
        keys: base.keys,
        quorum,
      },
    });
    if (!ch) throw new ApiError('EVD_ERR_INTERNAL', 'a stored partial decryption no longer verifies');
    challenges[r.kind] = ch;
  }
  return ctx.writer.submit(async (tx) => {
    const cur = await stagedDecryptionState(ctx, tx, id);
    if (!cur || cur.round !== ds.round || cur.challenge)
      throw new ApiError('EVD_ERR_CONFLICT', 'the decryption moved on meanwhile; retry');
    if (completeGuardians(cur).join() !== U.join())
      throw new ApiError('EVD_ERR_CONFLICT', 'a partial decryption arrived meanwhile; retry');
    const logIndex = tx.append(id, 'decryption-challenge', {
      round: cur.round,
      quorum: U,
      challenges,
      time: ctx.now(),
    });
    cur.challenge = { logIndex, U };
    saveDecryptionState(tx, id, cur);
    return { round: cur.round, quorum: U.map((x) => ({ x, id: cur.partials[x]!.id })), logIndex };
  });
}

/** The challenge file of `kind` for round 2 (public). */
export async function challengeFile(
  ctx: ServerContext,
  id: string,
  kind: RequestKind,
): Promise<Record<string, unknown>> {
  const ds = await stateOf(ctx, id);
  if (!ds.challenge)
    throw new ApiError('EVD_ERR_WRONG_PHASE', `round ${ds.round}'s challenge has not been issued`);
  const ch = (
    (await boardEntry(ctx, id, ds.challenge.logIndex)).challenges as Record<string, Record<string, unknown>>
  )[kind];
  if (!ch)
    throw new ApiError('EVD_ERR_NOT_FOUND', `no "${kind}" decryption request for this election`, 'kind');
  return ch;
}

/**
 * Round 2 upload: checks each response (eq 74–75) against the guardian's partials and its
 * challenge c_i (eq 72), off the event loop (./upload-checks.ts); when every guardian of U has
 * answered every request, starts the publication of the results after the answer
 * (./publication-jobs.ts; `publishing: true`).
 * @throws {ApiError} EVD_ERR_INVALID_DECRYPTION naming the guardian when a response fails
 */
export async function uploadResponse(
  ctx: ServerContext,
  id: string,
  kind: RequestKind,
  json: Record<string, unknown>,
  tokenGuardian: number | undefined,
  log?: PublicationLog,
) {
  const s = await talliedSetup(ctx, id);
  const ds = await stateOf(ctx, id);
  if (!ds.challenge)
    throw new ApiError('EVD_ERR_WRONG_PHASE', `round ${ds.round}'s challenge has not been issued`);
  const U = ds.challenge.U;
  // the stored partials of the guardian the file names, for the check (which reads the file)
  const named = (json.guardian as { x?: unknown } | undefined)?.x;
  const stored = typeof named === 'number' ? ds.partials[named]?.uploads[kind] : undefined;
  const task: ResponseTask = {
    ...(await uploadTask(ctx, s, ds, kind, json)),
    k: s.k,
    U,
    challenge: await challengeFile(ctx, id, kind),
    ...(stored ? { partial: await uploadAt(ctx, id, stored.logIndex) } : {}),
  };
  const v = await ctx.verifier.checkUpload({ round: 'responses', task });
  const up = readOrRefuse(v);
  const { x } = up.guardian;
  checkTokenGuardian(tokenGuardian, x, 'response.guardian');
  if (v.signature) throw refusalOf(v.signature);
  if (!U.includes(x))
    throw new ApiError(
      'EVD_ERR_INVALID_DECRYPTION',
      `guardian ${up.guardian.id} is not in this round's quorum`,
      'response.guardian',
    );
  const mine = ds.partials[x]!.uploads[kind]!;
  if (up.session !== mine.session)
    throw new ApiError(
      'EVD_ERR_INVALID_DECRYPTION',
      'the response answers another session than the guardian’s partials',
      'response.session',
    );
  if (v.proof) throw refusalOf(v.proof);
  const file = await uploadEntryFields(ctx, 'decryption-response', kind, json);
  const r = await ctx.writer.submit(async (tx) => {
    const cur = await stagedDecryptionState(ctx, tx, id);
    if (!cur || cur.round !== ds.round || !cur.challenge)
      throw new ApiError('EVD_ERR_CONFLICT', 'the decryption moved on meanwhile');
    const mineR = (cur.responses[x] ??= {});
    if (mineR[kind] !== undefined)
      return { guardian: x, round: cur.round, logIndex: mineR[kind]!, complete: false };
    const logIndex = tx.append(id, 'decryption-response', {
      kind,
      round: cur.round,
      guardian: up.guardian,
      ...file.fields,
      time: ctx.now(),
    });
    if (file.uploadId) tx.mutate(adoptStageFiles(file.uploadId, id, logIndex));
    mineR[kind] = logIndex;
    saveDecryptionState(tx, id, cur);
    const complete = publicationDue(cur);
    return { guardian: x, round: cur.round, logIndex, complete };
  });
  // the response is durable: the publication runs after the answer (./publication-jobs.ts)
  if (r.complete) void startPublication(ctx, id, log);
  return { ...r, publishing: r.complete };
}

/** Starts a new round without the guardians that did not answer (their nonces are spent). */
export async function restartRound(ctx: ServerContext, id: string, reason: string) {
  await stateOf(ctx, id);
  return ctx.writer.submit(async (tx) => {
    const cur = await stagedDecryptionState(ctx, tx, id);
    if (!cur || cur.done) throw new ApiError('EVD_ERR_WRONG_PHASE', 'the decryption is over');
    const next: DecryptionState = { ...cur, round: cur.round + 1, partials: {}, responses: {} };
    delete next.challenge;
    tx.append(id, 'decryption-restart', { round: next.round, reason, time: ctx.now() });
    saveDecryptionState(tx, id, next);
    return { round: next.round };
  });
}
