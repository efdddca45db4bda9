/**
 * The ranked contests of a record export (spec/server-api.md §7.4, spec/mixnet.md §8): gathered
 * from the board during the export's one pass over the log — the counted ballots' rows (named by
 * the `mix-inputs` entries), the `mix-stage` (version 2: its stage's files copied from the
 * store, spec/mixnet.md §8.6), `ranked-decryption` (version 2: `decryptions.json` copied from
 * the store, §8.9) and `ranked-count` entries —
 * and written as `RECORD/ranked/<contest-id>/{inputs, decryptions, count}.json` and the streamed
 * chain folder `mix-chain/` (spec/mixnet.md §8.2) by the
 * record's one writer (@evident/record `writeRankedFiles`), the layout `evident-verify` checks
 * (steps B, C, D, K). Files whose data is not on the board yet
 * (an export before the results) are left out.
 * @module
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { CountResult, Manifest, RankedBallotJson } from '@evident/e2e-crypto';
import {
  type ChainStageJson,
  DECRYPTIONS_FILE,
  type DecryptionsJson,
  isDigestDecryptionEntry,
  MIX_CHAIN_DIR,
  RANKED_DIR,
  stageDirName,
  upperHex,
  writeRankedFiles,
} from '@evident/record';
import { rankedContestsOf } from '../ranked/mix-inputs.js';
import { copyStage, copyStageFile, type StoredStageEntry } from '../ranked/stage-file-store.js';
import type { Store } from '../store/store.js';
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
  write(dir: string, group: string): Promise<string[]>;
}

/** A `mix-stage` entry as the collector keeps it: chain.json's members and where its files are. */
interface CollectedStage {
  readonly meta: ChainStageJson;
  readonly logIndex: number;
  readonly entry: StoredStageEntry;
}

/**
 * A collector for `manifest` (does nothing when it has no ranked contests); the stages' files
 * are copied from `store` (spec/mixnet.md §8.6), a chunk at a time.
 */
export function rankedCollector(manifest: Manifest, store: Store, electionId: string): RankedCollector {
  const contests = rankedContestsOf(manifest);
  const rows = new Map<number, { code: string; ranked: readonly RankedBallotJson[] }>();
  const inputs = new Map<string, number[]>();
  const stages = new Map<string, CollectedStage[]>();
  // a version-1 entry's rows and plaintexts, or the log index of a version-2 entry (its file in the store)
  const decryptions = new Map<string, Pick<DecryptionsJson, 'rows' | 'plaintexts'> | number>();
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
        const signature = e.signature as string | undefined;
        list.push({
          meta: { mixer: g.id, guardian: g.x, ...(signature !== undefined ? { signature } : {}) },
          logIndex: index,
          entry: e as unknown as StoredStageEntry,
        });
      } else if (type === 'ranked-decryption') {
        if (isDigestDecryptionEntry(e)) decryptions.set(e.contestId, index);
        else {
          const { rows, plaintexts } = e as unknown as DecryptionsJson;
          decryptions.set(e.contestId, { rows, plaintexts });
        }
      } else counts.set(e.contestId, e.result as CountResult);
    },
    async write(dir, group) {
      const written: string[] = [];
      for (const [position, contest] of contests.entries()) {
        const ids = inputs.get(contest.id);
        if (!ids || ids.length === 0) continue; // not tallied yet, or nobody voted: nothing was mixed
        const chain = stages.get(contest.id) ?? [];
        for (const [j, st] of chain.entries()) {
          const folder = join(dir, RANKED_DIR, contest.id, MIX_CHAIN_DIR, stageDirName(j));
          mkdirSync(folder, { recursive: true });
          await copyStage(store, electionId, st.logIndex, st.entry, folder);
        }
        const d = decryptions.get(contest.id);
        const result = counts.get(contest.id);
        const folder = writeRankedFiles(dir, {
          group,
          contest,
          ballots: ids.map((i) => {
            const b = rows.get(i);
            const row = b?.ranked[position];
            if (!b || !row) throw new Error(`board entry ${i}: no ranked row for "${contest.id}"`);
            return { id: b.code, ...upperHex(row) };
          }),
          stages: [],
          chainStages: chain.map((st) => st.meta),
          ...(typeof d === 'object' ? { decryptions: d } : {}),
          ...(result ? { result } : {}),
        });
        // version 2: the file the entry names by digest, byte for byte as the publication wrote it
        if (typeof d === 'number')
          await copyStageFile(store, electionId, d, DECRYPTIONS_FILE, join(folder, DECRYPTIONS_FILE));
        written.push(contest.id);
      }
      return written;
    },
  };
}
