/**
 * The end of a ranked contest on the server (spec/server-api.md §7.5, spec/mixnet.md §6.2, §8.3,
 * spec/ranked-choice.md §3–4): the decryption's challenge waits until every contest is mixed; at
 * the publication the last stage's outputs of each contest are read for the count
 * (./ranked-count.ts, run in the worker pool), and the `ranked-count` entries are recorded for
 * the results.
 * @module
 */
import { type CountResult, type Group, type Manifest, groupByName, rankedLayout } from '@evident/e2e-crypto';
import type { Tx } from '../board/writer.js';
import type { ServerContext } from '../context.js';
import { ApiError } from '../errors.js';
import type { ElectionRow } from '../store/store.js';
import { boardEntry } from '../board/board-entry.js';
import { rankedContestsOf } from './mix-inputs.js';
import type { RankedMixed } from './ranked-count.js';
import { mixComplete, readRankedState, saveRankedState, stagedRankedState } from './ranked-state.js';

/**
 * Refuses to close round 1 of the decryption while a ranked contest is still being mixed (its
 * rows are not yet in a request).
 * @throws {ApiError} EVD_ERR_WRONG_PHASE naming the contests waiting for stages
 */
export async function assertMixComplete(ctx: ServerContext, id: string): Promise<void> {
  const s = await readRankedState(ctx, id);
  if (!s || mixComplete(s)) return;
  const waiting = Object.entries(s.contests)
    .filter(([, c]) => c.rows > 0 && c.stages.length < s.required)
    .map(([c, m]) => `${c} (${m.stages.length} of ${s.required} stages)`);
  throw new ApiError(
    'EVD_ERR_WRONG_PHASE',
    `the ranked contests are still being mixed: ${waiting.join(', ')}`,
  );
}

/**
 * What the publication reads of every ranked contest's mix (../tally/publish-task.ts counts
 * them): per contest of the manifest, its rows and width — the outputs are the `ranked`
 * request's items, not read again.
 * @throws {ApiError} EVD_ERR_INTERNAL when the election has ranked contests but no ranked state
 */
export async function rankedMixes(ctx: ServerContext, e: ElectionRow): Promise<RankedMixed[]> {
  const contests = rankedContestsOf(JSON.parse(e.manifest) as Manifest);
  if (contests.length === 0) return [];
  const state = await readRankedState(ctx, e.id);
  if (!state) throw new ApiError('EVD_ERR_INTERNAL', 'no ranked state');
  const G = groupByName(e.profile) as Group<unknown>;
  return contests.map((c) => ({
    contestId: c.id,
    rows: state.contests[c.id]!.rows,
    w: rankedLayout(G, c).width,
  }));
}

/** Records the log indices of the `ranked-count` entries (for the results). */
export async function saveRankedCounts(
  ctx: ServerContext,
  tx: Tx,
  id: string,
  counts: number[],
): Promise<void> {
  if (counts.length === 0) return;
  const s = await stagedRankedState(ctx, tx, id);
  if (s) saveRankedState(tx, id, { ...s, counts });
}

/** The published counts, once the results are out: per contest, its id and CountResult. */
export async function publishedRankedCounts(
  ctx: ServerContext,
  id: string,
): Promise<{ contestId: string; result: CountResult }[] | undefined> {
  const s = await readRankedState(ctx, id);
  if (!s?.counts) return undefined;
  const out: { contestId: string; result: CountResult }[] = [];
  for (const i of s.counts) {
    const e = (await boardEntry(ctx, id, i)) as { contestId: string; result: CountResult };
    out.push({ contestId: e.contestId, result: e.result });
  }
  return out;
}
