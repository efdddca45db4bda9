/**
 * Are a sheet's CVRs the ones it committed to (spec/stations.md §9, check 11)? Their form, the
 * sheet's contests in order, one record per counted ballot in every contest, canonical order
 * (labels in option order, choices sorted: the order reveals nothing of the counting), the
 * commitment `cvrCommitment`, and the totals recomputed from them equal to the sheet's.
 * @module
 */
import type { Manifest } from '@evident/e2e-crypto';
import {
  canonicalCvrs,
  contestsFromCvrs,
  cvrCommitment,
  type SheetProblem,
  type StationCvrs,
  type TallySheet,
  sheetBallots,
} from '@evident/record';
import { canonicalJsonString } from '@evident/e2e-crypto';

const isObj = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

/** The form of `cvrs`: `{contests: [{contest, choices: string[][]}]}`. */
function checkForm(cvrs: unknown): SheetProblem | undefined {
  if (!isObj(cvrs) || Object.keys(cvrs).length !== 1 || !Array.isArray(cvrs.contests))
    return { field: 'cvrs', message: 'expected {contests: [{contest, choices}]}' };
  for (const [i, c] of cvrs.contests.entries()) {
    const at = `cvrs.contests[${i}]`;
    if (
      !isObj(c) ||
      Object.keys(c).length !== 2 ||
      typeof c.contest !== 'string' ||
      !Array.isArray(c.choices)
    )
      return { field: at, message: 'expected {contest, choices}' };
    const j = c.choices.findIndex(
      (ch) =>
        !Array.isArray(ch) || ch.length > 1024 || !ch.every((l) => typeof l === 'string' && l.length <= 256),
    );
    if (j >= 0) return { field: `${at}.choices[${j}]`, message: 'expected an array of option labels' };
  }
  return undefined;
}

/** Check 11: `cvrs` are the records `sheet` commits to. */
export function checkCvrs(manifest: Manifest, sheet: TallySheet, cvrs: unknown): SheetProblem | undefined {
  const form = checkForm(cvrs);
  if (form) return form;
  const given = cvrs as StationCvrs;
  const ballots = sheetBallots(sheet);
  if (
    given.contests.length !== sheet.contests.length ||
    given.contests.some((c, i) => c.contest !== sheet.contests[i]!.contest)
  )
    return { field: 'cvrs.contests', message: "expected the sheet's contests in the sheet's order" };
  for (const [i, c] of given.contests.entries())
    if (c.choices.length !== ballots)
      return {
        field: `cvrs.contests[${i}].choices`,
        message: `expected one record per ballot counted (${ballots})`,
      };
  const canonical = canonicalCvrs(manifest, given);
  for (const [i, c] of given.contests.entries())
    if (canonicalJsonString(c.choices) !== canonicalJsonString(canonical.contests[i]!.choices))
      return {
        field: `cvrs.contests[${i}].choices`,
        message: 'not in canonical order (labels in option order, choices sorted)',
      };
  if (cvrCommitment(given) !== sheet.cvrCommitment)
    return { field: 'cvrs', message: "the records' commitment is not the sheet's cvrCommitment" };
  const totals = contestsFromCvrs(manifest, given);
  for (const [i, t] of totals.entries())
    if (canonicalJsonString(t) !== canonicalJsonString(sheet.contests[i]))
      return { field: `cvrs.contests[${i}]`, message: "the totals of these records are not the sheet's" };
  return undefined;
}
