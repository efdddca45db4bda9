/**
 * Step C of a ranked contest (spec/mixnet.md §8.5) on the streamed chain folder
 * `ranked/<id>/mix-chain/` (spec/mixnet.md §8.2, @evident/record mix-chain-files): C1 the header
 * and the inputs file (the rows of inputs.json, byte for byte), C2/M1–M9 every stage by the
 * streamed verifier of a chain (all its stages in one batch, chunks of rows in the mixnet task
 * runner: memory O(chunk), not O(N); on failure, the stages one by one name the findings), C4
 * the mixing guardians and their signatures over the stage's files. The in-memory
 * `mix-chain.json` of version 1 is refused with a C1 finding naming it.
 * @module
 */
import { existsSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { type Group, mixSessionHash } from '@evident/e2e-crypto';
import {
  createPool,
  inThread,
  releaseScope,
  type TaskRunner,
  verifyChainStream,
} from '@evident/e2e-crypto/mixnet-parallel';
import { availableParallelism } from 'node:os';
import {
  CHAIN_INPUTS_FILE,
  type ChainStageJson,
  LEGACY_MIX_CHAIN_FILE,
  MIX_CHAIN_DIR,
  MIX_CHAIN_FILE,
  RANKED_DIR,
  readRankedFile,
  stageDirName,
  stageContentSha256,
  stageFiles,
} from '@evident/record';
import type { StepCollector } from '../report.js';
import { checkStageSignatures } from './stage-signatures.js';
import type { RankedContext } from './verify-ranked.js';
import { checkInputsFile } from './chain-inputs.js';

/** The rows of inputs.json as step B found them (./step-b.ts). */
export interface ChainInputs {
  /** rows (ballots) */
  readonly N: number;
  /** ciphertexts per row */
  readonly w: number;
  /** the first row that differs from mix-chain/inputs.bin, or -1 */
  readonly c1Bad: number;
}

/**
 * Checks the chain of contest `id` whose first stage takes the rows of inputs.json.
 * @returns the last stage's outputs file, relative to the record (for step D), when it has N rows;
 *   undefined when the chain is unreadable or empty
 */
export async function verifyChainFolder<E>(
  recordDir: string,
  id: string,
  ctx: RankedContext<E>,
  inputs: ChainInputs,
  C: StepCollector,
): Promise<string | undefined> {
  const rel = `${RANKED_DIR}/${id}/${MIX_CHAIN_DIR}`;
  const chainDir = join(recordDir, rel);
  const legacy = join(recordDir, RANKED_DIR, id, LEGACY_MIX_CHAIN_FILE);
  if (existsSync(legacy) && !existsSync(chainDir)) {
    C.fail(
      'C1',
      `${RANKED_DIR}/${id}/${LEGACY_MIX_CHAIN_FILE}`,
      `the in-memory mix chain of version 1 is not read: a record holds the folder ${MIX_CHAIN_DIR}/ of streamed files (spec/mixnet.md §8.2)`,
    );
    return undefined;
  }
  const head = await readRankedFile(recordDir, id, MIX_CHAIN_FILE);
  const headFile = `${RANKED_DIR}/${id}/${MIX_CHAIN_FILE}`;
  if (!head.ok) {
    C.fail('C1', `${head.problem.file} ${head.problem.field}`.trim(), head.problem.message);
    return undefined;
  }
  const { N, w, stages } = head.value;
  if (N !== inputs.N) C.fail('C1', `${headFile} N`, `expected ${inputs.N} (the ballots of inputs.json)`);
  if (w !== inputs.w) C.fail('C1', `${headFile} w`, `expected ${inputs.w} (the width of the ballots' rows)`);
  if (N !== inputs.N || w !== inputs.w) return undefined;
  if (stages.length < (ctx.minStages ?? 1))
    C.fail('C1', `${headFile} stages`, `${stages.length} stage(s); at least ${ctx.minStages ?? 1} required`);
  const runner = ctx.runner ?? (await runnerFor(N * w));
  // a chain checked in this thread keeps what its stages share (generators, decoded rows)
  const keep = runner.threads === 0 ? `${chainDir}\0${++scopes}` : undefined;
  try {
    return await checkStages(ctx, id, chainDir, stages, N, w, inputs.c1Bad, runner, keep, C);
  } finally {
    if (keep !== undefined) releaseScope(keep);
    if (runner !== ctx.runner) await runner.close();
  }
}

/** Scopes opened by this thread (each chain its own). */
let scopes = 0;

/** C1 (inputs), C2 (every stage), C4 of a chain whose header was read; the last outputs for D. */
async function checkStages<E>(
  ctx: RankedContext<E>,
  id: string,
  chainDir: string,
  stages: readonly ChainStageJson[],
  N: number,
  w: number,
  c1Bad: number,
  runner: TaskRunner,
  keep: string | undefined,
  C: StepCollector,
): Promise<string | undefined> {
  const { G } = ctx;
  const rel = `${RANKED_DIR}/${id}/${MIX_CHAIN_DIR}`;
  const headFile = `${RANKED_DIR}/${id}/${MIX_CHAIN_FILE}`;
  const k = ctx.minStages ?? 1;
  const inputsPath = join(chainDir, CHAIN_INPUTS_FILE);
  const rowB = 2 * w * G.elementLength;
  if (!checkInputsFile(inputsPath, N, rowB, c1Bad, `${rel}/${CHAIN_INPUTS_FILE}`, C)) return undefined;

  const session = mixSessionHash(ctx.hE, `contest:${id}`);
  // every stage as one batch (its findings, on failure, those of the stages one by one)
  const found = await verifyChainStream(
    runner,
    G,
    ctx.K,
    session,
    stages.map((_, j) => {
      const { dir, paths } = stageFiles(chainDir, j);
      // stage j's inputs are the previous stage's outputs (or inputs.bin): named as that file
      const inputsWhere = `${rel}/${j === 0 ? CHAIN_INPUTS_FILE : `${stageDirName(j - 1)}/outputs.bin`}`;
      return { dir, paths, where: `${rel}/${stageDirName(j)}/`, inputsWhere };
    }),
    keep !== undefined ? { keep } : {},
  );
  let allValid = true;
  for (const stageFound of found) {
    C.item();
    // M1, M2 (shape, decoding) as they are; the equations as C2/M3–M9, as in §8.5
    for (const f of stageFound)
      C.fail(/^M[12]$/.test(f.check) ? f.check : `C2/${f.check}`, f.where, f.message);
    if (stageFound.length > 0) allValid = false;
  }
  if (ctx.guardians !== undefined) checkMixers(stages, ctx.guardians, k, headFile, C);
  if (ctx.signingKeys)
    checkStageSignatures(stages, id, ctx.hE, ctx.signingKeys, headFile, C, (j) =>
      stageDigest(chainDir, j, G, w),
    );
  if (stages.length === 0) return undefined;
  // D decrypts the last outputs whether or not the proofs hold (its findings then add to C's),
  // as long as the file holds N rows (D's chunks decode them: a non-member is a D1 finding)
  const last = `${rel}/${stageDirName(stages.length - 1)}/outputs.bin`;
  let size = -1;
  try {
    size = statSync(stageFiles(chainDir, stages.length - 1).paths.outputs).size;
  } catch {
    if (allValid) C.fail('M1', last, 'missing');
    return undefined;
  }
  if (size === N * rowB) return last;
  if (allValid) C.fail('M1', last, `expected ${N} rows, got ${size / rowB}`);
  return undefined;
}

/** Ciphertexts per stage from which the chunks go to worker threads of their own. */
const THREADED_FROM = 50_000;

/**
 * The runner of a chain of `cts` ciphertexts per stage: this thread for a small chain, worker
 * threads (as many as the cores) for a large one — the chunks of a million rows then use every core.
 */
function runnerFor(cts: number): Promise<TaskRunner> {
  return cts < THREADED_FROM ? Promise.resolve(inThread) : createPool(availableParallelism());
}

/** The signed content's digest of stage j, or undefined when its files cannot be read. */
function stageDigest<E>(chainDir: string, j: number, G: Group<E>, w: number): Uint8Array | undefined {
  try {
    statSync(join(chainDir, stageDirName(j)));
    return stageContentSha256(chainDir, j, G.elementLength, w);
  } catch {
    return undefined;
  }
}

/**
 * C4: every stage names its guardian (an index 1..n), no guardian mixes twice, and at least k
 * guardians mixed — with fewer than k colluding guardians, one of them is honest and the chain
 * hides the link between ballots and outputs (spec/mixnet.md §8.5).
 */
function checkMixers(
  stages: readonly { guardian?: number }[],
  n: number,
  k: number,
  file: string,
  step: StepCollector,
): void {
  const seen = new Map<number, number>();
  stages.forEach((st, j) => {
    const x = st.guardian;
    if (x === undefined || !Number.isInteger(x) || x < 1 || x > n)
      step.fail('C4', `${file} stages[${j}].guardian`, `expected the mixing guardian's index, 1..${n}`);
    else if (seen.has(x))
      step.fail('C4', `${file} stages[${j}].guardian`, `guardian ${x} already mixed stage ${seen.get(x)}`);
    else seen.set(x, j);
  });
  if (seen.size < k)
    step.fail(
      'C4',
      `${file} stages`,
      `${seen.size} different guardian(s) mixed; the quorum k = ${k} must (one of them is then honest)`,
    );
}
