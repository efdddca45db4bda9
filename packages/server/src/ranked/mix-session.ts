/**
 * Mixing ranked contests over HTTP (spec/server-api.md §7.5, spec/mixnet.md §5.3): after the
 * tally, each ranked contest's counted rows go through a chain of k re-encryption shuffles, one
 * per guardian, in turn. The server serves the chain so far (`evident-trustee mix` verifies it
 * end to end, shuffles, proves), and accepts the next stage only if its proof verifies against
 * the previous stage's outputs (M1–M9); a bad proof, a stage out of order or in the wrong phase is
 * refused with a coded error and nothing is written. When every contest has its k stages, the
 * last outputs become the `ranked` decryption request of the guardians' two-round decryption,
 * whose digest is computed before the write (./ranked-request-post.ts), never in the writer.
 * The server holds no secret: every stage is a board entry.
 * @module
 */
import {
  fromHex,
  toHex,
  groupByName,
  rankedLayout,
  type Group,
  type Manifest,
  type RankedContest,
} from '@evident/e2e-crypto';
import { mkdtempSync } from 'node:fs';
import { join } from 'node:path';
import {
  MIX_STAGE_FORMAT,
  readMixStageFile,
  stageEntryHead,
  stageFileDigests,
  type MixStageFileHead,
} from '@evident/record';
import { checkTokenGuardian } from '../auth/roles.js';
import type { Tx } from '../board/writer.js';
import type { ServerContext } from '../context.js';
import { configOf, loadElection } from '../elections/election-actions.js';
import { onCurrentView } from '../elections/current-view.js';
import { ApiError } from '../errors.js';
import type { ElectionRow } from '../store/store.js';
import { signingKeyOf } from '../tally/guardian-signatures.js';
import { refusalOf } from '../verify/check-batches.js';
import { ceremonyIdOf } from '../tally/tally-election.js';
import { rankedContestsOf } from './mix-inputs.js';
import { removeSpooled, writeStageInputs, type SpooledUpload } from './stage-upload-files.js';
import { adoptStageFiles, storeStageFiles, sweepStageFiles } from './stage-file-store.js';
import {
  postRankedRequest,
  prepareRankedRequest,
  requestToPost,
  StaleRequest,
  type PreparedRequest,
} from './ranked-request-post.js';
import {
  mixComplete,
  readRankedState,
  saveRankedState,
  stagedRankedState,
  type RankedState,
} from './ranked-state.js';

type G0 = Group<unknown>;

/** One contest of one election, with what verifying its chain needs. */
export interface ContestSetup {
  readonly e: ElectionRow;
  readonly G: G0;
  readonly K: unknown;
  readonly hE: Uint8Array;
  readonly n: number;
  readonly ceremonyId: string;
  readonly contest: RankedContest;
  /** the contest's position among the manifest's ranked contests */
  readonly position: number;
  readonly state: RankedState;
}

/**
 * The contest and what verifying its chain needs.
 * @throws {ApiError} EVD_ERR_NOT_FOUND for an unknown contest, EVD_ERR_WRONG_PHASE before the tally
 */
export async function contestSetup(ctx: ServerContext, id: string, contestId: string): Promise<ContestSetup> {
  const e = await loadElection(ctx, id);
  const contests = rankedContestsOf(JSON.parse(e.manifest) as Manifest);
  const position = contests.findIndex((c) => c.id === contestId);
  if (position < 0)
    throw new ApiError('EVD_ERR_NOT_FOUND', `no ranked contest "${contestId}" in this election`, 'contestId');
  const state = await readRankedState(ctx, id);
  if (!state)
    throw new ApiError('EVD_ERR_WRONG_PHASE', `the election is ${e.state}: the mix starts at the tally`);
  const cfg = configOf(e);
  const G = groupByName(e.profile) as G0;
  return {
    e,
    G,
    K: G.decode(fromHex(cfg.jointKey!), 'jointKey'),
    hE: fromHex(cfg.extendedBaseHash!),
    n: cfg.guardians!,
    ceremonyId: ceremonyIdOf(e),
    contest: contests[position]!,
    position,
    state,
  };
}

export { contestSession } from './mix-session-hash.js';

/** The mix's status (public): per contest, rows and stages done. */
export async function mixStatus(ctx: ServerContext, id: string) {
  await loadElection(ctx, id);
  const s = await readRankedState(ctx, id);
  if (!s) throw new ApiError('EVD_ERR_WRONG_PHASE', 'the mix starts at the tally');
  return {
    required: s.required,
    complete: mixComplete(s),
    contests: Object.entries(s.contests).map(([contestId, c]) => ({
      contestId,
      rows: c.rows,
      stages: c.stages.map((st) => ({ x: st.x, id: st.id, logIndex: st.logIndex })),
    })),
    ...(s.requestIndex !== undefined ? { requestIndex: s.requestIndex } : {}),
  };
}

