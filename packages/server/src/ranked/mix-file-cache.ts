/**
 * The mix file of a ranked contest (`GET …/ranked/{contest}/mix`, spec/server-api.md §7.5),
 * written once per change of its chain to the server's spool folder and streamed to every reader
 * (§6.5, §10): the file holds every ballot entering the mix and every stage's outputs and proof —
 * hundreds of megabytes for a million ballots — so it is never held in memory, and building it
 * per request would let anyone make the server reread the whole chain at will. A contest's file
 * only changes when a stage is accepted.
 * @module
 */
import type { ServerContext } from '../context.js';
import { spooledAnswers, type AnswerSink, type SpooledAnswer } from '../limits/spooled-answers.js';
import { contestSetup } from './mix-session.js';
import { writeMixFile } from './mix-file-stream.js';
import { readRankedState } from './ranked-state.js';

/** Opens the mix file of (election, contest), written again only when its chain changed. */
export type MixFiles = (electionId: string, contestId: string) => Promise<SpooledAnswer>;

/**
 * A spool of mix files in `dir`.
 * @param keep - most files kept
 * @param write - writes a file (tests count the builds)
 */
export function mixFileSpool(
  ctx: ServerContext,
  dir: string,
  keep = 4,
  write: typeof writeMixFile = writeMixFile,
): MixFiles {
  const spool = spooledAnswers(dir, keep);
  return async (electionId, contestId) => {
    let state = await readRankedState(ctx, electionId);
    let mix = state?.contests[contestId];
    if (!state || !mix) {
      // before the tally or an unknown contest: a coded 409 or 404 (else tallied meanwhile)
      await contestSetup(ctx, electionId, contestId);
      state = (await readRankedState(ctx, electionId))!;
      mix = state.contests[contestId]!;
    }
    const build = (out: AnswerSink) => write(ctx, electionId, contestId, out);
    const stamp = `${state.required}|${mix.inputsIndex}|${mix.stages.map((s) => s.logIndex).join(',')}`;
    return spool.open(`${electionId}\n${contestId}`, stamp, build);
  };
}
