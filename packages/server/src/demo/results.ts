/**
 * The demo's results (`../demo.ts`, step 4, end): the decrypted counts of each contest beside
 * what the simulated voters' last cast ballots add up to, the turnout, and each ranked contest's
 * published round-by-round table (spec/ranked-choice.md §4) compared with the count of the
 * voters' own rankings.
 * @module
 */
import { writeFileSync } from 'node:fs';
import {
  canonicalJsonString,
  countRankedContest,
  type CountResult,
  type RankedContest,
} from '@evident/e2e-crypto';
import type { VotingOutcome } from './voters.js';

/** Prints a ranked contest's round-by-round table (spec/ranked-choice.md §4). */
/** A published decimal for the table: 57.000000 → 57, 12.500000 → 12.5 (the record keeps the exact text). */
const short = (v: string): string => (/^\d+\.\d+$/.test(v) ? v.replace(/\.?0+$/, '') : v);

function printCount(c: RankedContest, r: CountResult, matches: boolean): void {
  const method = r.method === 'stv' ? `STV, ${r.seats} seats, quota ${r.quota}` : 'instant-runoff';
  console.log(
    `\n  ${c.id} (${method}; ${r.validBallots} ballots with a preference) — elected: ${r.elected.join(', ')} ` +
      `[${matches ? 'equals' : 'DIFFERS FROM'} the count of the voters’ rankings]`,
  );
  const names = c.candidates;
  const w = Math.max(...names.map((n) => n.length), 9);
  console.log(
    `    ${'round'.padEnd(6)}${names.map((n) => n.padStart(w + 2)).join('')}${'exhausted'.padStart(w + 2)}  action`,
  );
  for (const round of r.rounds) {
    const cells = names.map((n) => short(round.tallies[n] ?? '–').padStart(w + 2)).join('');
    const what = `${round.action} ${round.candidates.join(', ')}${round.transferValue ? ` (tv ${round.transferValue})` : ''}`;
    console.log(
      `    ${String(round.round).padEnd(6)}${cells}${short(String(round.exhausted)).padStart(w + 2)}  ${what}`,
    );
  }
}

/**
 * Prints the published results beside the expected ones.
 * @param results - the body of `GET /elections/{id}/results`
 * @param f - a file of the trustees' folder (a ranked count that differs is written there)
 * @param browserVoter - a ballot from the voter page is in the results and not in `outcome`
 * @returns whether every count equals the expected one
 */
export function printResults(
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  results: any,
  ranked: readonly RankedContest[],
  outcome: VotingOutcome,
  f: (name: string) => string,
  browserVoter: boolean,
): boolean {
  const { expected, lastRankings } = outcome;
  console.log(
    '\nResults (decrypted by the guardians; expected from the voters’ last cast ballots in brackets):',
  );
  if (browserVoter)
    console.log('  (a ballot cast from the voter page is in the decrypted counts, not in the brackets)');
  let match = true;
  for (const c of results.results.contests as {
    label: string;
    selections: { label: string; value: number }[];
  }[]) {
    console.log(
      `  ${c.label}: ` +
        c.selections
          .map((s) => `${s.label.replace(`${c.label}-`, '')} ${s.value} [${expected[c.label]![s.label]}]`)
          .join(', '),
    );
    for (const s of c.selections) match &&= s.value === expected[c.label]![s.label];
  }
  console.log(
    `  turnout: ${results.turnout.counted} counted of ${results.turnout.credentials} credentials; ${results.turnout.superseded} superseded, ${results.turnout.challenged} challenged`,
  );
  // ranked contests: the published round-by-round tables, and the count of the voters' own rankings
  for (const c of ranked) {
    const published = (results.results.ranked as { contestId: string; result: CountResult }[]).find(
      (r) => r.contestId === c.id,
    )!.result;
    const rows = [...lastRankings.values()].map((r) =>
      Array.from({ length: c.ranks }, (_, i) => r[c.id]![i] ?? 0),
    );
    const mine = countRankedContest(c, rows);
    const same = canonicalJsonString(mine) === canonicalJsonString(published); // the board sorts keys
    if (!same) writeFileSync(f(`${c.id}.count-mismatch.json`), JSON.stringify({ mine, published }, null, 1));
    match &&= same;
    printCount(c, published, same);
  }
  return match;
}
