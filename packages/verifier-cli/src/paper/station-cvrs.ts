/**
 * P6 (spec/verification.md) — each `station-cvrs` entry belongs to a sheet on the board before
 * it (its `sheetHash`, `station` and `sequence` are that sheet's), once; its records are in
 * canonical order (per contest, the choices sorted, labels in option order: spec/stations.md §7,
 * §12 — no order left for a server to encode anything in), the sheet's `cvrCommitment` is their
 * hash, each contest has one record per counted ballot, and the totals recomputed from them
 * (`contestsFromCvrs`) are the sheet's, contest by contest.
 *
 * A sheet whose CVRs are not on the board is not a failure: a sheet delivered only as photographed
 * QR codes carries its totals and its commitment, not the records, which stay on the station's
 * machine. Its totals still stand on the station's signature (P2) and their consistency (P3);
 * the step's note names the stations whose effective sheet was not recomputed, and so does P9.
 * @module
 */
import { type Manifest, canonicalJsonString } from '@evident/e2e-crypto';
import { type StationCvrs, canonicalCvrs, contestsFromCvrs, cvrCommitment } from '@evident/record';
import type { Collector } from '../log/log-summary.js';
import type { BoardEntry } from './paper-board.js';
import { isObject, sameHex } from './paper-fields.js';
import { ballotsOf } from './sheet-form.js';
import { hashOfSheet } from './sheet-chains.js';
import { signedSheetOf } from './sheet-signatures.js';

/** The records of a `station-cvrs` entry, when they have the shape of records. */
function cvrsOf(x: BoardEntry): StationCvrs | undefined {
  const c = x.e.cvrs;
  if (!isObject(c) || !Array.isArray(c.contests)) return undefined;
  const ok = c.contests.every(
    (k: unknown) =>
      isObject(k) &&
      typeof k.contest === 'string' &&
      Array.isArray(k.choices) &&
      k.choices.every((ch: unknown) => Array.isArray(ch) && ch.every((l) => typeof l === 'string')),
  );
  return ok && Object.keys(c).length === 1 ? (c as unknown as StationCvrs) : undefined;
}

/** Equal as JSON values (key order aside: the board's entries are canonical, with sorted keys). */
function same(a: unknown, b: unknown): boolean {
  try {
    return canonicalJsonString(a) === canonicalJsonString(b);
  } catch {
    return false;
  }
}

/**
 * P6.
 * @returns the hashes (upper case) of the sheets whose records are on the board and match
 */
export function checkCvrs(
  sheets: readonly BoardEntry[],
  cvrEntries: readonly BoardEntry[],
  manifest: Manifest | undefined,
  p6: Collector,
): Set<string> {
  const sheetByHash = new Map<string, BoardEntry>();
  for (const x of sheets) {
    const h = hashOfSheet(x);
    if (h !== undefined && !sheetByHash.has(h)) sheetByHash.set(h, x);
  }
  const matched = new Set<string>();
  const withRecords = new Map<string, string>();
  for (const x of cvrEntries) {
    p6.item();
    let bad = 0;
    const fail = (field: string, message: string) => {
      bad++;
      p6.fail('P6', `${x.at} ${field}`, message);
    };
    const hash = typeof x.e.sheetHash === 'string' ? x.e.sheetHash.toUpperCase() : '';
    const sx = sheetByHash.get(hash);
    if (!sx || sx.index > x.index) {
      fail('sheetHash', 'names no sheet on the board before it');
      continue;
    }
    const earlier = withRecords.get(hash);
    if (earlier !== undefined) {
      fail('sheetHash', `a second set of records for the sheet (the first is ${earlier})`);
      continue;
    }
    withRecords.set(hash, x.at);
    const sheet = signedSheetOf(sx)!.sheet;
    if (x.e.station !== sheet.station) fail('station', `is not the sheet's station`);
    if (x.e.sequence !== sheet.sequence) fail('sequence', `is not the sheet's sequence`);
    const cvrs = cvrsOf(x);
    if (!cvrs || !manifest) {
      fail('cvrs', 'not {contests: [{contest, choices: [[label…]…]}…]}');
      continue;
    }
    let canonical: StationCvrs | undefined;
    try {
      canonical = canonicalCvrs(manifest, cvrs);
    } catch {
      canonical = undefined;
    }
    if (!same(canonical, cvrs))
      fail('cvrs', 'not in canonical order (choices sorted, labels in option order)');
    if (!sameHex(sheet.cvrCommitment, cvrCommitment(cvrs)))
      fail('cvrs', "their hash is not the sheet's cvrCommitment");
    compareTotals(cvrs, sheet as never, manifest, fail);
    if (bad === 0) matched.add(hash);
  }
  return matched;
}

/** The sheet's totals recomputed from the records, and one record per counted ballot. */
function compareTotals(
  cvrs: StationCvrs,
  sheet: Record<string, unknown>,
  manifest: Manifest,
  fail: (field: string, message: string) => void,
): void {
  const ballots = ballotsOf(sheet);
  const contests = Array.isArray(sheet.contests) ? (sheet.contests as unknown[]) : [];
  if (
    !same(
      cvrs.contests.map((c) => c.contest),
      contests.map((c) => (isObject(c) ? c.contest : undefined)),
    )
  )
    return fail('cvrs.contests', "not the sheet's contests, in its order");
  let totals: ReturnType<typeof contestsFromCvrs>;
  try {
    totals = contestsFromCvrs(manifest, cvrs);
  } catch (e) {
    return fail('cvrs.contests', (e as Error).message);
  }
  totals.forEach((t, i) => {
    if (ballots !== undefined && cvrs.contests[i]!.choices.length !== ballots)
      fail(
        `cvrs.contests[${i}].choices`,
        `${cvrs.contests[i]!.choices.length} records for ${ballots} ballots counted`,
      );
    if (!same(t, contests[i]))
      fail(
        `cvrs.contests[${i}]`,
        `the records give ${JSON.stringify(t)}, the sheet ${JSON.stringify(contests[i])}`,
      );
  });
}
