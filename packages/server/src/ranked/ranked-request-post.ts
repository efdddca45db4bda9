/**
 * The `ranked` decryption request of version 2 posted with the stage that completes the mix
 * (spec/mixnet.md §8.8, spec/server-api.md §7.5 step 3). Its digest hashes every ciphertext of
 * every contest's last outputs (11 CPU-seconds at 900,000 items): it is computed before the
 * write, in the worker pool (./request-digest-task.ts), from the state read then; the writer job
 * only checks that what it sees is what the digest was computed from — the mix completed by this
 * stage, every other contest's last stage the same entry — and appends the small entry. When it
 * is not (another contest's last stage was accepted meanwhile, so this upload computed nothing),
 * the job fails with {@link StaleRequest}, writing nothing, and the upload computes the digest
 * again from the state it then reads. The entry's bytes are those it always had.
 * @module
 */
import { join } from 'node:path';
import { mkdirSync } from 'node:fs';
import { rankedLayout, type Manifest } from '@evident/e2e-crypto';
import type { Tx } from '../board/writer.js';
import type { ServerContext } from '../context.js';
import { ApiError } from '../errors.js';
import { saveDecryptionState, stagedDecryptionState } from '../tally/decryption-state.js';
import { isCheckFailure, refusalOf } from '../verify/check-batches.js';
import type { ContestSetup } from './mix-session.js';
import { rankedContestsOf } from './mix-inputs.js';
import { RANKED_REQUEST_VERSION, type RankedRequestEntry, type RankedRequestPart } from './ranked-request.js';
import type { RankedState } from './ranked-state.js';
import { copyStageFile } from './stage-file-store.js';

/** The request computed before the write: the stage of `contestId` is not on the board yet. */
export interface PreparedRequest {
  readonly contestId: string;
  /** every contest with rows, in manifest order; the new stage's `logIndex` is set in the job */
  readonly parts: readonly RankedRequestPart[];
  readonly maxValue: number;
  readonly digest: string;
  readonly items: number;
}

/** The writer job saw another mix than the request was computed from: nothing written, compute again. */
export class StaleRequest extends Error {
  constructor() {
    super('the mix changed while the ranked request was computed');
  }
}

/** Whether one more stage of `contestId` completes every contest's mix, the request not posted yet. */
export function completesMix(state: RankedState, contestId: string): boolean {
  return (
    state.requestIndex === undefined &&
    Object.entries(state.contests).every(
      ([c, m]) => m.rows === 0 || m.stages.length + (c === contestId ? 1 : 0) >= state.required,
    )
  );
}

/**
 * Off the writer: when the stage of `fresh.contestId` completes the mix (as `state` says), the
 * request's digest — the other contests' stored outputs copied into `fresh.work`, hashed in the
 * worker pool with the new stage's `outputs.bin`.
 * @returns undefined when the stage does not complete the mix, or no contest has rows
 * @throws {ApiError} EVD_ERR_INTERNAL when a stored outputs.bin is missing or of the wrong size
 */
export async function prepareRankedRequest(
  ctx: ServerContext,
  s: ContestSetup,
  state: RankedState,
  fresh: { contestId: string; outputs: string; work: string },
): Promise<PreparedRequest | undefined> {
  if (!completesMix(state, fresh.contestId)) return undefined;
  const parts: RankedRequestPart[] = [];
  const files: string[] = [];
  let maxValue = 1;
  const dir = join(fresh.work, 'request');
  mkdirSync(dir, { recursive: true });
  for (const c of rankedContestsOf(JSON.parse(s.e.manifest) as Manifest)) {
    const m = state.contests[c.id]!;
    if (m.rows === 0) continue;
    const layout = rankedLayout(s.G, c);
    maxValue = Math.max(maxValue, layout.maxValue);
    const mine = c.id === fresh.contestId;
    const logIndex = mine ? -1 : m.stages.at(-1)!.logIndex;
    parts.push({ contestId: c.id, logIndex, rows: m.rows, w: layout.width });
    if (mine) files.push(fresh.outputs);
    else {
      const path = join(dir, `${parts.length - 1}.bin`);
      await copyStageFile(ctx.store, s.e.id, logIndex, 'outputs.bin', path);
      files.push(path);
    }
  }
  if (parts.length === 0) return undefined;
  const v = await ctx.verifier.checkUpload({
    round: 'ranked-request',
    task: { ceremonyId: s.ceremonyId, maxValue, L: s.G.elementLength, parts, files },
  });
  if (isCheckFailure(v)) throw refusalOf(v);
  return { contestId: fresh.contestId, parts, maxValue, digest: v.digest, items: v.items };
}

/**
 * In the writer job, before the stage of `contestId` is appended to `cur` (the staged mix): the
 * request to post with it — `prepared` if it was computed from what `cur` holds — or none.
 * @throws {StaleRequest} when the stage completes the mix but `prepared` is missing or was
 *   computed from other stages (the job writes nothing)
 */
export function requestToPost(
  cur: RankedState,
  contestId: string,
  prepared: PreparedRequest | undefined,
): PreparedRequest | undefined {
  if (!completesMix(cur, contestId)) return undefined;
  if (!prepared || prepared.contestId !== contestId) throw new StaleRequest();
  const withRows = Object.values(cur.contests).filter((m) => m.rows > 0).length;
  if (withRows !== prepared.parts.length) throw new StaleRequest();
  for (const p of prepared.parts) {
    const m = cur.contests[p.contestId];
    const last = p.contestId === contestId ? -1 : m?.stages.at(-1)?.logIndex;
    if (m?.rows !== p.rows || p.logIndex !== last) throw new StaleRequest();
  }
  return prepared;
}

/**
 * In the writer job, after the stage at `stageIndex`: posts the request (the entry names every
 * contest's last stage, the item count and the digest) and joins it to the open decryption.
 * @throws {ApiError} EVD_ERR_WRONG_PHASE when the decryption is past round 1
 */
export async function postRankedRequest(
  ctx: ServerContext,
  tx: Tx,
  s: ContestSetup,
  state: RankedState,
  r: PreparedRequest,
  stageIndex: number,
) {
  const id = s.e.id;
  const ds = await stagedDecryptionState(ctx, tx, id);
  if (!ds || ds.done || ds.challenge)
    throw new ApiError('EVD_ERR_WRONG_PHASE', 'the decryption is past round 1; the mix came too late');
  const entry: RankedRequestEntry = {
    kind: 'ranked',
    version: RANKED_REQUEST_VERSION,
    ceremonyId: s.ceremonyId.toUpperCase(),
    maxValue: r.maxValue,
    items: r.items,
    digest: r.digest,
    contests: r.parts.map((p) => (p.contestId === r.contestId ? { ...p, logIndex: stageIndex } : p)),
  };
  const logIndex = tx.append(id, 'decryption-request', { ...entry, time: ctx.now() });
  ds.requests.push({ kind: 'ranked', digest: r.digest, logIndex });
  saveDecryptionState(tx, id, ds);
  state.requestIndex = logIndex;
  return { kind: 'ranked', digest: r.digest, items: r.items, logIndex };
}
