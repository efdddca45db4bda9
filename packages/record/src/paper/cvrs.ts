/**
 * A station's cast-vote records (spec/stations.md §7): per contest, the choices of every counted
 * ballot, published per contest and sorted, so that nothing links one ballot's choices across
 * contests (a pattern vote could otherwise mark a ballot). The sheet commits to them; anyone
 * recomputes the sheet's totals from them.
 * @module
 */
import { type Manifest, paperDigest, toHex } from '@evident/e2e-crypto';
import type { SheetContest } from './tally-sheet.js';

/** One contest's records: each ballot's selected option labels (manifest order). */
export interface ContestCvrs {
  readonly contest: string;
  /** sorted by {@link compareChoices}; [] is a blank, more labels than the limit an overvote */
  readonly choices: readonly (readonly string[])[];
}

/** The station's records for one sheet. */
export interface StationCvrs {
  /** the sheet's contests, in the same order */
  readonly contests: readonly ContestCvrs[];
}

/** The canonical order of choices: by their JSON text, compared by UTF-16 code units. */
export function compareChoices(a: readonly string[], b: readonly string[]): number {
  const x = JSON.stringify(a);
  const y = JSON.stringify(b);
  return x < y ? -1 : x > y ? 1 : 0;
}

/** Puts records in canonical form: labels in manifest option order, choices sorted. */
export function canonicalCvrs(manifest: Manifest, cvrs: StationCvrs): StationCvrs {
  return {
    contests: cvrs.contests.map((c) => {
      const options = manifest.contests.find((m) => m.label === c.contest)?.options ?? [];
      const rank = new Map(options.map((o, i) => [o.label, i] as const));
      const order = (l: string) => rank.get(l) ?? Number.MAX_SAFE_INTEGER;
      const choices = c.choices.map((ch) => [...ch].sort((a, b) => order(a) - order(b) || (a < b ? -1 : 1)));
      return { contest: c.contest, choices: choices.sort(compareChoices) };
    }),
  };
}

/** The commitment the sheet carries: SHA-256 of the canonical JSON of the records, upper-case hex. */
export function cvrCommitment(cvrs: StationCvrs): string {
  return toHex(paperDigest(cvrs));
}

/**
 * The sheet's contest totals recomputed from the records. A choice naming an option twice or
 * an unknown option is counted as an overvote (it cannot be a valid mark).
 * @throws {RangeError} naming the contest when it is not in the manifest
 */
export function contestsFromCvrs(manifest: Manifest, cvrs: StationCvrs): SheetContest[] {
  return cvrs.contests.map((c) => {
    const m = manifest.contests.find((x) => x.label === c.contest);
    if (!m) throw new RangeError(`unknown contest "${c.contest}"`);
    const index = new Map(m.options.map((o, i) => [o.label, i] as const));
    const counts = new Array<number>(m.options.length).fill(0);
    let blank = 0;
    let overvoted = 0;
    for (const ch of c.choices) {
      const valid = new Set(ch).size === ch.length && ch.every((l) => index.has(l));
      if (ch.length === 0) blank++;
      else if (!valid || ch.length > m.voteLimit) overvoted++;
      else for (const l of ch) counts[index.get(l)!]!++;
    }
    return { contest: c.contest, counts, blank, overvoted };
  });
}
