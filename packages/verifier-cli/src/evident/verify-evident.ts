/**
 * Verification of an Evident election record, every numbered step of spec/verification.md in
 * order: 1–4 (setup), 5–7 (ballots, in the ballot pass), 8–10 (tally), 11 (not applicable),
 * 12–14 (challenged ballots), then ranked-choice contests (B/C/D/K, spec/mixnet.md §8) and the
 * bulletin-board log (L1–L4, spec/bulletin-board.md §6) and the paper channel on it (P1–P9)
 * when the record has them.
 * @module
 */
import { existsSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import { LOG_FILE } from '@evident/record';
import { type RecordLines, recordLinesTable } from '../log/record-lines.js';
import type { StepResult, VerificationReport } from '../report.js';
import { stepCollector } from '../report.js';
import { type BallotPassResult, runBallotPass } from './ballot-pass.js';
import type { StepFinding } from './check-chunk.js';
import type { ChallengedSet } from './challenged-set.js';
import { loadEvidentContext } from './context.js';
import { type ChallengedTask, verifyChallenged, verifyTally } from './tally-steps.js';
import type { EvidentContext } from './context.js';
import { startVerifyPool, type VerifyPool } from './verify-pool.js';
import { type BoardOutcome, type RankedRowsOf, checkBoard } from '../log-check.js';
import type { SignatureVerdict } from '../log/signature-task.js';
import type { EntryFinding } from '../log/entry-queue.js';
import { type PhaseClock, phaseClock } from '../phases.js';
import { checkRankedDefinitions } from '../ranked/ranked-definitions.js';
import { type RankedOutcome, type RankedTask, runRankedTask } from '../ranked/ranked-task.js';
import { checkDeferredRows, decodedRowsByContest, rankedDeferral } from './ranked-deferred.js';
import { rankedContestFolders } from '../ranked/verify-ranked.js';

/** Options of {@link verifyEvidentRecord}. */
export interface VerifyOptions {
  /** Worker threads for the ballot pass; default: every core; 0 checks in this thread. */
  readonly workers?: number;
  readonly onProgress?: (done: number, total: number) => void;
}

const BALLOT_STEPS: [string, string][] = [
  ['5', 'Selection encryptions and range proofs'],
  ['6', 'Contest vote limits'],
  ['7', 'Confirmation codes and device chains'],
];

/**
 * Verifies the record in `dir`.
 * @throws {RecordReadError} when a file is missing, malformed or off-schema (exit 2)
 */
export async function verifyEvidentRecord(
  dir: string,
  opts: VerifyOptions = {},
): Promise<VerificationReport> {
  const t0 = performance.now();
  const clock = phaseClock();
  const { steps, ctx } = loadEvidentContext(dir);
  clock.lap('setup (steps 1–4)');
  const out: StepResult[] = [...steps];
  const counts: Record<string, number> = {};
  let board: BoardOutcome | undefined;
  if (!ctx) {
    for (const id of ['5', '6', '7', '8', '9', '10', '11', '12', '13', '14']) {
      out.push(
        stepCollector(id, `Step ${id}`).skip(
          'not run: the manifest, election key or H_E could not be established',
        ),
      );
    }
  } else {
    const pool = startVerifyPool(ctx, opts.workers ?? availableParallelism());
    try {
      const r = await checkAll(dir, ctx, pool, opts, clock, counts);
      out.push(...r.steps);
      board = r.board;
    } finally {
      await pool?.close();
    }
  }
  // without a context (steps 1–4 failed) the board is checked alone, in this thread
  board ??= await checkBoard(dir);
  if (!ctx) clock.lap('board log and paper channel (L, P)');
  out.push(...board.steps);
  return {
    format: 'evident',
    profile: ctx?.G.name ?? 'unknown',
    recordPath: dir,
    valid: out.every((s) => s.status !== 'failed'),
    steps: out,
    seconds: (performance.now() - t0) / 1000,
    counts,
    phases: clock.phases,
    ...(board.finalResult ? { finalResult: board.finalResult } : {}),
  };
}

/**
 * Steps 5–14, the ranked contests and the board with the run's pool. The ranked contests, the
 * board log and the ballot pass are independent of each other, so they overlap: the ranked
 * contests' chunks go to the workers first (steps B and D in chunks of rows, C's chains as the
 * mixnet's tasks, orchestrated from this thread: ../ranked/ranked-task.ts), the board log is read in this thread (its credential signatures join
 * the workers' queue) while this thread also feeds the ballot pass's chunks to the workers; then
 * a worker checks the challenged ballots' decryptions (steps 12–14) while this thread checks the
 * tally and reads on in the board log. The report keeps the steps' order.
 */
async function checkAll<E>(
  dir: string,
  ctx: EvidentContext<E>,
  pool: VerifyPool | undefined,
  opts: VerifyOptions,
  clock: PhaseClock,
  counts: Record<string, number>,
): Promise<{ steps: StepResult[]; board: BoardOutcome }> {
  const out: StepResult[] = [];
  // L3.B–L3.D compare the views of the ballot lines the pass's workers make (../log/record-lines.ts)
  const lines = existsSync(join(dir, LOG_FILE)) ? recordLinesTable() : undefined;
  let linesDone!: (t: RecordLines | undefined) => void;
  let linesFailed!: (e: unknown) => void;
  const recordLines = new Promise<RecordLines | undefined>((ok, no) => {
    linesDone = ok;
    linesFailed = no;
  });
  recordLines.catch(() => {}); // thrown by the ballot pass, below
  // ranked-choice contests: mix chains, their decryptions and the counts (spec/mixnet.md §8)
  // the folders listed first, so that the contests' tasks are queued before any other
  const folders = await rankedContestFolders(dir);
  // a cast ballot's ranked rows are decoded once, by step B (./ranked-deferred.ts)
  const defer = rankedDeferral(dir, ctx, folders);
  // each task returns its inputs.json's ids and row digests: L3.G (with a board), 15.B (without)
  const ranked = rankedSteps(dir, ctx, pool, folders);
  // L3.G compares the rows of inputs.json the ranked tasks made (../ranked/inputs-rows.ts)
  const rankedRows = ranked.then((per): RankedRowsOf => {
    const byId = new Map(per.map((o) => [o.id, { rows: o.rows }]));
    return (id) => byId.get(id);
  });
  rankedRows.catch(() => {}); // thrown where `ranked` is awaited
  // the bulletin-board log of a record exported from a server (spec/bulletin-board.md §6), and
  // the paper channel on it (P1–P9, spec/verification.md)
  const board = checkBoard(
    dir,
    pool
      ? {
          runSignatures: (t) => pool.run<SignatureVerdict[]>(t, 'signatureTask'),
          runHeads: (t) => pool.run<number[]>(t, 'headSignatureTask'),
          runOpenings: (t) => pool.run<EntryFinding[]>(t, 'openingTask'),
          runUploads: (t) => pool.run<EntryFinding[]>(t, 'uploadTask'),
          recordLines,
          rankedRows,
        }
      : { recordLines, rankedRows },
  );
  // a failure is thrown where each is awaited, below
  ranked.catch(() => {});
  board.catch(() => {});
  const pass = await runBallotPass(dir, ctx, {
    workers: opts.workers ?? availableParallelism(),
    ...(pool ? { pool } : {}),
    ...(lines ? { lines } : {}),
    ...(defer ? { deferRanked: defer } : {}),
    ...(opts.onProgress ? { onProgress: opts.onProgress } : {}),
  }).catch((e: unknown) => {
    linesFailed(e);
    throw e;
  });
  linesDone(lines?.done());
  clock.lap('ballots (steps 5–7), beside the ranked contests and the board log');
  counts['ballots'] = pass.ballots;
  counts['selections'] = pass.selections;
  counts['cast'] = pass.tally.castBallots;
  counts['challenged'] = pass.challenged.count;
  counts['contests'] = ctx.manifest.contests.length;
  const ballotSteps = out.length; // steps 5–7, remade when the deferred ranked rows add findings
  out.push(...BALLOT_STEPS.map(([id, title]) => ballotStep(id, title, pass, pass.findings)));
  // 12–14 in a worker while this thread checks the tally and goes on with the board log
  const challenged = challengedSteps(dir, ctx, pool, pass.challenged);
  challenged.catch(() => {}); // thrown where awaited, below
  out.push(...verifyTally(dir, ctx, pass.tally));
  out.push(
    stepCollector('11', 'Tally contest data').skip('Evident decrypts no contest data of cast ballots'),
  );
  out.push(...(await challenged));
  clock.lap('tally and challenged ballots (steps 8–14)');
  const boardOutcome = await board;
  clock.lap('board log and paper channel (L, P): the rest');
  const per = await ranked;
  // the ranked rows the pass left to step B that step B did not decode: decoded now (step 5)
  const late = await checkDeferredRows(
    dir,
    ctx,
    pass.deferred,
    decodedRowsByContest(ctx, new Map(per.map((o) => [o.id, o.decoded]))),
  );
  if (late.length > 0)
    out.splice(
      ballotSteps,
      BALLOT_STEPS.length,
      ...BALLOT_STEPS.map(([id, title]) => ballotStep(id, title, pass, [...pass.findings, ...late])),
    );
  // 15.A: the ranked folders and their contests are the manifest's (inputs.json as the tasks read it)
  const byId = new Map(per.map((o) => [o.id, o]));
  const defs = await checkRankedDefinitions(
    dir,
    ctx.manifest.rankedContests ?? [],
    pass.tally.castBallots,
    (id) => byId.get(id)?.contest,
    (id) => (byId.has(id) ? { rows: byId.get(id)!.rows } : undefined),
  );
  if (defs) out.push(defs);
  out.push(...per.flatMap((o) => o.steps));
  clock.lap('ranked contests (mix, decryption, count): the rest');
  return { steps: out, board: boardOutcome };
}

/** Step 5, 6 or 7 of the ballot pass with `findings`. */
function ballotStep<E>(
  id: string,
  title: string,
  pass: BallotPassResult<E>,
  findings: readonly StepFinding[],
): StepResult {
  const c = stepCollector(id, title);
  for (let i = 0; i < (id === '7' ? pass.ballots : id === '6' ? pass.contests : pass.selections); i++)
    c.item();
  c.add(findings.filter((x) => x.step === id));
  return c.done();
}

/**
 * Steps 12–14 as a task of `pool` (or in this thread without one). A failure of the task — the
 * challenged file missing or malformed, whose error does not cross the thread boundary as itself
 * — runs the steps again here, so that the run fails with the same error as without workers.
 */
function challengedSteps<E>(
  dir: string,
  ctx: EvidentContext<E>,
  pool: VerifyPool | undefined,
  challenged: ChallengedSet,
): Promise<StepResult[]> {
  if (!pool) return verifyChallenged(dir, ctx, challenged);
  const task: ChallengedTask = { dir, challenged };
  return pool.run<StepResult[]>(task, 'challengedTask').catch(() => verifyChallenged(dir, ctx, challenged));
}

/**
 * Every ranked contest's steps, checked from this thread with their chunks in `pool` (or all in
 * this thread without one), with the rows of its `inputs.json` for L3.G or 15.B and the digests
 * of the rows step B decoded (./ranked-deferred.ts). The contests overlap: their chunks share the
 * pool's queue with the ballot pass's.
 */
async function rankedSteps<E>(
  dir: string,
  ctx: EvidentContext<E>,
  pool: VerifyPool | undefined,
  ids: readonly string[],
): Promise<(RankedOutcome & { id: string })[]> {
  const run = async (id: string): Promise<RankedOutcome & { id: string }> => {
    const task: RankedTask = { dir, id };
    // a worker that died under a chunk (its error does not cross as itself): the contest again here
    const o = pool
      ? await runRankedTask(ctx, task, pool).catch(() => runRankedTask(ctx, task))
      : await runRankedTask(ctx, task);
    return { ...o, id };
  };
  return Promise.all(ids.map(run));
}
