/**
 * The station's record of counted choices: per contest, how many ballots made each choice
 * (spec/stations.md §7). The expansion of this multiset, sorted, is exactly the published CVRs.
 * @module
 */
import type Database from 'better-sqlite3';
import { type Manifest, canonicalJsonString } from '@evident/e2e-crypto';
import { type StationCvrs, canonicalCvrs } from '@evident/record';

/** Adds one ballot's choices (contest, selected labels) — one row per contest, none per ballot. */
export function addChoices(
  db: Database.Database,
  choices: readonly (readonly [string, readonly string[]])[],
): void {
  const up = db.prepare(
    `INSERT INTO count_choices (contest, choice, n) VALUES (?, ?, 1)
     ON CONFLICT (contest, choice) DO UPDATE SET n = n + 1`,
  );
  for (const [contest, selected] of choices) up.run(contest, canonicalJsonString([...selected]));
}

/** The station's CVRs for `contests` (the sheet's, in order), canonical (sorted). */
export function stationCvrs(
  db: Database.Database,
  manifest: Manifest,
  contests: readonly string[],
): StationCvrs {
  const q = db.prepare('SELECT choice, n FROM count_choices WHERE contest = ?');
  const cvrs = {
    contests: contests.map((contest) => {
      const choices: string[][] = [];
      for (const r of q.all(contest) as { choice: string; n: number }[])
        for (let i = 0; i < r.n; i++) choices.push(JSON.parse(r.choice) as string[]);
      return { contest, choices };
    }),
  };
  return canonicalCvrs(manifest, cvrs);
}
