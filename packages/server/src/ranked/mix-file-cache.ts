/**
 * The mix file of a ranked contest (`GET …/ranked/{contest}/mix`, spec/server-api.md §7.5),
 * serialised once per change of its chain and served to every reader (§6.5, §10): the file holds
 * every ballot entering the mix and every stage's outputs and proof, so building it per request
 * would let anyone make the server reread and re-encode the whole chain at will. A contest's
 * file only changes when a stage is accepted.
 * @module
 */
import type { ServerContext } from '../context.js';
import { answerCache } from '../limits/answer-cache.js';
import { mixFile } from './mix-session.js';
import { readRankedState } from './ranked-state.js';

/** Returns the mix file's JSON text for (election, contest), from the cache when its chain is unchanged. */
export type MixFileText = (electionId: string, contestId: string) => Promise<string>;

/**
 * A cache of mix files.
 * @param keep - most files kept
 * @param build - builds a file (tests count the builds)
 */
export function mixFileCache(ctx: ServerContext, keep = 4, build: typeof mixFile = mixFile): MixFileText {
  const cache = answerCache(keep);
  return async (electionId, contestId) => {
    const state = await readRankedState(ctx, electionId);
    const mix = state?.contests[contestId];
    // before the tally or an unknown contest: the builder says which (a coded 409 or 404)
    if (!state || !mix) return JSON.stringify(await build(ctx, electionId, contestId));
    const stamp = `${state.required}|${mix.inputsIndex}|${mix.stages.map((s) => s.logIndex).join(',')}`;
    return cache.text(`${electionId}\n${contestId}`, stamp, () => build(ctx, electionId, contestId));
  };
}