/**
 * Accepts the next stage of a contest's chain, uploaded as a file (./stage-upload-files.ts):
 * header, order, mixer, then — in the worker pool, on the stage's files — its signature and the
 * proof of shuffle against the previous stage's outputs (spec/mixnet.md §5, M1–M9, §7.5). The
 * last stage of the last contest posts the `ranked` decryption request. Memory O(chunk) until
 * the board entry, which holds the stage (one buffer of its size).
 * @param tokenGuardian - the trustee token's guardian (undefined for the administrator)
 * @throws {ApiError} EVD_ERR_WRONG_PHASE (not tallied, or this contest's mix is complete),
 *   EVD_ERR_VALIDATION (not a stage file: not JSON, a shape, a hex length, naming the field),
 *   EVD_ERR_MIX_ORDER (stage number not the next one, or this guardian already mixed it),
 *   EVD_ERR_INVALID_SIGNATURE, EVD_ERR_INVALID_DATA (an element that does not decode),
 *   EVD_ERR_INVALID_SHUFFLE (the proof fails, naming the check and field), EVD_ERR_FORBIDDEN
 *   (another guardian's token), EVD_ERR_CONFLICT (the mix kept changing while the ranked request
 *   was computed, three times). Nothing is written, and the upload's files are removed.
 */
export async function uploadStage(
  ctx: ServerContext,
  id: string,
  contestId: string,
  body: SpooledUpload,
  tokenGuardian: number | undefined,
) {
  const s = await onCurrentView(ctx, id, async () => {
    const s = await contestSetup(ctx, id, contestId);
    if (s.e.state !== 'tallied')
      throw new ApiError('EVD_ERR_WRONG_PHASE', `the election is ${s.e.state}, not tallied`);
    return s;
  });
  const mix = s.state.contests[contestId]!;
  if (mix.rows === 0 || mix.stages.length >= s.state.required)
    throw new ApiError('EVD_ERR_WRONG_PHASE', `the mix of "${contestId}" is complete`);
  // a crashed or refused upload's files (spec/mixnet.md §8.6)
  await sweepStageFiles(ctx.store);
  const work = mkdtempSync(join(ctx.spoolDir, 'stage-'));
  try {
    const L = s.G.elementLength;
    const w = rankedLayout(s.G, s.contest).width;
    const { head: up, N } = await readMixStageFile(
      body.file,
      work,
      L,
      w,
      (message, field) =>
        new ApiError('EVD_ERR_VALIDATION', `the stage file ${message}`, field ? `stage.${field}` : 'stage'),
    );
    const x = checkStageHead(s, contestId, up, tokenGuardian);
    stageInOrder(mix, up.stage, x, contestId);
    if (N !== mix.rows)
      throw new ApiError(
        'EVD_ERR_INVALID_SHUFFLE',
        `the stage has ${N} rows, ${mix.rows} enter the mix (M1)`,
        'stage.outputs',
      );
    const inputs = join(work, 'inputs.bin');
    const inputsWhere = await writeStageInputs(ctx, s, up.stage, inputs);
    const key = signingKeyOf(s.e, x);
    const v = await ctx.verifier.checkUpload({
      round: 'mix-stage',
      task: {
        profile: s.e.profile,
        K: toHex(s.G.encode(s.K)),
        hE: toHex(s.hE),
        contestId,
        stage: up.stage,
        x,
        ...(key ? { signingKey: toHex(key) } : {}),
        signature: up.signature,
        dir: work,
        w,
        inputs,
        inputsWhere,
      },
    });
    for (const f of [v.data, v.signature, v.proof]) if (f) throw refusalOf(f);
    // the entry holds the files' digests; the store keeps the files, adopted by the entry's batch
    const files = stageFileDigests(work);
    const head = stageEntryHead(work);
    const uploadId = await storeStageFiles(ctx.store, work);
    return await commitStage(ctx, s, { contestId, up, x, N, w, files, head, uploadId }, work);
  } finally {
    removeSpooled(work);
  }
}

/**
 * The stage file's header against the contest: format, ceremony, contest, the token's guardian.
 * @returns the mixing guardian's coordinate x
 */
