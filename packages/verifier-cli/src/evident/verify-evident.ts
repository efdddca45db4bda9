/**
 * Verification of an Evident election record, every numbered step of spec/verification.md in
 * order: 1–4 (setup), 5–7 (ballots, in the ballot pass), 8–10 (tally), 11 (not applicable),
 * 12–14 (challenged ballots), then ranked-choice contests (B/C/D/K, spec/mixnet.md §8) and the
 * bulletin-board log (L1–L4, spec/bulletin-board.md §6) and the paper channel on it (P1–P9)
 * when the record has them.
 * @module
 */
import { availableParallelism } from 'node:os';
import type { StepResult, VerificationReport } from '../report.js';
import { stepCollector } from '../report.js';
import { runBallotPass } from './ballot-pass.js';
import type { StepFinding } from './check-chunk.js';
import { loadEvidentContext } from './context.js';
import { verifyChallenged, verifyTally } from './tally-steps.js';
import { checkBoard } from '../log-check.js';
import { phaseClock } from '../phases.js';
import { checkRankedDefinitions } from '../ranked/ranked-definitions.js';
import { verifyRankedContests } from '../ranked/verify-ranked.js';

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
  if (!ctx) {
    for (const id of ['5', '6', '7', '8', '9', '10', '11', '12', '13', '14']) {
      out.push(
        stepCollector(id, `Step ${id}`).skip(
          'not run: the manifest, election key or H_E could not be established',
        ),
      );
    }
  } else {
    const pass = await runBallotPass(dir, ctx, {
      workers: opts.workers ?? availableParallelism(),
      ...(opts.onProgress ? { onProgress: opts.onProgress } : {}),
    });
    clock.lap('ballots (steps 5–7)');
    counts['ballots'] = pass.ballots;
    counts['selections'] = pass.selections;
    counts['cast'] = pass.tally.castBallots;
    counts['challenged'] = pass.challenged.length;
    counts['contests'] = ctx.manifest.contests.length;
    for (const [id, title] of BALLOT_STEPS) {
      const c = stepCollector(id, title);
      for (let i = 0; i < (id === '7' ? pass.ballots : id === '6' ? pass.contests : pass.selections); i++)
        c.item();
      c.add(pass.findings.filter((x: StepFinding) => x.step === id));
      out.push(c.done());
    }
    out.push(...verifyTally(dir, ctx, pass.tally));
    clock.lap('tally (steps 8–10)');
    out.push(
      stepCollector('11', 'Tally contest data').skip('Evident decrypts no contest data of cast ballots'),
    );
    out.push(...(await verifyChallenged(dir, ctx, pass.challenged)));
    clock.lap('challenged ballots (steps 12–14)');
    // 15.A: the ranked folders and their contests are the manifest's
    const defs = await checkRankedDefinitions(dir, ctx.manifest.rankedContests ?? [], pass.tally.castBallots);
    if (defs) out.push(defs);
    // ranked-choice contests: mix chains, their decryptions and the counts (spec/mixnet.md §8)
    out.push(
      ...(await verifyRankedContests(dir, {
        G: ctx.G,
        K: ctx.pk.K,
        hE: ctx.hE,
        minStages: ctx.config.quorum, // C1/C4: k stages by k different guardians
        guardians: ctx.config.guardians,
        signingKeys: ctx.signingKeys, // C4: each stage signed by the guardian it names
      })),
    );
    clock.lap('ranked contests (mix, decryption, count)');
  }
  // the bulletin-board log of a record exported from a server (spec/bulletin-board.md §6), and
  // the paper channel on it (P1–P9, spec/verification.md)
  const board = await checkBoard(dir);
  out.push(...board.steps);
  clock.lap('board log and paper channel (L, P)');
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
