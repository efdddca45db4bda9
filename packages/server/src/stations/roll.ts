/**
 * The voter roll (spec/server-api.md §11.3): voters by polling station, imported by the
 * administrator before `open`, kept private (never on the board, never exported). Each station's
 * provisioning bundle carries its slice. A voter may be listed on several stations' slices (a
 * roll error, or a voter allowed at more than one station): checking in at two of them is what
 * the officials' duplicates list shows. Importing is additive; the same voter and station again
 * replaces the name. A voter's online credential is found through the private roll mapping of
 * the credentials issued with `{voters}` (spec/credentials.md §1.2), by the same voter id.
 * @module
 */
import type { Manifest } from '@evident/e2e-crypto';
import type { ServerContext } from '../context.js';
import { loadElection } from '../elections/election-actions.js';
import { ApiError } from '../errors.js';
import { BEFORE_OPEN } from './station-state.js';

/** One voter of `POST /elections/{id}/roll`. */
export interface RollVoter {
  readonly voterId: string;
  readonly station: string;
  readonly name: string;
}

/**
 * Imports roll entries.
 * @returns the number of entries of the roll after the import
 * @throws {ApiError} 400 EVD_ERR_VALIDATION naming `voters[i].station` (not in the manifest) or a
 *   voter listed twice for one station; 409 EVD_ERR_WRONG_PHASE once open; nothing written
 */
export async function importRoll(
  ctx: ServerContext,
  id: string,
  voters: readonly RollVoter[],
): Promise<{ imported: number; total: number }> {
  const e = await loadElection(ctx, id);
  const stations = new Set((JSON.parse(e.manifest) as Manifest).pollingStations.map((s) => s.label));
  const seen = new Set<string>();
  voters.forEach((v, i) => {
    if (!stations.has(v.station))
      throw new ApiError(
        'EVD_ERR_VALIDATION',
        `no polling station "${v.station.slice(0, 128)}" in the manifest`,
        `voters[${i}].station`,
      );
    const key = JSON.stringify([v.voterId, v.station]);
    if (seen.has(key))
      throw new ApiError('EVD_ERR_VALIDATION', 'a voter is listed twice for one station', `voters[${i}]`);
    seen.add(key);
  });
  await ctx.writer.submit(async (tx) => {
    const cur = await loadElection(ctx, id);
    if (!BEFORE_OPEN.includes(cur.state) || tx.get(`opened:${id}`) === true)
      throw new ApiError(
        'EVD_ERR_WRONG_PHASE',
        `the roll is imported before opening; the election is ${cur.state}`,
      );
    for (const v of voters)
      tx.mutate({
        kind: 'roll-voter',
        row: { electionId: id, voterId: v.voterId, station: v.station, name: v.name },
      });
  });
  return { imported: voters.length, total: await ctx.store.rollSize(id) };
}
