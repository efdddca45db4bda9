/**
 * The ranked contests of a record export (spec/server-api.md §7.4, spec/mixnet.md §8): gathered
 * from the board during the export's one pass over the log — the counted ballots' rows (named by
 * the `mix-inputs` entries), the `mix-stage`, `ranked-decryption` and `ranked-count` entries —
 * and written as `RECORD/ranked/<contest-id>/{inputs, decryptions, count}.json` and the streamed
 * chain folder `mix-chain/` (spec/mixnet.md §8.2) by the
 * record's one writer (@evident/record `writeRankedFiles`), the layout `evident-verify` checks
 * (steps B, C, D, K). Files whose data is not on the board yet
 * (an export before the results) are left out.
 * @module
 */
import type { CountResult, Manifest, RankedBallotJson } from '@evident/e2e-crypto';
import { type DecryptionsJson, type MixStageJson, upperHex, writeRankedFiles } from '@evident/record';
import { rankedContestsOf } from '../ranked/mix-inputs.js';
import type { BallotSubmission } from '../verify/ballot-check.js';

/** Collects the ranked data of one election while the export reads its log. */
export interface RankedCollector {
  /** Looks at one log entry (its type, index and exact text). */
  entry(type: string, index: number, text: string): void;
  /**
   * Writes the folders under `dir`.
   * @param group - the profile name (`inputs.json` `group`)
   * @returns the contest ids written
   */
  write(dir: string, group: string): string[];
}

/** A collector for `manifest` (does nothing when it has no ranked contests). */
export function rankedCollector(manifest: Manifest): RankedCollector {
  const contests = rankedContestsOf(manifest);
  const rows = new Map<number, { code: string; ranked: readonly RankedBallotJson[] }>();
  const inputs = new Map<string, number[]>();
  const stages = new Map<string, MixStageJson[]>();
  const decryptions = new Map<string, Pick<DecryptionsJson, 'rows' | 'plaintexts'>>();
  const counts = new Map<string, CountResult>();
  return {
    entry(type, index, text) {
      if (contests.length === 0) return;
      if (type === 'ballot') {
        const sub = (JSON.parse(text) as { submission: BallotSubmission }).submission;
        if (sub.ballot.ranked)
          rows.set(index, { code: sub.ballot.code.toUpperCase(), ranked: sub.ballot.ranked });
        return;
      }
      if (!['mix-inputs', 'mix-stage', 'ranked-decryption', 'ranked-count'].includes(type)) return;
      const e = JSON.parse(text) as Record<string, unknown> & { contestId: string };
      if (type === 'mix-inputs') inputs.set(e.contestId, e.ballots as number[]);
      else if (type === 'mix-stage') {
        let list = stages.get(e.contestId);
        if (!list) stages.set(e.contestId, (list = []));
        const g = e.guardian as { id: string; x: number };
        const { outputs, proof, signature } = e as unknown as MixStageJson;
        list.push({ mixer: g.id, guardian: g.x, outputs, proof, signature });
      } else if (type === 'ranked-decryption') {
        const { rows, plaintexts } = e as unknown as DecryptionsJson;
        decryptions.set(e.contestId, { rows, plaintexts });
      } else counts.set(e.contestId, e.result as CountResult);
    },
    write(dir, group) {
      const written: string[] = [];
      contests.forEach((contest, position) => {
        const ids = inputs.get(contest.id);
        if (!ids || ids.length === 0) return; // not tallied yet, or nobody voted: nothing was mixed
        const d = decryptions.get(contest.id);
        const result = counts.get(contest.id);
        writeRankedFiles(dir, {
          group,
          contest,
          ballots: ids.map((i) => {
            const b = rows.get(i);
            const row = b?.ranked[position];
            if (!b || !row) throw new Error(`board entry ${i}: no ranked row for "${contest.id}"`);
            return { id: b.code, ...upperHex(row) };
          }),
          stages: stages.get(contest.id) ?? [],
          ...(d ? { decryptions: d } : {}),
          ...(result ? { result } : {}),
        });
        written.push(contest.id);
      });
      return written;
    },
  };
}