function checkStageHead(
  s: ContestSetup,
  contestId: string,
  up: MixStageFileHead,
  tokenGuardian: number | undefined,
): number {
  if (up.format !== MIX_STAGE_FORMAT)
    throw new ApiError('EVD_ERR_VALIDATION', `expected a "${MIX_STAGE_FORMAT}" file`, 'stage.format');
  if (up.ceremonyId.toUpperCase() !== s.ceremonyId)
    throw new ApiError(
      'EVD_ERR_INVALID_SHUFFLE',
      'the file belongs to another key ceremony',
      'stage.ceremonyId',
    );
  if (up.contestId !== contestId)
    throw new ApiError(
      'EVD_ERR_VALIDATION',
      `the file mixes "${up.contestId}", not "${contestId}"`,
      'stage.contestId',
    );
  const { x } = up.guardian;
  checkTokenGuardian(tokenGuardian, x, 'stage.guardian');
  if (x < 1 || x > s.n)
    throw new ApiError('EVD_ERR_VALIDATION', `no guardian with coordinate ${x}`, 'stage.guardian.x');
  return x;
}

/** Refuses a stage that is not the next one of `m`, or by a guardian already in its chain. */
function stageInOrder(m: RankedState['contests'][string], stage: number, x: number, contestId: string): void {
  if (stage !== m.stages.length)
    throw new ApiError(
      'EVD_ERR_MIX_ORDER',
      `stage ${stage} is not the next one: ${m.stages.length} stage(s) accepted; fetch the mix again`,
      'stage.stage',
    );
  if (m.stages.some((st) => st.x === x))
    throw new ApiError('EVD_ERR_MIX_ORDER', `guardian ${x} already mixed "${contestId}"`, 'stage.guardian.x');
}

/** A checked stage, its files in the store (not adopted yet). */
interface CheckedStage {
  readonly contestId: string;
  readonly up: MixStageFileHead;
  readonly x: number;
  readonly N: number;
  readonly w: number;
  readonly files: ReturnType<typeof stageFileDigests>;
  readonly head: ReturnType<typeof stageEntryHead>;
  readonly uploadId: string;
}

/**
 * Writes a checked stage, with the `ranked` request when it completes the mix: the request's
 * digest computed first, off the writer (./ranked-request-post.ts); again when the job finds the
 * mix changed meanwhile (at most three times).
 * @throws {ApiError} EVD_ERR_CONFLICT after three tries, and the job's refusals
 */
async function commitStage(ctx: ServerContext, s: ContestSetup, st: CheckedStage, work: string) {
  const outputs = join(work, 'outputs.bin');
  for (let attempt = 1; ; attempt++) {
    const state = attempt === 1 ? s.state : await readRankedState(ctx, s.e.id);
    const prepared =
      state && (await prepareRankedRequest(ctx, s, state, { contestId: st.contestId, outputs, work }));
    try {
      return await ctx.writer.submit((tx) => stageJob(ctx, tx, s, st, prepared));
    } catch (e) {
      if (!(e instanceof StaleRequest)) throw e;
      if (attempt >= 3)
        throw new ApiError(
          'EVD_ERR_CONFLICT',
          'the mix changed while the ranked request was computed; upload the stage again',
        );
    }
  }
}

/**
 * The writer job of a checked stage: the order checked again, the `mix-stage` entry, and the
 * `ranked` request when the stage completes the mix (`prepared`, checked against the staged mix).
 * @throws {StaleRequest} when `prepared` does not fit the staged mix (nothing written)
 */
async function stageJob(
  ctx: ServerContext,
  tx: Tx,
  s: ContestSetup,
  st: CheckedStage,
  prepared: PreparedRequest | undefined,
) {
  const id = s.e.id;
  const { contestId, up, x } = st;
  const cur = await stagedRankedState(ctx, tx, id);
  const e = await loadElection(ctx, id);
  if (!cur || e.state !== 'tallied') throw new ApiError('EVD_ERR_WRONG_PHASE', `the election is ${e.state}`);
  const m = cur.contests[contestId]!;
  stageInOrder(m, up.stage, x, contestId);
  const toPost = requestToPost(cur, contestId, prepared);
  // version 2 (spec/mixnet.md §8.6): the stage's digests, hex in upper case (§1.2)
  const logIndex = tx.append(id, 'mix-stage', {
    contestId,
    stage: up.stage,
    guardian: { id: up.guardian.id, x },
    N: st.N,
    w: st.w,
    files: st.files,
    head: st.head,
    signature: up.signature.toUpperCase(),
    time: ctx.now(),
  });
  tx.mutate(adoptStageFiles(st.uploadId, id, logIndex));
  m.stages.push({ logIndex, x, id: up.guardian.id });
  const request = toPost && (await postRankedRequest(ctx, tx, s, cur, toPost, logIndex));
  saveRankedState(tx, id, cur);
  return {
    contestId,
    stage: up.stage,
    logIndex,
    complete: m.stages.length >= cur.required,
    ...(request ? { request } : {}),
  };
}
