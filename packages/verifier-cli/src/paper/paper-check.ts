/**
 * The paper-channel checks P1–P9 (spec/verification.md, spec/stations.md §8), run on a record
 * with a bulletin board after the L1 pass has filled the {@link PaperBoard}:
 * P1 keys (./station-keys.ts), P2 sheet signatures and hashes (./sheet-signatures.ts), P3 sheets
 * well formed and consistent (./sheet-form.ts), P4 timing against the counting start
 * (./sheet-timing.ts), P5 chains of corrections and effective sheets (./sheet-chains.ts), P6
 * CVRs (./station-cvrs.ts), P7 cancellations (./cancellations.ts), P8 poll books
 * (./poll-books.ts), P9 the final result (./final-result.ts). Never throws on bad data: every
 * problem is a finding at `board/log.jsonl:<line> <field>`.
 * @module
 */
import { stationsExpected } from '@evident/record';
import { type StepResult, stepCollector } from '../report.js';
import { type BallotView, checkCancellations, checkCancellationSources } from './cancellations.js';
import { type FinalResult, finalResult } from './final-result.js';
import { type PaperBoard, hasPaper } from './paper-board.js';
import { checkPollBooks } from './poll-books.js';
import { checkChains, hashOfSheet } from './sheet-chains.js';
import { checkSheetForms } from './sheet-form.js';
import { checkSheetSignatures } from './sheet-signatures.js';
import { checkTiming } from './sheet-timing.js';
import { checkCvrs } from './station-cvrs.js';
import { checkKeys } from './station-keys.js';

export const PAPER_STEPS: readonly (readonly [string, string])[] = [
  ['P1', 'Paper keys: printing key and station keys'],
  ['P2', 'Tally-sheet signatures and hashes'],
  ['P3', 'Tally sheets well formed and consistent'],
  ['P4', 'No count before the counting start'],
  ['P5', 'Sheet chains and effective sheets'],
  ['P6', 'Station CVRs match their sheets'],
  ['P7', 'Cancellations of online ballots'],
  ['P8', 'Poll books closed, check-ins and ballots'],
  ['P9', 'Final result: online tally + effective sheets'],
];

/** The steps and, when the board has paper entries and a manifest, the final result. */
export interface PaperOutcome {
  readonly steps: StepResult[];
  readonly finalResult?: FinalResult;
}

/** Runs P1–P9 on `board`; `ballots` is what the L1 pass kept of ballots and credentials. */
export function checkPaper(board: PaperBoard, ballots: BallotView): PaperOutcome {
  const c = Object.fromEntries(PAPER_STEPS.map(([id, title]) => [id, stepCollector(id, title)]));
  if (!hasPaper(board))
    return { steps: PAPER_STEPS.map(([id]) => c[id]!.skip('no paper-channel entries on the board')) };
  try {
    return runSteps(board, ballots, c);
  } catch (e) {
    // every reader is meant to refuse bad shapes without throwing; should one slip through, the
    // record is still judged, not the verifier crashed
    const p = stepCollector('P', 'Paper channel');
    p.fail('P', 'board/log.jsonl', `a paper entry could not be read (${(e as Error).message.slice(0, 120)})`);
    return { steps: [p.done()] };
  }
}

function runSteps(
  board: PaperBoard,
  ballots: BallotView,
  c: Record<string, ReturnType<typeof stepCollector>>,
): PaperOutcome {
  const { manifest, electionId, entries } = board;
  const sheets = entries['station-sheet'];
  const keys = checkKeys(board, c.P1!);
  checkSheetSignatures(sheets, keys, c.P2!);
  checkSheetForms(sheets, electionId, manifest, { P3: c.P3!, P4: c.P4!, P5: c.P5! });
  checkTiming(board, c.P4!);
  const effective = checkChains(sheets, c.P5!);
  const recomputed = checkCvrs(sheets, entries['station-cvrs'], manifest, c.P6!);
  const cancelled = checkCancellations(entries.cancellation, ballots, manifest, c.P7!);
  checkCancellationSources(board, keys, c.P7!);
  checkPollBooks(board, keys, effective, c.P8!);
  const missing = [...effective].filter(([, x]) => !recomputed.has(hashOfSheet(x) ?? '')).map(([s]) => s);
  const cancelledBallots = (ballots.counted?.uncounted ?? []).filter((u) => u.reason === 'cancelled').length;
  const excluded = new Set(entries['station-exclusion'].map((x) => String(x.e.station)));
  const expected = stationsExpected(keys.stations.keys(), excluded, new Set(effective.keys())).length;
  const result = manifest ? finalResult(manifest, board.tally, effective, recomputed, expected) : undefined;
  for (let i = 0; i < (result?.byStation.length ?? 0); i++) c.P9!.item();
  const steps = [
    c.P1!.done(),
    c.P2!.done(),
    c.P3!.done(),
    c.P4!.done(),
    c.P5!.done(`${effective.size} station(s) with an effective sheet`),
    c.P6!.done(
      missing.length
        ? `not recomputed (no CVRs on the board): the effective sheet of ${missing.join(', ')}`
        : 'every effective sheet recomputed from its CVRs',
    ),
    c.P7!.done(`${cancelled.size} credential(s) cancelled, ${cancelledBallots} online ballot(s) not counted`),
    c.P8!.done(
      board.encryptedTallyIndex === undefined
        ? 'no encrypted tally yet: poll books not required to be closed'
        : undefined,
    ),
    result ? c.P9!.done(summary(result)) : c.P9!.skip('no manifest in the setup entry: nothing to add up'),
  ];
  return { steps, ...(result ? { finalResult: result } : {}) };
}

/** One line: stations reported of expected, and whether the online part is in. */
function summary(r: FinalResult): string {
  const online = r.onlineDecrypted ? 'online tally + ' : 'online tally not decrypted yet: ';
  return `${online}${r.stationsReported} of ${r.stationsExpected} station(s) reported`;
}
