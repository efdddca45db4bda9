/**
 * The ranked rows of a ballot line (spec/record.md §5.6): in the ballot pass they are checked for
 * shape against the manifest's ranked contests (5.E), decoded (5.A), and their contest hashes
 * χ (eq 57 over the row, ind_c after the ordinary contests, spec/ranked-choice.md §2.6) join the
 * ordinary contests' hashes in the recomputed confirmation code (7.A/7.B). Their proofs are
 * checked where they are counted (step `B:<id>` on `inputs.json`, bound to these lines by L3.G).
 * @module
 */
import {
  finding,
  type Finding,
  rankedBallotFromJson,
  rankedContestHash,
  rankedContestIndex,
  rankedLayout,
  type RankedContest,
} from '@evident/e2e-crypto';
import type { BallotJson } from '@evident/record';
import type { EvidentContext } from './context.js';

/**
 * Checks the shape of `json.ranked` (5.E).
 * @returns undefined when it fits the manifest, else the finding (5.E) naming the field
 */
export function rankedShapeProblem<E>(ctx: EvidentContext<E>, json: BallotJson): Finding | undefined {
  const contests: readonly RankedContest[] = ctx.manifest.rankedContests ?? [];
  const ranked = json.ranked ?? [];
  if (!Array.isArray(ranked) || ranked.length !== contests.length)
    return finding(
      '5.E',
      'ranked',
      `expected one row per ranked contest of the manifest (${contests.length})`,
    );
  for (let i = 0; i < contests.length; i++) {
    const c = contests[i]!;
    const r = ranked[i]!;
    const lay = rankedLayout(ctx.G, c);
    if (r.contestId !== c.id) return finding('5.E', `ranked[${i}].contestId`, `expected "${c.id}"`);
    if (r.row.length !== lay.width)
      return finding('5.E', `ranked[${i}].row`, `expected ${lay.width} ciphertexts`);
    if (r.proofs.length !== lay.R)
      return finding('5.E', `ranked[${i}].proofs`, `expected ${lay.R} range proofs`);
    if ((r.writeInProofs?.length ?? 0) !== lay.W * lay.L)
      return finding('5.E', `ranked[${i}].writeInProofs`, `expected ${lay.W * lay.L} write-in proofs`);
  }
  return undefined;
}

/**
 * Decodes every ranked row (5.A: membership, scalar ranges) and computes their contest hashes.
 * @returns χ per ranked contest, in manifest order
 * @throws {InvalidDataError} naming the field (`ranked[i].row[k].beta`)
 */
export function rankedRowHashes<E>(ctx: EvidentContext<E>, json: BallotJson): Uint8Array[] {
  const n = ctx.manifest.contests.length;
  return (json.ranked ?? []).map((r, i) => {
    const b = rankedBallotFromJson(ctx.G, r, `ranked[${i}]`);
    return rankedContestHash(ctx.G, ctx.hE, rankedContestIndex(n, i), ctx.pk.K, b.row);
  });
}
